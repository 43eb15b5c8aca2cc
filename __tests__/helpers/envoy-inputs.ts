import { App } from 'cdktf';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { resolveEnvironment } from '../../lib/config/resolved-environment';
import type { EnvoyProxyBundle } from '../../lib/envoy/envoy-proxy-bundle';
import { readEnvoyInputs } from '../../lib/envoy/template-files';
import { renderEnvoy } from '../../lib/synth/render-envoy';
import { addEnvironmentStacks, type EnvironmentStacks } from '../../stacks/environment-stacks';

/** The templates and Envoy's API, read once per test file, as the pipeline reads them once per synth. */
export const ENVOY_INPUTS = readEnvoyInputs();

/** The pipeline's Envoy step for one environment: its sidecars by service name (throws a UserError like synth). */
export function renderProxies(config: EnvironmentConfig): Readonly<Record<string, EnvoyProxyBundle>> {
  return renderEnvoy([resolveEnvironment(config)], ENVOY_INPUTS)[config.name];
}

/** The environment's stacks built from plain values, as the pipeline builds them (without writing the review bundle). */
export function environmentStacks(app: App, config: EnvironmentConfig): EnvironmentStacks {
  return addEnvironmentStacks(app, resolveEnvironment(config), { proxies: renderProxies(config) });
}
