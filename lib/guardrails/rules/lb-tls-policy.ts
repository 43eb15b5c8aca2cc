import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

/** ELB policies that refuse TLS 1.0/1.1 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html). */
export const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

export const lbTlsPolicy: PolicyRule = {
  id: 'lb-tls-policy',
  level: 'error',
  why: 'TLS 1.0 and 1.1 have known weaknesses; listeners must negotiate TLS 1.2 or later.',
  equivalents: { checkov: 'CKV_AWS_103', cdkNag: 'AwsSolutions-ELB (TLS)' },
  resourceTypes: [LbListener.tfResourceType],
  check(resource) {
    const protocol = resource.values.protocol;
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return NOT_APPLICABLE;
    const policy = String(resource.values.ssl_policy ?? '');
    if (!policy) return nonCompliant('no ssl_policy: the AWS default still allows TLS 1.0');
    return MODERN_TLS_POLICY.test(policy) ? COMPLIANT : nonCompliant(`ssl_policy ${policy} allows TLS below 1.2`);
  },
};
