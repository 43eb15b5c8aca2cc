import { Lb } from '@cdktf/provider-aws/lib/lb';
import { loadBalancerKind } from '../load-balancers';
import { block, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const albAccessLogs: PolicyRule = {
  id: 'alb-access-logs',
  level: 'error',
  why: 'Access logs are the only record of who called a public endpoint, for incidents and abuse.',
  equivalents: { checkov: 'CKV_AWS_91', cdkNag: 'AwsSolutions-ELB2' },
  resourceTypes: [Lb.tfResourceType],
  check(resource) {
    if (loadBalancerKind(resource) !== 'application') return NOT_APPLICABLE;
    const logs = block(resource.values.access_logs);
    return logs?.enabled === true && logs.bucket ? COMPLIANT : nonCompliant('access_logs are not enabled with a bucket');
  },
};
