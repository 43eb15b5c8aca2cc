import * as fs from 'fs';
import * as path from 'path';
import { ecsEnvironment, platformOf } from '../ecs/ecs-fixture';
import { configProblems } from '../helpers/config-problems';
import { existingVpcNetwork, synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { TerraformJson } from '../helpers/terraform-json';
import { parseEnvironment } from '../../lib/config/loader';
import { WAF_LOG_GROUP_PREFIX, WAF_NAME } from '../../lib/edge/regional-web-acl';
import { evaluateStack } from '../../lib/guardrails/evaluate-stack';
import { wafRateRuleExemptsOwnEgress } from '../../lib/guardrails/rules/waf-rate-rule-exempts-own-egress';

describe('regional web ACL', () => {
  const production = platformOf(ecsEnvironment({ tier: 'production' }));

  test('GIVEN tier production and no waf section THEN a regional web ACL allows by default and runs the rate rule and three AWS managed groups', () => {
    const acl = production.only('aws_wafv2_web_acl');
    expect(acl.values).toMatchObject({ name: 'acme-test-edge', scope: 'REGIONAL', default_action: { allow: {} } });
    expect(WAF_NAME.test(acl.values.name)).toBe(true);
    // `rule` is a set in the provider: order by priority, which decides the evaluation order.
    const rules = acl.values.rule.map((rule: any) => [rule.priority, rule.name]).sort((a: any, b: any) => a[0] - b[0]);
    expect(rules).toEqual([
      [0, 'rate-limit-per-ip'],
      [10, 'AWSManagedRulesAmazonIpReputationList'],
      [20, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [30, 'AWSManagedRulesCommonRuleSet'],
    ]);
    expect(acl.values.rule.find((rule: any) => rule.priority === 0)).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
    });
    for (const rule of acl.values.rule.filter((rule: any) => rule.priority > 0)) {
      expect(rule.override_action).toEqual({ none: {} });
      expect(rule.statement.managed_rule_group_statement).toEqual({ name: rule.name, vendor_name: 'AWS' });
      expect(rule.visibility_config.metric_name).toMatch(/^[\w#:.\-/]{1,128}$/);
    }
  });

  test('the ACL is associated to the ALB ARN and to the API stage ARN', () => {
    const acl = production.only('aws_wafv2_web_acl');
    const targets = production.resources('aws_wafv2_web_acl_association').map((association) => {
      expect(association.values.web_acl_arn).toBe(TerraformJson.ref(acl, 'arn'));
      const { entry, attribute } = production.follow(association.values.resource_arn);
      return `${entry.path}.${attribute}`;
    });
    expect(targets.sort()).toEqual(['apigw/api-api/stage.arn', 'ecs/edge/alb.arn']);
  });

  test('logs go to a KMS-encrypted log group named aws-waf-logs-…, with credentials redacted', () => {
    const logging = production.only('aws_wafv2_web_acl_logging_configuration');
    expect(production.follow(logging.values.resource_arn).entry.type).toBe('aws_wafv2_web_acl');
    const [destination] = logging.values.log_destination_configs.map((reference: string) => production.follow(reference));
    expect(destination.attribute).toBe('arn');
    const group = destination.entry;
    expect(group.type).toBe('aws_cloudwatch_log_group');
    // WAF's rules for a CloudWatch Logs destination: the prefix, and a name of at most 512 characters of [\w.#/-].
    expect(group.values.name).toBe(`${WAF_LOG_GROUP_PREFIX}acme-test`);
    expect(group.values.name).toMatch(/^aws-waf-logs-[\w.#/-]{1,499}$/);
    expect(production.follow(group.values.kms_key_id).entry.path).toBe('log-key/key');
    expect(logging.values.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
  });

  test('GIVEN overrides, a count group and exclusions in the file THEN rule action overrides and a scope-down that skips the paths', () => {
    const platform = platformOf(
      ecsEnvironment({
        waf: {
          enabled: true,
          rateLimitPer5Minutes: 500,
          ruleGroups: {
            common: { ruleOverrides: { SizeRestrictions_BODY: 'count', NoUserAgent_HEADER: 'block' }, excludedPathPrefixes: ['/upload/', '/webhooks/'] },
            knownBadInputs: { action: 'count', excludedPathPrefixes: ['/health'] },
          },
        },
      }),
    );
    const rules = platform.only('aws_wafv2_web_acl').values.rule;
    expect(rules.find((rule: any) => rule.name === 'rate-limit-per-ip').statement.rate_based_statement.limit).toBe(500);
    const common = rules.find((rule: any) => rule.name === 'AWSManagedRulesCommonRuleSet');
    const statement = common.statement.managed_rule_group_statement;
    expect(statement.rule_action_override).toEqual([
      { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
      { name: 'NoUserAgent_HEADER', action_to_use: { block: {} } },
    ]);
    const prefixes = statement.scope_down_statement.not_statement.statement.or_statement.statement.map((s: any) => [
      s.byte_match_statement.search_string,
      s.byte_match_statement.positional_constraint,
    ]);
    expect(prefixes).toEqual([
      ['/upload/', 'STARTS_WITH'],
      ['/webhooks/', 'STARTS_WITH'],
    ]);
    const badInputs = rules.find((rule: any) => rule.name === 'AWSManagedRulesKnownBadInputsRuleSet');
    expect(badInputs.override_action).toEqual({ count: {} });
    expect(badInputs.statement.managed_rule_group_statement.scope_down_statement.not_statement.statement.byte_match_statement.search_string).toBe('/health');
  });

  test('GIVEN a non-production tier and no waf section THEN no web ACL (a choice outside production)', () => {
    expect(platformOf(ecsEnvironment()).count('aws_wafv2_web_acl')).toBe(0);
  });

  test('GIVEN a rate limit under the WAF minimum, an unknown action or a path without / THEN one error each', () => {
    const lines = configProblems({ waf: { rateLimitPer5Minutes: 5, ruleGroups: { common: { action: 'allow', excludedPathPrefixes: ['upload'] } } } });
    expect(lines).toEqual([
      expect.stringMatching(/waf\.rateLimitPer5Minutes: expected at least 10 requests/),
      expect.stringMatching(/waf\.ruleGroups\.common\.action: /),
      expect.stringMatching(/waf\.ruleGroups\.common\.excludedPathPrefixes\[0\]: expected a URL path prefix starting with \//),
    ]);
  });

  describe("the rate rule and the environment's own egress (prod example: services call the API through the NAT EIPs)", () => {
    const file = path.join(__dirname, '../../environments/prod.yaml');
    const prod = synthEnvironment(parseEnvironment(fs.readFileSync(file, 'utf8'), 'environments/prod.yaml', 'prod', { today: FIXTURE_TODAY })).platform;
    const rateRule = (platform: TerraformJson) => platform.only('aws_wafv2_web_acl').values.rule.find((rule: any) => rule.name === 'rate-limit-per-ip');

    test('the rate rule counts only requests from outside an IPv4 IP set that lists every aws_eip of the stack as public_ip/32', () => {
      const scopeDown = rateRule(prod).statement.rate_based_statement.scope_down_statement;
      const ipSet = prod.follow(scopeDown.not_statement.statement.ip_set_reference_statement.arn);
      expect(ipSet.attribute).toBe('arn');
      expect(ipSet.entry.type).toBe('aws_wafv2_ip_set');
      expect(ipSet.entry.values).toMatchObject({ scope: 'REGIONAL', ip_address_version: 'IPV4' });
      const eips = prod.resources('aws_eip');
      expect(eips).toHaveLength(3);
      expect([...ipSet.entry.values.addresses].sort()).toEqual(eips.map((eip) => `${TerraformJson.ref(eip, 'public_ip')}/32`).sort());
      // The managed groups keep inspecting the environment's own calls: only the per-IP count exempts them.
      for (const rule of prod.only('aws_wafv2_web_acl').values.rule.filter((rule: any) => rule.name !== 'rate-limit-per-ip')) {
        expect(JSON.stringify(rule)).not.toContain('ip_set_reference_statement');
      }
    });

    test('the pack rule waf-rate-rule-exempts-own-egress finds prod compliant', () => {
      const { findings } = evaluateStack(prod.json, {
        environment: 'prod',
        production: true,
        stack: 'prod-platform',
        layer: 'platform',
        stateBucket: 'b',
        suppressions: [],
        rules: [wafRateRuleExemptsOwnEgress],
        today: FIXTURE_TODAY,
      });
      expect(findings.map((finding) => finding.verdict.status)).toEqual(['compliant']);
    });

    test("an alarm sums the rate rule's BlockedRequests over 5 minutes by WebACL, Rule and Region as WAF publishes them, and notifies the topic", () => {
      const acl = prod.only('aws_wafv2_web_acl');
      const alarm = prod.resources('aws_cloudwatch_metric_alarm').find((entry) => entry.values.alarm_name === 'acme-prod-waf-rate-limit-blocked')!;
      expect(alarm.values).toMatchObject({
        namespace: 'AWS/WAFV2',
        metric_name: 'BlockedRequests',
        statistic: 'Sum',
        period: 300,
        evaluation_periods: 1,
        datapoints_to_alarm: 1,
        threshold: 100,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
      });
      expect(alarm.values.dimensions).toEqual({ WebACL: acl.values.visibility_config.metric_name, Rule: rateRule(prod).visibility_config.metric_name, Region: 'eu-west-1' });
      for (const actions of [alarm.values.alarm_actions, alarm.values.ok_actions]) expect(actions.map((arn: string) => prod.follow(arn).entry.type)).toEqual(['aws_sns_topic']);
    });

    test('GIVEN an existing VPC (no NAT gateway of ours) THEN no IP set and no scope-down on the rate rule', () => {
      const platform = platformOf(ecsEnvironment({ tier: 'production', network: existingVpcNetwork() }));
      expect(platform.count('aws_wafv2_ip_set')).toBe(0);
      expect(rateRule(platform).statement.rate_based_statement.scope_down_statement).toBeUndefined();
    });

    test('GIVEN alarms.thresholds.wafRateLimitBlockedPer5Minutes THEN the alarm uses it; 0 is refused', () => {
      const platform = platformOf(ecsEnvironment({ tier: 'production', alarms: { thresholds: { wafRateLimitBlockedPer5Minutes: 20 } } }));
      expect(platform.resources('aws_cloudwatch_metric_alarm').find((entry) => entry.values.alarm_name === 'acme-test-waf-rate-limit-blocked')!.values.threshold).toBe(20);
      expect(configProblems({ alarms: { thresholds: { wafRateLimitBlockedPer5Minutes: 0 } } })).toEqual([
        expect.stringMatching(/alarms\.thresholds\.wafRateLimitBlockedPer5Minutes: expected a number of requests above 0/),
      ]);
    });
  });
});
