import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const eksControlPlaneLogs: PolicyRule = {
  id: 'eks-control-plane-logs',
  level: 'error',
  why: 'Without audit and authenticator logs nobody can say who did what to the cluster.',
  equivalents: { checkov: 'CKV_AWS_37', cdkNag: 'AwsSolutions-EKS2' },
  resourceTypes: [EksCluster.tfResourceType],
  check(resource) {
    const enabled: string[] = resource.values.enabled_cluster_log_types ?? [];
    const missing = ALL_LOG_TYPES.filter((type) => !enabled.includes(type));
    return missing.length === 0 ? COMPLIANT : nonCompliant(`enabled_cluster_log_types lacks ${missing.join(', ')}`);
  },
};
