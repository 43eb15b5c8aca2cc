import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const apigwMethodAuthorized: PolicyRule = {
  id: 'apigw-method-authorized',
  level: 'error',
  why: 'An unauthenticated API method is callable by anyone on the internet who finds the URL.',
  equivalents: { checkov: 'CKV_AWS_59', cdkNag: 'AwsSolutions-APIG4' },
  resourceTypes: [ApiGatewayMethod.tfResourceType],
  check(resource) {
    const authorization = resource.values.authorization;
    if (resource.values.http_method === 'OPTIONS') return COMPLIANT;
    return authorization && authorization !== 'NONE' ? COMPLIANT : nonCompliant(`authorization is ${authorization ?? 'unset'}`);
  },
};
