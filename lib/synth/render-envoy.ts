import { type EnvoyConfigProblem } from '../envoy/envoy-config-error';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import { proxyTemplates, renderServiceProxy, type EnvoyRenderInputs } from '../envoy/render-service-proxy';
import { overrideProblems } from '../envoy/template-overrides';
import type { ResolvedEnvironment } from '../config/resolved-environment';
import { configError } from '../config/config-error';
import { envoyConfigError, isEnvoyConfigError } from '../envoy/envoy-config-error';

/**
 * The Envoy step of the pipeline, between loading the configuration and
 * building the stacks: checks each environment's template overrides against
 * the templates (at their `environments/<file>:line:col`), then renders and
 * validates every sidecar; a value Envoy refuses that an override wrote is
 * reported at that override's `environments/<file>:line:col` too. The stacks receive the result as plain values.
 * Problems of all environments and services are reported together.
 */
export function renderEnvoy(environments: readonly ResolvedEnvironment[], inputs: EnvoyRenderInputs): Record<string, Readonly<Record<string, EnvoyProxyBundle>>> {
  const configProblems = environments.flatMap(({ config }) =>
    overrideProblems(config.envoy.overrides, inputs.templates).map((problem) => config.problemAt(['envoy', ...problem.path], problem.message)),
  );
  if (configProblems.length > 0) throw configError(configProblems);
  const proxies: Record<string, Readonly<Record<string, EnvoyProxyBundle>>> = {};
  const problems: EnvoyConfigProblem[] = [];
  for (const environment of environments) {
    try {
      proxies[environment.config.name] = renderEnvironmentProxies(environment, inputs);
    } catch (error) {
      if (!isEnvoyConfigError(error)) throw error;
      // A value Envoy refuses that an override wrote is reported at the override's line:col in the environment file.
      const { config } = environment;
      problems.push(...error.problems.map((problem) => (problem.override ? { ...problem, origin: overrideOrigin(config, problem.override) } : problem)));
    }
  }
  if (problems.length > 0) throw envoyConfigError(problems);
  return proxies;
}

/** The sidecars of every service of an environment that needs one, by service name; problems of all services are reported together. */
export function renderEnvironmentProxies({ config, egress, envoyTlsSecretName }: ResolvedEnvironment, inputs: EnvoyRenderInputs): Readonly<Record<string, EnvoyProxyBundle>> {
  const bundles: Record<string, EnvoyProxyBundle> = {};
  const problems: EnvoyConfigProblem[] = [];
  for (const [serviceName, service] of Object.entries(config.services)) {
    if (proxyTemplates(service, config.envoy).length === 0) continue;
    try {
      bundles[serviceName] = renderServiceProxy(
        { environment: config.name, project: config.project, envoy: config.envoy, serviceName, service, egress: egress[serviceName], tlsSecretName: envoyTlsSecretName },
        inputs,
      );
    } catch (error) {
      if (!isEnvoyConfigError(error)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw envoyConfigError(problems);
  return bundles;
}

/** Where the environment file writes an override (`['overrides', '<template>', '<key>']` under `envoy`). */
function overrideOrigin(config: ResolvedEnvironment['config'], override: readonly (string | number)[]): EnvoyConfigProblem['origin'] {
  const { file, line, column, keyPath } = config.problemAt(['envoy', ...override], '');
  return { file, line, column, keyPath };
}
