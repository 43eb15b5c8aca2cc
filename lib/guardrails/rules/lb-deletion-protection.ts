import { Lb } from '@cdktf/provider-aws/lib/lb';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const lbDeletionProtection: PolicyRule = {
  id: 'lb-deletion-protection',
  level: 'error',
  why: 'Deleting a production load balancer changes its DNS name and takes every service behind it down.',
  equivalents: { checkov: 'CKV_AWS_150' },
  resourceTypes: [Lb.tfResourceType],
  check(resource, context) {
    if (!context.production) return NOT_APPLICABLE;
    return resource.values.enable_deletion_protection === true ? COMPLIANT : nonCompliant('enable_deletion_protection is not true in production');
  },
};
