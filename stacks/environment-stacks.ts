import { App } from 'cdktf';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { BootstrapStack } from './bootstrap-stack';
import { PlatformStack } from './platform-stack';

export interface EnvironmentStacks {
  readonly bootstrap: BootstrapStack;
  readonly platform: PlatformStack;
}

/** Stack ids are `<environment>-<layer>`; they name the state and the `cdktf deploy` target. */
export function addEnvironmentStacks(app: App, config: EnvironmentConfig): EnvironmentStacks {
  return {
    bootstrap: new BootstrapStack(app, `${config.name}-bootstrap`, config),
    platform: new PlatformStack(app, `${config.name}-platform`, config),
  };
}
