import { Lb } from '@cdktf/provider-aws/lib/lb';
import { loadBalancerKind } from '../load-balancers';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const nlbCrossZone: PolicyRule = {
  id: 'nlb-cross-zone',
  level: 'error',
  why: 'Without cross-zone balancing an NLB node only uses targets in its own AZ, so one AZ losing tasks drops traffic.',
  equivalents: { checkov: 'CKV_AWS_152' },
  resourceTypes: [Lb.tfResourceType],
  check(resource) {
    if (loadBalancerKind(resource) !== 'network') return NOT_APPLICABLE;
    return resource.values.enable_cross_zone_load_balancing === true ? COMPLIANT : nonCompliant('enable_cross_zone_load_balancing is not true');
  },
};
