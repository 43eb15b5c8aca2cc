import type { ManagedRuleGroupKey } from '../edge/regional-web-acl';
import { MANAGED_RULE_GROUPS } from '../edge/regional-web-acl';
import { didYouMean } from './problem-text';

/**
 * The rule names of each AWS managed rule group the web ACL runs, for `waf.ruleGroups.<group>.ruleOverrides`: a
 * `rule_action_override` that names no rule of the group is either refused by CreateWebACL/UpdateWebACL (at apply) or
 * overrides nothing, so a near miss (`SizeRestriction_BODY`) leaves the rule blocking while the file says it counts.
 *
 * From the AWS WAF Developer Guide's rule tables, which describe each group's latest static version
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html):
 * - common, AWSManagedRulesCommonRuleSet (core rule set): "Baseline rule groups",
 *   https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html#aws-managed-rule-groups-baseline-crs;
 *   the changelog's latest entry, static version 1.19 (2025-08-14), changed the cross-site scripting signatures, not the names.
 * - knownBadInputs, AWSManagedRulesKnownBadInputsRuleSet: the same page, #aws-managed-rule-groups-baseline-known-bad-inputs.
 * - ipReputation, AWSManagedRulesAmazonIpReputationList (unversioned): "IP reputation rule groups",
 *   https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html#aws-managed-rule-groups-ip-rep-amazon.
 * Taken in 2026-12 from the guide's source text (of about 2023), plus the later rules marked below. AWS adds rules to a group over time: the authority for the version
 * WAF runs is `aws wafv2 describe-managed-rule-group --scope REGIONAL --vendor-name AWS --name <group>` (its `Rules`);
 * add a new name to its list here, with the guide's date.
 */
export const WAF_MANAGED_RULE_NAMES: Readonly<Record<ManagedRuleGroupKey, readonly string[]>> = {
  common: [
    'NoUserAgent_HEADER',
    'UserAgent_BadBots_HEADER',
    'SizeRestrictions_QUERYSTRING',
    'SizeRestrictions_Cookie_HEADER',
    'SizeRestrictions_BODY',
    'SizeRestrictions_URIPATH',
    'EC2MetaDataSSRF_BODY',
    'EC2MetaDataSSRF_COOKIE',
    'EC2MetaDataSSRF_URIPATH',
    'EC2MetaDataSSRF_QUERYARGUMENTS',
    'GenericLFI_QUERYARGUMENTS',
    'GenericLFI_URIPATH',
    'GenericLFI_BODY',
    'RestrictedExtensions_URIPATH',
    'RestrictedExtensions_QUERYARGUMENTS',
    'GenericRFI_QUERYARGUMENTS',
    'GenericRFI_BODY',
    'GenericRFI_URIPATH',
    'CrossSiteScripting_COOKIE',
    'CrossSiteScripting_QUERYARGUMENTS',
    'CrossSiteScripting_BODY',
    'CrossSiteScripting_URIPATH',
  ],
  knownBadInputs: [
    'JavaDeserializationRCE_HEADER',
    'JavaDeserializationRCE_BODY',
    'JavaDeserializationRCE_URIPATH',
    'JavaDeserializationRCE_QUERYSTRING',
    'Host_localhost_HEADER',
    'PROPFIND_METHOD',
    'ExploitablePaths_URIPATH',
    'Log4JRCE_HEADER',
    'Log4JRCE_QUERYSTRING',
    'Log4JRCE_BODY',
    'Log4JRCE_URIPATH',
    // Newer than the guide's source text this table was first taken from (label
    // awswaf:managed:aws:known-bad-inputs:ReactJSRCE_Body; React Server Components remote code execution): found
    // missing by review, a current rule refused, as `describe-managed-rule-group` outputs of 2026 list it.
    'ReactJSRCE_BODY',
  ],
  ipReputation: ['AWSManagedIPReputationList', 'AWSManagedReconnaissanceList', 'AWSManagedIPDDoSList'],
};

/** Why `name` is no rule of the group, or undefined when it is one. */
export function managedRuleNameProblem(group: ManagedRuleGroupKey, name: string): string | undefined {
  const known = WAF_MANAGED_RULE_NAMES[group];
  if (known.includes(name)) return undefined;
  return (
    `expected a rule of ${MANAGED_RULE_GROUPS[group]}: ${known.join(', ')}${didYouMean(name, known)}; ` +
    `a rule AWS added later: check it with \`aws wafv2 describe-managed-rule-group --scope REGIONAL --vendor-name AWS --name ${MANAGED_RULE_GROUPS[group]}\` ` +
    `and add it to WAF_MANAGED_RULE_NAMES.${group} in lib/config/waf-managed-rules.ts`
  );
}
