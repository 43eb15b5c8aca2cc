import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { block, blocks, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule, type RuleContext, type SynthesizedResource } from '../policy-rule';

export const wafRateRuleExemptsOwnEgress: PolicyRule = {
  id: 'waf-rate-rule-exempts-own-egress',
  level: 'error',
  why: "The environment's services call its API through the NAT gateways' few Elastic IPs: a per-IP rate rule that counts them blocks the environment's own traffic with a 403 no 5xx alarm sees.",
  resourceTypes: [Wafv2WebAcl.tfResourceType],
  check(resource, context) {
    const eips = context.resourcesOfType(Eip.tfResourceType);
    const rateRules = blocks(resource.values.rule).filter((rule) => block(block(rule.statement)?.rate_based_statement) !== undefined);
    if (eips.length === 0 || rateRules.length === 0) return NOT_APPLICABLE;
    for (const rule of rateRules) {
      const scopeDown = block(block(block(rule.statement)?.rate_based_statement)?.scope_down_statement);
      const ipSets = excludedIpSets(scopeDown, context);
      const missing = eips.filter((eip) => !ipSets.some((ipSet) => (ipSet.values.addresses as unknown[] | undefined)?.includes(`\${${eip.type}.${eip.name}.public_ip}/32`)));
      if (ipSets.length === 0)
        return nonCompliant(`rate-based rule ${rule.name} has no scope_down_statement { not_statement { ip_set_reference_statement } } excluding an aws_wafv2_ip_set of this stack's NAT addresses`);
      if (missing.length > 0)
        return nonCompliant(`rate-based rule ${rule.name} counts requests from ${missing.map((eip) => `aws_eip.${eip.name}`).join(', ')}: no excluded IP set lists its public_ip/32`);
    }
    return COMPLIANT;
  },
};

/** The IP sets of the stack a scope-down statement excludes: `not { ip_set_reference }`, alone or inside an `and`. */
function excludedIpSets(statement: Record<string, any> | undefined, context: RuleContext): SynthesizedResource[] {
  if (!statement) return [];
  const and = block(statement.and_statement);
  if (and) return blocks(and.statement).flatMap((inner) => excludedIpSets(inner, context));
  const reference = block(block(block(block(statement.not_statement)?.statement)?.ip_set_reference_statement));
  const ipSet = reference ? context.follow(reference.arn) : undefined;
  return ipSet?.type === Wafv2IpSet.tfResourceType ? [ipSet] : [];
}
