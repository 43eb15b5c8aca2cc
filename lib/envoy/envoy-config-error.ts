import type { ConfigPath } from './api/config-path';
import { isUserError, UserError, type UserProblem } from '../util/user-error';

/** One problem in a rendered (or checked) Envoy config. */
export interface EnvoyConfigProblem {
  /** Environment whose config it is; absent for files checked on their own. */
  readonly environment?: string;
  /** Service whose sidecar config it is. */
  readonly service?: string;
  /** File the offending value comes from: a template in envoy/templates, or the checked file. */
  readonly source: string;
  /** Where in the config: `static_resources.listeners[0].filter_chains[0]…` (empty for the whole file). */
  readonly path: string;
  readonly message: string;
  /**
   * The environment's override that wrote the refused value, as a path under its `envoy` section
   * (`['overrides', '<template>', '<key>']`), when one did (render-service-proxy.ts traces it).
   */
  readonly override?: ConfigPath;
  /** Where the environment file writes that override; the pipeline's Envoy step adds it (lib/synth/render-envoy.ts). */
  readonly origin?: { readonly file: string; readonly line: number; readonly column: number; readonly keyPath: string };
}

/** Where an Envoy problem is: the environment file's override, the environment and service, the template or file, the path in the config. */
function envoyProblemWhere(problem: EnvoyConfigProblem): string | undefined {
  const owner = [problem.environment, problem.service && `service ${problem.service}`].filter(Boolean).join(': ');
  const origin = problem.origin && `${problem.origin.file}:${problem.origin.line}:${problem.origin.column}: ${problem.origin.keyPath}`;
  return [origin, owner, problem.source, problem.path].filter(Boolean).join(': ') || undefined;
}

/** What one problem is called in the report (`2 Envoy configuration problems:`). */
const ENVOY_CONFIG_PROBLEM = 'Envoy configuration problem';

/**
 * The error for an Envoy config that does not validate against Envoy's v3 API, or a template that
 * cannot be rendered: a UserError carrying every problem; entry points print them without a stack
 * trace, and synth stops before writing output.
 */
export function envoyConfigError(problems: readonly EnvoyConfigProblem[]): UserError<EnvoyConfigProblem & UserProblem> {
  return new UserError(
    problems.map((problem) => ({ ...problem, where: envoyProblemWhere(problem) })),
    { kind: ENVOY_CONFIG_PROBLEM },
  );
}

export function isEnvoyConfigError(error: unknown): error is UserError<EnvoyConfigProblem & UserProblem> {
  return isUserError(error, ENVOY_CONFIG_PROBLEM);
}
