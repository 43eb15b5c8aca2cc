import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { block, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const eksEndpointPrivate: PolicyRule = {
  id: 'eks-endpoint-private',
  level: 'error',
  why: 'A Kubernetes API open to the internet is one leaked token away from a cluster takeover.',
  equivalents: { checkov: 'CKV_AWS_39, CKV_AWS_38', cdkNag: 'AwsSolutions-EKS1' },
  resourceTypes: [EksCluster.tfResourceType],
  check(resource) {
    const vpc = block(resource.values.vpc_config) ?? {};
    if (vpc.endpoint_private_access !== true) return nonCompliant('vpc_config.endpoint_private_access is not true');
    if (vpc.endpoint_public_access === false) return COMPLIANT;
    const cidrs: unknown[] = vpc.public_access_cidrs ?? [];
    // AWS defaults public_access_cidrs to 0.0.0.0/0 when the public endpoint is on.
    if (cidrs.length === 0) return nonCompliant('the public endpoint is on with no public_access_cidrs, which AWS opens to 0.0.0.0/0');
    if (cidrs.some((cidr) => cidr === '0.0.0.0/0')) return nonCompliant('public_access_cidrs contains 0.0.0.0/0');
    return COMPLIANT;
  },
};
