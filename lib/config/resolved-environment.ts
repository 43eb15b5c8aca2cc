import type { EnvironmentConfig } from './environment-schema';
import { apiDomainName, resolveApiServices, type ResolvedApiService } from './apigw-schema';

/**
 * One environment as the pipeline hands it on: the validated file (every zod
 * default applied) plus the values derived from several sections, computed
 * here once for the Envoy step and the stacks alike.
 */
export interface ResolvedEnvironment {
  readonly config: EnvironmentConfig;
  /** `<project>-<environment>`: the prefix of every resource name. */
  readonly namePrefix: string;
  /** The `ingress: apigw` services' API settings with defaults resolved, by service name (see resolveApiServices). */
  readonly apiServices: Readonly<Record<string, ResolvedApiService>>;
  /** The API custom domain, default resolved: `api.<dns.domain>`. */
  readonly apiDomainName: string;
}

export function resolveEnvironment(config: EnvironmentConfig): ResolvedEnvironment {
  return {
    config,
    namePrefix: `${config.project}-${config.name}`,
    apiServices: resolveApiServices(config),
    apiDomainName: apiDomainName(config),
  };
}
