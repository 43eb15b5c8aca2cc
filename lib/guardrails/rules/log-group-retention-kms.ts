import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const logGroupRetentionKms: PolicyRule = {
  id: 'log-group-retention-kms',
  level: 'error',
  why: 'Logs kept forever cost money and outlive their purpose; unencrypted logs leak what applications print.',
  equivalents: { checkov: 'CKV_AWS_66, CKV_AWS_158' },
  resourceTypes: [CloudwatchLogGroup.tfResourceType],
  check(resource) {
    const problems: string[] = [];
    if (!(Number(resource.values.retention_in_days) > 0)) problems.push('no retention_in_days');
    if (!resource.values.kms_key_id) problems.push('no kms_key_id');
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(' and '));
  },
};
