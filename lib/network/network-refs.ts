/** What other constructs need to know about an environment's network, created or existing. */
export interface NetworkRefs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  /** In the order of `availabilityZones`. */
  readonly publicSubnetIds: readonly string[];
  /** In the order of `availabilityZones`. */
  readonly privateSubnetIds: readonly string[];
}

/** Tags that let the AWS Load Balancer Controller and EKS find subnets (https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html). */
export function subnetDiscoveryTags(tier: 'public' | 'private', clusterNames: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = tier === 'public' ? { 'kubernetes.io/role/elb': '1' } : { 'kubernetes.io/role/internal-elb': '1' };
  for (const cluster of clusterNames) tags[`kubernetes.io/cluster/${cluster}`] = 'shared';
  return tags;
}
