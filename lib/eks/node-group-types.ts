/** EKS managed node group capacity types. */
export const CAPACITY_TYPES = ['ON_DEMAND', 'SPOT'] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** Taint effects as Kubernetes (and Cluster Autoscaler's node-template tags) spell them. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** The same effects as the EKS API spells them (`aws_eks_node_group.taint.effect`). */
export const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

export interface NodeTaint {
  /** @default - no value */
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** Fewest instance types per group when the config does not say: Spot pools need several to find capacity. */
export function defaultMinInstanceTypes(capacityType: CapacityType): number {
  return capacityType === 'SPOT' ? 3 : 1;
}

/**
 * Prefixes of the Auto Scaling group tags that tell Cluster Autoscaler a group's labels and taints while it is at 0
 * nodes (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md); the
 * label or taint key follows, so the config checks the whole tag key against AWS's 128 characters.
 */
export const NODE_TEMPLATE_TAG_PREFIX = {
  labels: 'k8s.io/cluster-autoscaler/node-template/label/',
  taints: 'k8s.io/cluster-autoscaler/node-template/taint/',
} as const;
