import { Lb } from '@cdktf/provider-aws/lib/lb';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { loadBalancerKind } from '../load-balancers';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const wafProductionEdge: PolicyRule = {
  id: 'waf-production-edge',
  level: 'error',
  why: "Production's internet-facing ALB and API stages take whatever the internet sends unless a web ACL filters it (known exploits, bad IPs, floods).",
  equivalents: { checkov: 'CKV2_AWS_28, CKV2_AWS_29', cdkNag: 'AwsSolutions-APIG3' },
  resourceTypes: [Lb.tfResourceType, ApiGatewayStage.tfResourceType],
  check(resource, context) {
    if (!context.production) return NOT_APPLICABLE;
    if (resource.type === Lb.tfResourceType && (loadBalancerKind(resource) !== 'application' || resource.values.internal === true)) return NOT_APPLICABLE;
    const associated = context.resourcesOfType(Wafv2WebAclAssociation.tfResourceType).some((association) => {
      const target = context.follow(association.values.resource_arn);
      return target?.type === resource.type && target.name === resource.name && context.follow(association.values.web_acl_arn) !== undefined;
    });
    return associated ? COMPLIANT : nonCompliant('no aws_wafv2_web_acl_association of a web ACL of this stack names its ARN (waf.enabled)');
  },
};
