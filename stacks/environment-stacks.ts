import { App } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import type { EnvironmentEnvoy } from '../lib/envoy/envoy-proxy-bundle';
import { BootstrapStack } from './bootstrap-stack';
import { PlatformStack } from './platform-stack';

export type EnvironmentStacks = {
  readonly bootstrap: BootstrapStack;
  readonly platform: PlatformStack;
};

/** The layers of an environment, in deploy order: stack ids are `<environment>-<layer>`. */
export const STACK_LAYERS = ['bootstrap', 'platform'] as const satisfies readonly (keyof EnvironmentStacks)[];

/**
 * Stack ids are `<environment>-<layer>`; they name the state and the `cdktf deploy` target.
 * The synth pipeline (lib/synth/synthesize.ts) calls this with what it loaded and rendered;
 * main.ts passes it in, so lib/ never imports stacks/.
 */
export function addEnvironmentStacks(app: App, environment: ResolvedEnvironment, envoy: EnvironmentEnvoy): EnvironmentStacks {
  const { config } = environment;
  return {
    bootstrap: new BootstrapStack(app, `${config.name}-bootstrap`, environment),
    platform: new PlatformStack(app, `${config.name}-platform`, environment, envoy),
  };
}
