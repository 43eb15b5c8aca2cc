import { Construct } from 'constructs';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';

/** The AWS managed rule groups every web ACL runs, by the short key the environment file uses. */
export const MANAGED_RULE_GROUPS = {
  common: 'AWSManagedRulesCommonRuleSet',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
} as const;
export type ManagedRuleGroupKey = keyof typeof MANAGED_RULE_GROUPS;

export const WAF_RULE_ACTIONS = ['block', 'count'] as const;
export type WafRuleAction = (typeof WAF_RULE_ACTIONS)[number];

/** WAF requires a CloudWatch Logs destination's name to start with this (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html). */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** Web ACL, rule and metric names: letters, digits, `_` and `-`, 1 to 128 characters (CreateWebACL). */
export const WAF_NAME = /^[\w-]{1,128}$/;

export interface ManagedRuleGroupSettings {
  /** `block`: the group's own actions; `count`: every match only counted (to evaluate a group before it blocks). */
  readonly action: WafRuleAction;
  /** Per-rule action overrides by rule name (e.g. `SizeRestrictions_BODY: count` for uploads); the config checks each name against the group's rules (lib/config/waf-managed-rules.ts). */
  readonly ruleOverrides: Readonly<Record<string, WafRuleAction>>;
  /** Request paths the group does not inspect (a scope-down statement), e.g. `/webhooks/`. */
  readonly excludedPathPrefixes: readonly string[];
}

export interface RegionalWebAclProps {
  /** `<project>-<env>`: the ACL is `<prefix>-edge`, its log group `aws-waf-logs-<prefix>`. */
  readonly namePrefix: string;
  /** Requests per client IP in any 5-minute window above which the IP is blocked. */
  readonly rateLimitPer5Minutes: number;
  readonly managedRuleGroups: Readonly<Record<ManagedRuleGroupKey, ManagedRuleGroupSettings>>;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn: string;
  /** What the ACL protects, by a stable key (the construct id): the ALB's ARN, API stages' ARNs. */
  readonly associations: Readonly<Record<string, string>>;
  /**
   * The environment's own egress addresses (the NAT gateways' Elastic IPs): the rate rule does not count them, since
   * every service calling the environment's API through its public domain shares these few addresses.
   * @default [] - an existing VPC's NAT is not ours to know
   */
  readonly ownEgressPublicIps?: readonly string[];
}

/** The rate-based rule's name: also the `Rule` dimension of its metrics, after the ACL's name (`<acl>-<rule>`). */
export const RATE_LIMIT_RULE_NAME = 'rate-limit-per-ip';

/** Priorities: the rate limit first (cheapest, stops a flood before the managed groups inspect it). */
const RATE_LIMIT_PRIORITY = 0;
const GROUP_PRIORITY: Readonly<Record<ManagedRuleGroupKey, number>> = { ipReputation: 10, knownBadInputs: 20, common: 30 };

/**
 * A regional WAFv2 web ACL in front of the public ALB and the API stages: AWS managed rule groups (common rules,
 * known bad inputs, IP reputation), a rate-based rule per client IP, overrides and path exclusions from the file,
 * and full logs to a KMS-encrypted log group with credentials redacted. The default action allows: the ACL blocks
 * what a rule matches. https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html
 */
export class RegionalWebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly logGroup: EncryptedLogGroup;
  public readonly associations: Readonly<Record<string, Wafv2WebAclAssociation>>;
  /** The NAT EIPs the rate rule exempts. @default - none: no NAT gateway of ours */
  public readonly ownEgress?: Wafv2IpSet;
  /** The metric names (visibility_config.metric_name) WAF publishes as the `WebACL` and `Rule` dimensions of the rate rule's metrics. */
  public readonly rateRuleMetric: { readonly webAcl: string; readonly rule: string };

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const name = `${props.namePrefix}-edge`;
    if (!WAF_NAME.test(name)) throw new Error(`RegionalWebAcl ${this.node.path}: namePrefix: expected letters, digits, "_" and "-" (WAF names), got ${props.namePrefix}`);
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, metricName: `${name}-${metric}`, sampledRequestsEnabled: true });
    const ownEgressPublicIps = props.ownEgressPublicIps ?? [];
    if (ownEgressPublicIps.length > 0) {
      // Free (WAF prices ACLs and rules, not IP sets). https://docs.aws.amazon.com/waf/latest/developerguide/waf-ip-set-managing.html
      this.ownEgress = new Wafv2IpSet(this, 'own-egress', {
        name: `${name}-own-egress`,
        description: `NAT gateway addresses of ${props.namePrefix}: its own services' calls to its API`,
        scope: 'REGIONAL',
        ipAddressVersion: 'IPV4',
        addresses: ownEgressPublicIps.map((ip) => `${ip}/32`),
      });
    }
    // A request from the environment's own NAT addresses is not counted: the rule's scope-down statement must match
    // for a request to be counted at all. https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
    const rateScopeDown = this.ownEgress ? { not_statement: { statement: { ip_set_reference_statement: { arn: this.ownEgress.arn } } } } : undefined;
    this.rateRuleMetric = { webAcl: `${name}-web-acl`, rule: `${name}-${RATE_LIMIT_RULE_NAME}` };
    const rules: Wafv2WebAclRule[] = [
      {
        name: RATE_LIMIT_RULE_NAME,
        priority: RATE_LIMIT_PRIORITY,
        action: { block: {} },
        statement: {
          rate_based_statement: { limit: props.rateLimitPer5Minutes, aggregate_key_type: 'IP', evaluation_window_sec: 300, scope_down_statement: rateScopeDown },
        },
        visibilityConfig: visibility(RATE_LIMIT_RULE_NAME),
      },
      ...(Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroupKey[]).map((key) => managedGroupRule(key, props.managedRuleGroups[key], visibility)),
    ];
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name,
      description: `Public ALB and API stages of ${props.namePrefix}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility('web-acl'),
    });
    this.logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: `${WAF_LOG_GROUP_PREFIX}${props.namePrefix}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      // Credentials in headers must not land in a log anyone with log access reads.
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
    this.associations = Object.fromEntries(
      Object.entries(props.associations).map(([key, resourceArn]) => [key, new Wafv2WebAclAssociation(this, `association-${key}`, { resourceArn, webAclArn: this.webAcl.arn })]),
    );
  }
}

/** A managed rule group's rule. `statement` is the provider's untyped block: written in Terraform's own (snake_case) shape. */
function managedGroupRule(key: ManagedRuleGroupKey, settings: ManagedRuleGroupSettings, visibility: (metric: string) => Wafv2WebAclRule['visibilityConfig']): Wafv2WebAclRule {
  const overrides = Object.entries(settings.ruleOverrides).map(([rule, action]) => ({ name: rule, action_to_use: { [action]: {} } }));
  const exclusions = settings.excludedPathPrefixes.map((prefix) => ({
    byte_match_statement: {
      search_string: prefix,
      positional_constraint: 'STARTS_WITH',
      field_to_match: { uri_path: {} },
      text_transformation: [{ priority: 0, type: 'NONE' }],
    },
  }));
  // Inspect only requests whose path starts with none of the excluded prefixes (an OR needs two statements or more).
  const scopeDown = exclusions.length === 0 ? undefined : { not_statement: { statement: exclusions.length === 1 ? exclusions[0] : { or_statement: { statement: exclusions } } } };
  return {
    name: MANAGED_RULE_GROUPS[key],
    priority: GROUP_PRIORITY[key],
    overrideAction: settings.action === 'count' ? { count: {} } : { none: {} },
    statement: {
      managed_rule_group_statement: {
        name: MANAGED_RULE_GROUPS[key],
        vendor_name: 'AWS',
        rule_action_override: overrides.length > 0 ? overrides : undefined,
        scope_down_statement: scopeDown,
      },
    },
    visibilityConfig: visibility(MANAGED_RULE_GROUPS[key]),
  };
}
