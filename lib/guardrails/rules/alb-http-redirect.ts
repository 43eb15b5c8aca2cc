import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { block, blocks, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const albHttpRedirect: PolicyRule = {
  id: 'alb-http-redirect',
  level: 'error',
  why: 'Plain HTTP must only ever answer with a redirect to HTTPS, never serve content.',
  equivalents: { checkov: 'CKV2_AWS_20', cdkNag: 'AwsSolutions-ELB (HTTPS)' },
  resourceTypes: [LbListener.tfResourceType],
  check(resource) {
    if (resource.values.protocol !== 'HTTP') return NOT_APPLICABLE;
    const action = blocks(resource.values.default_action)[0];
    const redirect = block(action?.redirect);
    if (action?.type === 'redirect' && redirect?.protocol === 'HTTPS') return COMPLIANT;
    return nonCompliant('an HTTP listener whose default action is not a redirect to HTTPS');
  },
};
