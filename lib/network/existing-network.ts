import type { ExistingVpcConfig } from '../config/network-schema';
import type { NetworkRefs } from './network-refs';

/** A network created outside this repository, referenced by id with no look-up, so plans stay offline. */
export function existingNetwork(config: ExistingVpcConfig): NetworkRefs {
  return {
    vpcId: config.vpcId,
    vpcCidr: config.cidr,
    availabilityZones: config.availabilityZones,
    publicSubnetIds: config.publicSubnetIds,
    privateSubnetIds: config.privateSubnetIds,
  };
}
