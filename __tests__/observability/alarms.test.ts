import * as path from 'path';
import * as fs from 'fs';
import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { ecsEnvironment, platformOf } from '../ecs/ecs-fixture';
import { eksEnvironment } from '../eks/eks-fixture';
import { configProblems } from '../helpers/config-problems';
import { environmentDocument, synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { TerraformJson, type ResourceEntry } from '../helpers/terraform-json';

/** The alarm named `<prefix>-<suffix>`. */
function alarm(platform: TerraformJson, name: string): ResourceEntry {
  const found = platform.resources('aws_cloudwatch_metric_alarm').filter((entry) => entry.values.alarm_name === `acme-test-${name}`);
  expect(found).toHaveLength(1);
  return found[0];
}
/** The metric of an alarm's query `id`. */
function metricOf(entry: ResourceEntry, id: string): Record<string, any> {
  return entry.values.metric_query.find((query: Record<string, any>) => query.id === id).metric;
}
const returned = (entry: ResourceEntry) => entry.values.metric_query.filter((query: Record<string, any>) => query.return_data === true);

describe('service alarms (web behind the ALB, api behind API Gateway and the NLB, worker with no ingress)', () => {
  const platform = platformOf(ecsEnvironment());
  const webTargetGroup = () => platform.resource('aws_lb_target_group', 'ecs/edge/service-web/target-group');

  test('web: target 5xx rate is HTTPCode_Target_5XX_Count over RequestCount of its own target group and the ALB, above 5% by default', () => {
    const rate = alarm(platform, 'web-target-5xx-rate');
    for (const id of ['errors', 'requests']) {
      const metric = metricOf(rate, id);
      expect(metric.namespace).toBe('AWS/ApplicationELB');
      expect(metric.dimensions.TargetGroup).toBe(TerraformJson.ref(webTargetGroup(), 'arn_suffix'));
      expect(platform.follow(metric.dimensions.LoadBalancer).entry.path).toBe('ecs/edge/alb');
      expect(metric.period).toBe(60);
    }
    expect(metricOf(rate, 'errors')).toMatchObject({ metric_name: 'HTTPCode_Target_5XX_Count', stat: 'Sum' });
    expect(metricOf(rate, 'requests')).toMatchObject({ metric_name: 'RequestCount', stat: 'Sum' });
    expect(returned(rate)).toEqual([expect.objectContaining({ expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)' })]);
    expect(rate.values).toMatchObject({ threshold: 5, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 3, datapoints_to_alarm: 3, treat_missing_data: 'notBreaching' });
  });

  test('web and api: unhealthy targets of their own target group behind the ALB and the NLB', () => {
    const web = alarm(platform, 'web-unhealthy-targets');
    expect(web.values).toMatchObject({ namespace: 'AWS/ApplicationELB', metric_name: 'UnHealthyHostCount', statistic: 'Maximum', threshold: 1, comparison_operator: 'GreaterThanOrEqualToThreshold' });
    expect(web.values.dimensions.TargetGroup).toBe(TerraformJson.ref(webTargetGroup(), 'arn_suffix'));
    const api = alarm(platform, 'api-unhealthy-targets');
    expect(api.values.namespace).toBe('AWS/NetworkELB');
    expect(platform.follow(api.values.dimensions.TargetGroup).entry.path).toMatch(/^apigw\/listener-api\//);
    expect(platform.follow(api.values.dimensions.LoadBalancer).entry.path).toBe('apigw/nlb/load-balancer');
    expect(platform.resources('aws_cloudwatch_metric_alarm').some((entry) => entry.values.alarm_name === 'acme-test-api-target-5xx-rate')).toBe(false);
  });

  test('api: 5XX rate and p99 latency of its own REST API name and stage', () => {
    const restApi = platform.resource('aws_api_gateway_rest_api', 'apigw/api-api/rest-api');
    const stage = platform.resource('aws_api_gateway_stage', 'apigw/api-api/stage');
    const rate = alarm(platform, 'api-api-5xx-rate');
    expect(metricOf(rate, 'failed')).toMatchObject({ namespace: 'AWS/ApiGateway', metric_name: '5XXError', stat: 'Average' });
    expect(metricOf(rate, 'failed').dimensions).toEqual({ ApiName: TerraformJson.ref(restApi, 'name'), Stage: TerraformJson.ref(stage, 'stage_name') });
    expect(rate.values.threshold).toBe(5);
    const latency = alarm(platform, 'api-api-latency-p99');
    expect(latency.values).toMatchObject({ namespace: 'AWS/ApiGateway', metric_name: 'Latency', extended_statistic: 'p99', threshold: 2500 });
    expect(latency.values.statistic).toBeUndefined();
    expect(latency.values.dimensions).toEqual({ ApiName: TerraformJson.ref(restApi, 'name'), Stage: TerraformJson.ref(stage, 'stage_name') });
  });

  test.each(['web', 'api', 'worker'])('%s: running tasks below desired on Container Insights of its cluster and service name', (name) => {
    const service = platform.resource('aws_ecs_service', `ecs/service-${name}/service`);
    const cluster = platform.follow(service.values.cluster).entry;
    const tasks = alarm(platform, `${name}-tasks-below-desired`);
    for (const id of ['running', 'desired']) {
      expect(metricOf(tasks, id).namespace).toBe('ECS/ContainerInsights');
      expect(metricOf(tasks, id).dimensions).toEqual({ ClusterName: TerraformJson.ref(cluster, 'name'), ServiceName: service.values.name });
    }
    expect(tasks.values).toMatchObject({ threshold: 1, evaluation_periods: 10 });
  });

  test('web and api deployments roll back on their own target and API alarms; the worker watches none, said explicitly', () => {
    const expected: Record<string, { alarms: string[]; enable: boolean }> = {
      web: { alarms: ['web-target-5xx-rate', 'web-unhealthy-targets'], enable: true },
      api: { alarms: ['api-unhealthy-targets', 'api-api-5xx-rate'], enable: true },
      // Spot interruptions are no reason to undo a release: the circuit breaker guards the worker's. The block stays,
      // switched off, with a non-empty list (the provider sends no empty one; removing the block leaves old alarms on).
      worker: { alarms: ['worker-tasks-below-desired'], enable: false },
    };
    for (const [name, { alarms, enable }] of Object.entries(expected)) {
      const service = platform.resource('aws_ecs_service', `ecs/service-${name}/service`);
      expect(service.values.alarms).toMatchObject({ enable, rollback: enable });
      expect(service.values.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      const named = service.values.alarms.alarm_names.map((reference: string) => {
        const { entry, attribute } = platform.follow(reference);
        expect(attribute).toBe('alarm_name');
        return entry.values.alarm_name;
      });
      expect(named).toEqual(alarms.map((suffix) => `acme-test-${suffix}`));
    }
  });

  test('every alarm notifies the KMS-encrypted topic when firing and recovering; the key lets CloudWatch publish', () => {
    const topic = platform.only('aws_sns_topic');
    expect(topic.values.name).toBe('acme-test-alarms');
    const key = platform.follow(topic.values.kms_master_key_id).entry;
    expect(key.type).toBe('aws_kms_key');
    const keyPolicy = platform.follow(key.values.policy).entry.values.statement;
    expect(keyPolicy).toContainEqual(expect.objectContaining({ actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }] }));
    const topicPolicy = platform.follow(platform.only('aws_sns_topic_policy').values.policy).entry.values.statement;
    expect(topicPolicy.find((statement: any) => statement.sid === 'CloudWatchAlarmsOfThisAccountPublish').condition).toEqual([
      { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*'] },
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
    ]);
    const alarms = platform.resources('aws_cloudwatch_metric_alarm');
    for (const entry of alarms) {
      expect(entry.values.alarm_actions).toEqual([TerraformJson.ref(topic, 'arn')]);
      expect(entry.values.ok_actions).toEqual([TerraformJson.ref(topic, 'arn')]);
      expect(entry.values.alarm_name.length).toBeLessThanOrEqual(255);
      expect(entry.values.alarm_description).toMatch(/Runbook: docs\/operations\.md#/);
    }
    expect(new Set(alarms.map((entry) => entry.values.alarm_name)).size).toBe(alarms.length);
    expect(platform.count('aws_sns_topic_subscription')).toBe(0);
  });

  test('environment: the ALB 5xx alarm on the ALB itself, a NAT port-allocation alarm per NAT gateway', () => {
    const alb = alarm(platform, 'alb-5xx');
    expect(alb.values).toMatchObject({ namespace: 'AWS/ApplicationELB', metric_name: 'HTTPCode_ELB_5XX_Count', statistic: 'Sum', threshold: 10 });
    expect(platform.follow(alb.values.dimensions.LoadBalancer).entry.path).toBe('ecs/edge/alb');
    for (const zone of ['eu-west-1a', 'eu-west-1b']) {
      const nat = alarm(platform, `nat-${zone}-port-allocation`);
      expect(nat.values).toMatchObject({ namespace: 'AWS/NATGateway', metric_name: 'ErrorPortAllocation', threshold: 1 });
      expect(platform.follow(nat.values.dimensions.NatGatewayId).entry.path).toBe(`network/nat-${zone}`);
    }
  });

  test('GIVEN thresholds and a subscription in the file THEN the alarms use them and the topic has the subscription', () => {
    const custom = platformOf(
      ecsEnvironment({
        alarms: {
          thresholds: { targetErrorRatePercent: 2, apiLatencyP99Milliseconds: 800, evaluationMinutes: 5, albErrorsPerMinute: 50 },
          subscriptions: { 'on-call': { protocol: 'email', endpoint: 'oncall@acme-example.com' }, chat: { protocol: 'https', endpoint: 'https://chat.example.com/hooks/sns' } },
        },
      }),
    );
    expect(alarm(custom, 'web-target-5xx-rate').values).toMatchObject({ threshold: 2, evaluation_periods: 5 });
    expect(alarm(custom, 'api-api-latency-p99').values.threshold).toBe(800);
    expect(alarm(custom, 'alb-5xx').values.threshold).toBe(50);
    const subscriptions = custom.resources('aws_sns_topic_subscription').map((entry) => [entry.values.protocol, entry.values.endpoint]);
    expect(subscriptions.sort()).toEqual([
      ['email', 'oncall@acme-example.com'],
      ['https', 'https://chat.example.com/hooks/sns'],
    ]);
    // The https one waits for its confirmation (5 minutes, not the provider's 1); the e-mail one cannot be waited for.
    const https = custom.resources('aws_sns_topic_subscription').find((entry) => entry.values.protocol === 'https')!;
    expect(https.values).toMatchObject({ endpoint_auto_confirms: true, confirmation_timeout_in_minutes: 5 });
    const email = custom.resources('aws_sns_topic_subscription').find((entry) => entry.values.protocol === 'email')!;
    expect(email.values.confirmation_timeout_in_minutes).toBeUndefined();
  });

  test.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'a Slack incoming webhook'],
    ['https://acme.webhook.office.com/webhookb2/abc', 'a Microsoft Teams incoming webhook'],
    ['https://discord.com/api/webhooks/1/abc', 'a Discord webhook'],
  ])('GIVEN an https subscription to %s THEN refused at its endpoint: it never confirms, so the apply would fail', (endpoint, what) => {
    const lines = configProblems({ alarms: { subscriptions: { chat: { protocol: 'https', endpoint } } } });
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^environments/bad\\.yaml:\\d+:\\d+: alarms\\.subscriptions\\.chat\\.endpoint: expected an https endpoint that confirms SNS subscriptions, got ${what} `)),
    ]);
  });

  test('GIVEN docs/operations.md THEN it says what a pending e-mail subscription does (3 days, drift) and which chat endpoints confirm', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/operations.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### The topic and its subscriptions'), doc.indexOf('The key of a subscription is its construct id'));
    expect(section).toMatch(/3 days/);
    expect(section).toMatch(/drift/);
    expect(section).toMatch(/PagerDuty/);
    expect(section).toMatch(/Slack and Microsoft Teams incoming webhooks/);
    expect(section).toMatch(/up to 5 minutes/);
  });

  test('GIVEN a subscription that is not an address of its protocol, or a percentage over 100 THEN one error each at its key', () => {
    const lines = configProblems({ alarms: { subscriptions: { ops: { protocol: 'email', endpoint: 'not-an-address' } }, thresholds: { apiErrorRatePercent: 140 } } });
    expect(lines).toEqual([
      expect.stringMatching(/^environments\/bad\.yaml:\d+:\d+: alarms\.subscriptions\.ops\.endpoint: expected an e-mail address, got "not-an-address"$/),
      expect.stringMatching(/^environments\/bad\.yaml:\d+:\d+: alarms\.thresholds\.apiErrorRatePercent: expected a percentage of at most 100/),
    ]);
  });
});

describe('EKS node group alarms', () => {
  test('GIVEN a group with minimum 1 and one with minimum 0 THEN only the first has a no-healthy-node alarm, on its own Auto Scaling group', () => {
    const { platform } = synthEnvironment(eksEnvironment());
    const nodeAlarms = platform.resources('aws_cloudwatch_metric_alarm').filter((entry) => /-nodes-/.test(entry.values.alarm_name));
    expect(nodeAlarms.map((entry) => entry.values.alarm_name)).toEqual(['acme-test-nodes-system-none-healthy']);
    const [nodes] = nodeAlarms;
    const group = platform.resource('aws_eks_node_group', 'eks/system/node-group');
    for (const id of ['reported', 'failed']) {
      const metric = metricOf(nodes, id);
      expect(metric).toMatchObject({ namespace: 'AWS/EC2', metric_name: 'StatusCheckFailed' });
      expect(metric.dimensions.AutoScalingGroupName).toBe(`\${${group.address}.resources[0].autoscaling_groups[0].name}`);
    }
    expect(nodes.values).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 1, treat_missing_data: 'breaching' });
  });
});

test('an environment file without an alarms section loads with the documented defaults', () => {
  const config = parseEnvironment(stringify(environmentDocument()), 'environments/t.yaml', 't', { today: FIXTURE_TODAY });
  expect(config.alarms).toEqual({
    subscriptions: {},
    thresholds: {
      targetErrorRatePercent: 5,
      unhealthyTargets: 1,
      tasksBelowDesiredMinutes: 10,
      apiErrorRatePercent: 5,
      apiLatencyP99Milliseconds: 2500,
      albErrorsPerMinute: 10,
      evaluationMinutes: 3,
      wafRateLimitBlockedPer5Minutes: 100,
    },
  });
});
