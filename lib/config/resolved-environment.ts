import type { EnvironmentConfig } from './environment-schema';
import { AWS_MANAGED_S3_KEY } from '../construct-support/state-backend';
import { apiDomainName, resolveApiServices, type ResolvedApiService } from './apigw-schema';
import { egressPort, egressRegion, envoyTlsSecretNameOf, minInstanceTypesOf, namePrefixOf, serviceHostname, stateRegionOf, subnetCidrsOf } from './derived-values';
import { egressEndpoint, type EnvironmentApiEndpoint, type ResolvedEgressTarget } from '../envoy/proxy-spec';

/**
 * One environment as the pipeline hands it on: the validated file (every zod
 * default applied) plus every value derived from other keys, computed here
 * once for the Envoy step, the stacks and the tools alike. Stacks map these to
 * construct props and compute nothing (docs/architecture.md, "The resolved model").
 */
export interface ResolvedEnvironment {
  readonly config: EnvironmentConfig;
  /** `<project>-<environment>`: the prefix of every resource name. */
  readonly namePrefix: string;
  /** The state bucket's region: `state.region`, else `account.region`. */
  readonly stateRegion: string;
  /** The KMS key of the state objects: `state.kmsKeyArn`, else the AWS managed S3 key by alias (lib/construct-support/state-backend.ts). */
  readonly stateKmsKeyId: string;
  /** The `ingress: apigw` services' API settings with defaults resolved, by service name (see resolveApiServices). */
  readonly apiServices: Readonly<Record<string, ResolvedApiService>>;
  /** The API custom domain, default resolved: `api.<dns.domain>`. */
  readonly apiDomainName: string;
  /** Log retention of each log group family, each section's own `retentionDays`, else `logs.retentionDays`. */
  readonly logRetentionDays: {
    /** The ECS services' and the sidecars' container logs. */
    readonly services: number;
    /** API Gateway access logs: `apiGateway.accessLogs.retentionDays`. */
    readonly apiGatewayAccess: number;
    /** The EKS control plane's logs: `eks.logRetentionDays`. */
    readonly eks: number;
    /** The web ACL's logs: `waf.logs.retentionDays`. */
    readonly waf: number;
  };
  /** The subnets of a VPC created here (`network.vpc`), one per zone: `network.vpc.subnets`, else derived from its `cidr`. */
  readonly subnetCidrs?: { readonly public: readonly string[]; readonly private: readonly string[] };
  /** The EKS cluster's name: `eks.clusterName`, else the name prefix; absent without `eks`. */
  readonly eksClusterName?: string;
  /** Each node group's defaults that read other keys, by `eks.nodeGroups` key (empty without `eks`). */
  readonly eksNodeGroups: Readonly<Record<string, ResolvedNodeGroup>>;
  /** `tier: production`: deletion protection on the load balancers and the API domain. */
  readonly production: boolean;
  /** The public host name of each `ingress: alb` service, by service name: its `hostname`, else `<service>.<dns.domain>`. */
  readonly serviceHostnames: Readonly<Record<string, string>>;
  /** Each service's egress targets as its sidecar reaches them (listener port, region, AWS host), by service and target name. */
  readonly egress: Readonly<Record<string, Readonly<Record<string, ResolvedEgressTarget>>>>;
  /** The Secrets Manager secret of the sidecars' TLS certificate: `envoy.tls.secretName`, else `<project>/<environment>/envoy-tls`. */
  readonly envoyTlsSecretName: string;
}

export interface ResolvedNodeGroup {
  /** `minInstanceTypes`, else 3 for SPOT (diversified pools) and 1 for ON_DEMAND. */
  readonly minInstanceTypes: number;
  /** `scaling.desiredSize`, else `scaling.minSize`. */
  readonly desiredSize: number;
}

export function resolveEnvironment(config: EnvironmentConfig): ResolvedEnvironment {
  const apiServices = resolveApiServices(config);
  const domainName = apiDomainName(config);
  // How this environment's services reach its own APIs: the custom domain and each API's base path.
  const environmentApis: Record<string, EnvironmentApiEndpoint> = Object.fromEntries(Object.entries(apiServices).map(([name, api]) => [name, { host: domainName, basePath: api.basePath }]));
  const services = Object.entries(config.services);
  const vpc = config.network.vpc;
  return {
    config,
    namePrefix: namePrefixOf(config),
    stateRegion: stateRegionOf(config),
    stateKmsKeyId: config.state.kmsKeyArn ?? AWS_MANAGED_S3_KEY,
    apiServices,
    apiDomainName: domainName,
    logRetentionDays: {
      services: config.logs.retentionDays,
      apiGatewayAccess: config.apiGateway.accessLogs.retentionDays ?? config.logs.retentionDays,
      eks: config.eks?.logRetentionDays ?? config.logs.retentionDays,
      waf: config.waf.logs.retentionDays ?? config.logs.retentionDays,
    },
    ...(vpc ? { subnetCidrs: subnetCidrsOf(vpc) } : {}),
    ...(config.eks ? { eksClusterName: config.eks.clusterName ?? namePrefixOf(config) } : {}),
    eksNodeGroups: Object.fromEntries(
      Object.entries(config.eks?.nodeGroups ?? {}).map(([key, group]) => [key, { minInstanceTypes: minInstanceTypesOf(group), desiredSize: group.scaling.desiredSize ?? group.scaling.minSize }]),
    ),
    production: config.tier === 'production',
    serviceHostnames: Object.fromEntries(services.filter(([, service]) => service.ingress === 'alb').map(([name, service]) => [name, serviceHostname(name, service, config.dns.domain)])),
    egress: Object.fromEntries(
      services.map(([name, service]) => [
        name,
        Object.fromEntries(
          Object.entries(service.egress).map(([target, egress]) => {
            const port = egressPort(egress, config.envoy.ports.egressBase);
            const region = egressRegion(egress, config.account.region);
            return [target, { port, url: `http://127.0.0.1:${port}`, region, ...egressEndpoint(egress, region, environmentApis) }];
          }),
        ),
      ]),
    ),
    envoyTlsSecretName: envoyTlsSecretNameOf(config),
  };
}
