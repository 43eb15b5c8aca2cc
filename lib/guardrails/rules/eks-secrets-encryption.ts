import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { block, blocks, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const eksSecretsEncryption: PolicyRule = {
  id: 'eks-secrets-encryption',
  level: 'error',
  why: 'Kubernetes secrets in etcd are only base64 unless envelope-encrypted with a KMS key.',
  equivalents: { checkov: 'CKV_AWS_58' },
  resourceTypes: [EksCluster.tfResourceType],
  check(resource) {
    const config = blocks(resource.values.encryption_config).find((c) => (c.resources ?? []).includes('secrets'));
    if (!config) return nonCompliant('no encryption_config for resources ["secrets"]');
    return block(config.provider)?.key_arn ? COMPLIANT : nonCompliant('encryption_config has no provider.key_arn');
  },
};
