import { defaultMinInstanceTypes, type CapacityType } from '../eks/node-group-types';
import { deriveSubnetLayout } from '../network/subnet-layout';
import { defaultTlsSecretName } from '../envoy/proxy-spec';

/**
 * The defaults that read another key of the same file, each computed here once: the schema's checks
 * (while validating, before a resolved model exists) and the resolved model (lib/config/resolved-environment.ts)
 * both call these, so no second copy of a derivation exists outside lib/config.
 */

/** `<project>-<environment>`: the prefix of every resource name. */
export function namePrefixOf(config: { readonly project: string; readonly name: string }): string {
  return `${config.project}-${config.name}`;
}

/** The state bucket's region: `state.region`, else `account.region`. */
export function stateRegionOf(config: { readonly state: { readonly region?: string }; readonly account: { readonly region: string } }): string {
  return config.state.region ?? config.account.region;
}

/** The public name of an `alb` service: its `hostname`, or `<service>.<domain>`. */
export function serviceHostname(serviceName: string, service: { readonly hostname?: string }, domain: string): string {
  return service.hostname ?? `${serviceName}.${domain}`;
}

/** The listener port of an egress target: its own `port`, else `envoy.ports.egressBase`. Stable per target name: no position in the map counts. */
export function egressPort(target: { readonly port?: number }, egressBase: number): number {
  return target.port ?? egressBase;
}

/** The region an egress target signs for: its own `region` (s3, execute-api), else the environment's. */
export function egressRegion(target: { readonly type: string; readonly region?: string }, accountRegion: string): string {
  return target.region ?? accountRegion;
}

/** The fewest instance types of a node group: its `minInstanceTypes`, else 3 for SPOT (diversified pools) and 1 for ON_DEMAND. */
export function minInstanceTypesOf(group: { readonly minInstanceTypes?: number; readonly capacityType: CapacityType }): number {
  return group.minInstanceTypes ?? defaultMinInstanceTypes(group.capacityType);
}

/** A created VPC's subnets, one per zone: `subnets.public` / `subnets.private`, else derived from `cidr` (lib/network/subnet-layout.ts). */
export function subnetCidrsOf(vpc: {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly subnets?: { readonly public: readonly string[]; readonly private: readonly string[] };
}): { public: readonly string[]; private: readonly string[] } {
  // Derived only when not given: a VPC too small for the derived layout may list its own subnets.
  if (vpc.subnets) return { public: vpc.subnets.public, private: vpc.subnets.private };
  const derived = deriveSubnetLayout(vpc.cidr, vpc.availabilityZones.length);
  return { public: derived.publicCidrs, private: derived.privateCidrs };
}

/** The Secrets Manager secret of the sidecars' TLS certificate and key: `envoy.tls.secretName`, else `<project>/<environment>/envoy-tls`. */
export function envoyTlsSecretNameOf(config: { readonly project: string; readonly name: string; readonly envoy: { readonly tls: { readonly secretName?: string } } }): string {
  return config.envoy.tls.secretName ?? defaultTlsSecretName(config.project, config.name);
}
