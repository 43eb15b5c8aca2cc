import { Lb } from '@cdktf/provider-aws/lib/lb';
import { loadBalancerKind } from '../load-balancers';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const albDropInvalidHeaders: PolicyRule = {
  id: 'alb-drop-invalid-headers',
  level: 'error',
  why: 'Forwarding malformed header names enables HTTP request smuggling against the targets.',
  equivalents: { checkov: 'CKV_AWS_131' },
  resourceTypes: [Lb.tfResourceType],
  check(resource) {
    if (loadBalancerKind(resource) !== 'application') return NOT_APPLICABLE;
    return resource.values.drop_invalid_header_fields === true ? COMPLIANT : nonCompliant('drop_invalid_header_fields is not true');
  },
};
