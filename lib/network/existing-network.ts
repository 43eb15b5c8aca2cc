import type { NetworkRefs } from './network-refs';

export interface ExistingVpcProps {
  readonly vpcId: string;
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
}

/** A network created outside this repository, referenced by id with no look-up, so plans stay offline. */
export function existingNetwork(config: ExistingVpcProps): NetworkRefs {
  return {
    vpcId: config.vpcId,
    vpcCidr: config.cidr,
    availabilityZones: config.availabilityZones,
    publicSubnetIds: config.publicSubnetIds,
    privateSubnetIds: config.privateSubnetIds,
  };
}
