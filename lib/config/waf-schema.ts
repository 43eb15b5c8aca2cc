import { z } from 'zod';
import { logRetentionDays } from './primitives';
import { MANAGED_RULE_GROUPS, WAF_RULE_ACTIONS, type ManagedRuleGroupKey } from '../edge/regional-web-acl';
import { managedRuleNameProblem } from './waf-managed-rules';

/** A path prefix the group does not inspect: starts with `/`; WAF matches at most 200 bytes (ByteMatchStatement.SearchString). */
const pathPrefix = z.string().regex(/^\/[^\s]{0,199}$/, { error: 'expected a URL path prefix starting with / (at most 200 characters, no spaces)' });

/** A rule name of the group, as AWS lists it (e.g. SizeRestrictions_BODY): one of the facts table's (waf-managed-rules.ts). */
const ruleName = (group: ManagedRuleGroupKey) =>
  z.string().refine((name) => managedRuleNameProblem(group, name) === undefined, { error: (issue) => managedRuleNameProblem(group, String(issue.input)) });

const ruleGroup = (group: ManagedRuleGroupKey) =>
  z
    .strictObject({
      /** `block` applies the group's own actions; `count` only counts its matches (to evaluate it first). @default block */
      action: z.enum(WAF_RULE_ACTIONS).default('block'),
      /** Per-rule actions by rule name: `count` lets a rule's matches through (an exclusion), `block` blocks them. @default {} */
      ruleOverrides: z.record(ruleName(group), z.enum(WAF_RULE_ACTIONS)).default({}),
      /** Paths the group does not inspect at all (e.g. an upload endpoint that needs large bodies). @default [] */
      excludedPathPrefixes: z.array(pathPrefix).max(10, { error: 'expected at most 10 path prefixes' }).default([]),
    })
    .prefault({});
type RuleGroupSchema = ReturnType<typeof ruleGroup>;

/**
 * The `waf` section: a regional web ACL on the public ALB and the API stages (docs/operations.md, "WAF").
 */
export const wafSchema = z
  .strictObject({
    /** @default - true in production (tier: production), false elsewhere */
    enabled: z.boolean().optional(),
    /**
     * Requests one client IP may send in any 5-minute window before it is blocked (WAF accepts 10 to 2,000,000,000).
     * @default 2000
     */
    rateLimitPer5Minutes: z
      .number({ error: 'expected a number of requests' })
      .int({ error: 'expected a whole number of requests' })
      .min(10, { error: 'expected at least 10 requests (the WAF minimum)' })
      .max(2_000_000_000, { error: 'expected at most 2,000,000,000 requests (the WAF maximum)' })
      .default(2000),
    /** The AWS managed rule groups (all three always run). @default - every group blocks, no override */
    ruleGroups: z
      .strictObject(Object.fromEntries((Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroupKey[]).map((key) => [key, ruleGroup(key)])) as Record<ManagedRuleGroupKey, RuleGroupSchema>)
      .prefault({}),
    logs: z
      .strictObject({
        /** @default - logs.retentionDays */
        retentionDays: logRetentionDays.optional(),
      })
      .prefault({}),
  })
  .prefault({});

export type WafConfig = z.output<typeof wafSchema>;

/** Whether the environment runs the web ACL: the file's `waf.enabled`, else on in production only. */
export function wafEnabled(config: { readonly tier: 'production' | 'non-production'; readonly waf: WafConfig }): boolean {
  return config.waf.enabled ?? config.tier === 'production';
}
