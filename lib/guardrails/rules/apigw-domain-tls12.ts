import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const apigwDomainTls12: PolicyRule = {
  id: 'apigw-domain-tls12',
  level: 'error',
  why: 'Custom domains default to TLS 1.0 unless the security policy says otherwise.',
  equivalents: { checkov: 'CKV_AWS_206' },
  resourceTypes: [ApiGatewayDomainName.tfResourceType],
  check(resource) {
    const policy = String(resource.values.security_policy ?? 'TLS_1_0');
    return policy === 'TLS_1_2' || policy.startsWith('SecurityPolicy_TLS13') ? COMPLIANT : nonCompliant(`security_policy is ${policy}`);
  },
};
