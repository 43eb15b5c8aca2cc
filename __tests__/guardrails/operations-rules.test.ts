import { wafProductionEdge } from '../../lib/guardrails/rules/waf-production-edge';
import { wafRateRuleExemptsOwnEgress } from '../../lib/guardrails/rules/waf-rate-rule-exempts-own-egress';
import { ecsDeploymentAlarms } from '../../lib/guardrails/rules/ecs-deployment-alarms';
import { alarmNotifiesTopic } from '../../lib/guardrails/rules/alarm-notifies-topic';
import { privateSubnetS3Endpoint } from '../../lib/guardrails/rules/private-subnet-s3-endpoint';
import { routeTableRouteToTerraform, type RouteTableRoute } from '@cdktf/provider-aws/lib/route-table';
import { blockingFindings, evaluateStack } from '../../lib/guardrails/evaluate-stack';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { fixtureStack, verdictsOf, type FixtureResource } from './stack-fixture';

const alb: FixtureResource = { type: 'aws_lb', name: 'alb', values: { load_balancer_type: 'application', internal: false } };
const internalAlb: FixtureResource = { type: 'aws_lb', name: 'inner', values: { load_balancer_type: 'application', internal: true } };
const stage: FixtureResource = { type: 'aws_api_gateway_stage', name: 'v1', values: {} };
const acl: FixtureResource = { type: 'aws_wafv2_web_acl', name: 'acl', values: { scope: 'REGIONAL' } };
const association = (name: string, arn: string): FixtureResource => ({ type: 'aws_wafv2_web_acl_association', name, values: { resource_arn: arn, web_acl_arn: '${aws_wafv2_web_acl.acl.arn}' } });

describe('rule waf-production-edge', () => {
  test('GIVEN production with the ALB and the stage associated to a web ACL THEN compliant', () => {
    const verdicts = verdictsOf(wafProductionEdge, [alb, stage, acl, association('a', '${aws_lb.alb.arn}'), association('s', '${aws_api_gateway_stage.v1.arn}')], { production: true });
    expect(verdicts).toEqual(['alb: compliant', 'v1: compliant']);
  });

  test('GIVEN production and the association of the stage removed THEN the stage is non-compliant', () => {
    const verdicts = verdictsOf(wafProductionEdge, [alb, stage, acl, association('a', '${aws_lb.alb.arn}')], { production: true });
    expect(verdicts).toEqual(['alb: compliant', expect.stringMatching(/^v1: non-compliant \(no aws_wafv2_web_acl_association/)]);
  });

  test('GIVEN an internal ALB, or a non-production environment THEN not applicable', () => {
    expect(verdictsOf(wafProductionEdge, [internalAlb], { production: true })).toEqual([]);
    expect(verdictsOf(wafProductionEdge, [alb, stage], { production: false })).toEqual([]);
  });

  test('GIVEN a suppression with a reason THEN the finding is suppressed, not a failure', () => {
    const suppression = { stack: 'platform', rule: 'waf-production-edge', resource: 'alb', reason: 'CloudFront with its own web ACL fronts this ALB' };
    const evaluate = (suppressions: (typeof suppression)[]) =>
      evaluateStack(fixtureStack([alb]), {
        environment: 'prod',
        production: true,
        stack: 'prod-platform',
        layer: 'platform',
        stateBucket: 'b',
        suppressions,
        rules: [wafProductionEdge],
        today: FIXTURE_TODAY,
      });
    expect(blockingFindings(evaluate([])).map((finding) => finding.resource.path)).toEqual(['alb']);
    const suppressed = evaluate([suppression]);
    expect(blockingFindings(suppressed)).toEqual([]);
    expect(suppressed.findings[0].suppressedBy?.reason).toBe(suppression.reason);
  });
});

const alarm: FixtureResource = {
  type: 'aws_cloudwatch_metric_alarm',
  name: 'web_5xx',
  values: { alarm_name: 'acme-dev-web-target-5xx-rate', alarm_actions: ['${aws_sns_topic.alarms.arn}'], ok_actions: ['${aws_sns_topic.alarms.arn}'] },
};
describe('rule ecs-deployment-alarms', () => {
  // The shapes the constructs synthesize (cdktf.out/stacks/*-platform/cdk.tf.json): dimensions are references.
  const cluster: FixtureResource = { type: 'aws_ecs_cluster', name: 'cluster', values: { name: 'acme-dev' } };
  const targetGroup = (name: string): FixtureResource => ({ type: 'aws_lb_target_group', name, values: {} });
  const tasksBelowDesired = (service: string): FixtureResource => ({
    type: 'aws_cloudwatch_metric_alarm',
    name: `${service}_tasks`,
    values: {
      alarm_name: `acme-dev-${service}-tasks-below-desired`,
      metric_query: [
        { id: 'running', metric: { namespace: 'ECS/ContainerInsights', metric_name: 'RunningTaskCount', dimensions: { ClusterName: '${aws_ecs_cluster.cluster.name}', ServiceName: service } } },
        { id: 'missing', expression: 'desired - FILL(running, 0)' },
      ],
    },
  });
  const unhealthyTargets = (service: string): FixtureResource => ({
    type: 'aws_cloudwatch_metric_alarm',
    name: `${service}_unhealthy`,
    values: { alarm_name: `acme-dev-${service}-unhealthy-targets`, dimensions: { TargetGroup: `\${aws_lb_target_group.${service}.arn_suffix}`, LoadBalancer: '${aws_lb.alb.arn_suffix}' } },
  });
  const ecsService = (name: string, values: Record<string, any>): FixtureResource => ({
    type: 'aws_ecs_service',
    name,
    values: { name, cluster: '${aws_ecs_cluster.cluster.arn}', deployment_circuit_breaker: { enable: true, rollback: true }, ...values },
  });
  const behind = (group: string) => ({ load_balancer: [{ target_group_arn: `\${aws_lb_target_group.${group}.arn}`, container_name: 'envoy', container_port: 8443 }] });
  const watching = (...alarms: string[]) => ({ alarms: { enable: true, rollback: true, alarm_names: alarms } });
  const stack = [cluster, targetGroup('web'), targetGroup('api'), unhealthyTargets('web'), unhealthyTargets('api'), tasksBelowDesired('web'), tasksBelowDesired('worker')];

  test('GIVEN a service behind a load balancer watching its own target group alarm (by reference or by name) THEN compliant', () => {
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('web', { ...behind('web'), ...watching('${aws_cloudwatch_metric_alarm.web_unhealthy.alarm_name}') })])).toEqual(['web: compliant']);
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('web', { ...behind('web'), ...watching('acme-dev-web-unhealthy-targets') })])).toEqual(['web: compliant']);
  });

  test('GIVEN a service watching an alarm on its ServiceName in its cluster, inside metric math THEN compliant', () => {
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('web', { ...behind('web'), ...watching('${aws_cloudwatch_metric_alarm.web_tasks.alarm_name}') })])).toEqual(['web: compliant']);
  });

  test("GIVEN a service whose alarm_names name only another service's alarms THEN non-compliant, naming them", () => {
    const verdicts = verdictsOf(ecsDeploymentAlarms, [
      ...stack,
      ecsService('web', { ...behind('web'), ...watching('${aws_cloudwatch_metric_alarm.api_unhealthy.alarm_name}', 'acme-dev-worker-tasks-below-desired') }),
    ]);
    expect(verdicts).toEqual([
      expect.stringMatching(
        /^web: non-compliant \(alarms\.alarm_names names alarms not on this service's own metrics \(ServiceName web in its cluster, the TargetGroup of one of its load_balancer blocks, or the ApiName of an API in front of it\): \$\{aws_cloudwatch_metric_alarm\.api_unhealthy\.alarm_name\}, acme-dev-worker-tasks-below-desired\)$/,
      ),
    ]);
  });

  test("GIVEN an alarm on the ServiceName of a service of the same name in another cluster THEN it is not this service's", () => {
    const otherCluster: FixtureResource = { type: 'aws_ecs_cluster', name: 'other', values: { name: 'acme-other' } };
    const web = ecsService('web', { ...behind('web'), ...watching('acme-dev-web-tasks-below-desired'), cluster: '${aws_ecs_cluster.other.arn}' });
    const verdicts = verdictsOf(ecsDeploymentAlarms, [...stack, otherCluster, web]);
    expect(verdicts).toEqual([expect.stringMatching(/^web: non-compliant \(alarms\.alarm_names names alarms not on this service's own metrics/)]);
  });

  describe('an API in front of the service', () => {
    // API Gateway -> VPC link -> internal NLB -> the service's listener (its port in the integration URI) -> target group.
    const api = (service: string, port: number): FixtureResource[] => [
      { type: 'aws_api_gateway_rest_api', name: `${service}_api`, values: { name: `acme-dev-${service}` } },
      {
        type: 'aws_api_gateway_integration',
        name: `${service}_integration`,
        values: {
          rest_api_id: `\${aws_api_gateway_rest_api.${service}_api.id}`,
          connection_type: 'VPC_LINK',
          connection_id: '${aws_api_gateway_vpc_link.link.id}',
          uri: `https://${service}.internal.example.com:${port}/{proxy}`,
        },
      },
      {
        type: 'aws_lb_listener',
        name: `${service}_listener`,
        values: { load_balancer_arn: '${aws_lb.nlb.arn}', port, default_action: [{ type: 'forward', target_group_arn: `\${aws_lb_target_group.${service}.arn}` }] },
      },
      {
        type: 'aws_cloudwatch_metric_alarm',
        name: `${service}_5xx`,
        values: {
          alarm_name: `acme-dev-${service}-api-5xx-rate`,
          metric_query: [{ id: 'failed', metric: { dimensions: { ApiName: `\${aws_api_gateway_rest_api.${service}_api.name}`, Stage: 'v1' } } }],
        },
      },
    ];
    const network: FixtureResource[] = [
      { type: 'aws_lb', name: 'nlb', values: { load_balancer_type: 'network' } },
      { type: 'aws_api_gateway_vpc_link', name: 'link', values: { target_arns: ['${aws_lb.nlb.arn}'] } },
    ];

    test('GIVEN a service watching only the 5XX rate of the API whose integration reaches its target group THEN compliant', () => {
      expect(
        verdictsOf(ecsDeploymentAlarms, [...stack, ...network, ...api('api', 443), ecsService('api', { ...behind('api'), ...watching('${aws_cloudwatch_metric_alarm.api_5xx.alarm_name}') })]),
      ).toEqual(['api: compliant']);
    });

    test('GIVEN a service watching only the 5XX rate of an API in front of another service THEN non-compliant', () => {
      const verdicts = verdictsOf(ecsDeploymentAlarms, [
        ...stack,
        ...network,
        ...api('api', 443),
        ...api('web', 8443),
        ecsService('api', { ...behind('api'), ...watching('${aws_cloudwatch_metric_alarm.web_5xx.alarm_name}') }),
      ]);
      expect(verdicts).toEqual([
        expect.stringMatching(/^api: non-compliant \(alarms\.alarm_names names alarms not on this service's own metrics .*: \$\{aws_cloudwatch_metric_alarm\.web_5xx\.alarm_name\}\)$/),
      ]);
    });
  });

  test('GIVEN a worker (no load balancer, no API) whose deployment watches no alarm and whose circuit breaker rolls back THEN compliant', () => {
    const off = { alarms: { enable: false, rollback: false, alarm_names: ['${aws_cloudwatch_metric_alarm.worker_tasks.alarm_name}'] } };
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('worker', off)])).toEqual(['worker: compliant']);
  });

  test('GIVEN a service with no alarms block at all THEN non-compliant: the provider sends nothing, so ECS keeps the alarms it watched before', () => {
    for (const service of [ecsService('worker', {}), ecsService('web', behind('web'))]) {
      expect(verdictsOf(ecsDeploymentAlarms, [...stack, service])).toEqual([
        `${service.name}: non-compliant (no alarms block: without one, ECS keeps the deployment alarms the service had before; write it, with enable = false to watch none)`,
      ]);
    }
  });

  test("GIVEN a service watching its own alarm and another service's THEN non-compliant, naming only the other's: its trouble must not roll this release back", () => {
    const verdicts = verdictsOf(ecsDeploymentAlarms, [
      ...stack,
      ecsService('web', { ...behind('web'), ...watching('${aws_cloudwatch_metric_alarm.web_unhealthy.alarm_name}', '${aws_cloudwatch_metric_alarm.api_unhealthy.alarm_name}') }),
    ]);
    expect(verdicts).toEqual([
      expect.stringMatching(/^web: non-compliant \(alarms\.alarm_names names alarms not on this service's own metrics .*\): \$\{aws_cloudwatch_metric_alarm\.api_unhealthy\.alarm_name\}\)$/),
    ]);
  });

  test('GIVEN an alarms block with an empty alarm_names, switched on or off THEN non-compliant: it plans but the apply fails', () => {
    for (const enable of [true, false]) {
      expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('worker', { alarms: { enable, rollback: enable, alarm_names: [] } })])).toEqual([
        'worker: non-compliant (alarms.alarm_names is empty: the apply fails (alarmNames is required); name an alarm, with enable = false to watch none)',
      ]);
    }
  });

  test('GIVEN a worker whose circuit breaker does not roll back THEN non-compliant: nothing guards its releases', () => {
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('worker', { deployment_circuit_breaker: { enable: true, rollback: false } })])).toEqual([
      'worker: non-compliant (deployment_circuit_breaker { enable = true, rollback = true } is not set)',
    ]);
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('worker', { deployment_circuit_breaker: undefined })])).toEqual([
      expect.stringMatching(/deployment_circuit_breaker \{ enable = true, rollback = true \} is not set/),
    ]);
  });

  test("GIVEN a worker that does watch alarms, only another service's THEN non-compliant", () => {
    expect(verdictsOf(ecsDeploymentAlarms, [...stack, ecsService('worker', watching('acme-dev-web-tasks-below-desired'))])).toEqual([
      expect.stringMatching(/^worker: non-compliant \(alarms\.alarm_names names alarms not on this service's own metrics \(ServiceName worker in its cluster/),
    ]);
  });

  test('GIVEN a service behind a load balancer with alarms switched off, rollback off, or a name no alarm has THEN non-compliant', () => {
    const web = (values: Record<string, any>) => [...stack, ecsService('web', { ...behind('web'), ...values })];
    expect(verdictsOf(ecsDeploymentAlarms, web({ alarms: { enable: false, rollback: false, alarm_names: ['acme-dev-web-unhealthy-targets'] } }))).toEqual([
      expect.stringMatching(/not set \(a service behind a load balancer\)/),
    ]);
    expect(verdictsOf(ecsDeploymentAlarms, web({ alarms: { enable: true, rollback: false, alarm_names: ['acme-dev-web-unhealthy-targets'] } }))).toEqual([expect.stringMatching(/not set/)]);
    expect(verdictsOf(ecsDeploymentAlarms, web(watching('acme-dev-web-gone')))).toEqual(['web: non-compliant (alarms.alarm_names names no alarm of this stack: acme-dev-web-gone)']);
  });
});

const topic = (encrypted: boolean | string): FixtureResource => ({
  type: 'aws_sns_topic',
  name: 'alarms',
  values: encrypted === false ? {} : { kms_master_key_id: encrypted === true ? '${aws_kms_key.alarms.arn}' : encrypted },
});
const key: FixtureResource = { type: 'aws_kms_key', name: 'alarms', values: { policy: '${data.aws_iam_policy_document.alarms-key.json}' } };
/** The key policy the AlarmTopic construct writes (lib/observability/alarm-topic.ts), with CloudWatch's statement as given. */
const keyPolicy = (cloudWatchActions: string[] | undefined): FixtureResource => ({
  type: 'aws_iam_policy_document',
  name: 'alarms-key',
  data: true,
  values: {
    statement: [
      { sid: 'AccountAdministers', effect: 'Allow', actions: ['kms:*'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }], resources: ['*'] },
      ...(cloudWatchActions
        ? [{ sid: 'CloudWatchPublishesToTheTopic', effect: 'Allow', actions: cloudWatchActions, principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }], resources: ['*'] }]
        : []),
    ],
  },
});

describe('rule alarm-notifies-topic', () => {
  test('GIVEN an alarm that notifies the topic whose key admits CloudWatch, when firing and recovering THEN compliant', () => {
    expect(verdictsOf(alarmNotifiesTopic, [topic(true), key, keyPolicy(['kms:Decrypt', 'kms:GenerateDataKey*']), alarm])).toEqual(['web_5xx: compliant']);
    expect(verdictsOf(alarmNotifiesTopic, [topic(true), key, keyPolicy(['kms:*']), alarm])).toEqual(['web_5xx: compliant']);
  });

  test('GIVEN no ok_actions, or an unencrypted topic THEN non-compliant', () => {
    const withKey = [key, keyPolicy(['kms:Decrypt', 'kms:GenerateDataKey*'])];
    expect(verdictsOf(alarmNotifiesTopic, [topic(true), ...withKey, { ...alarm, values: { ...alarm.values, ok_actions: [] } }])).toEqual([
      'web_5xx: non-compliant (ok_actions name no KMS-encrypted aws_sns_topic of this stack that CloudWatch can publish to)',
    ]);
    expect(verdictsOf(alarmNotifiesTopic, [topic(false), alarm])).toEqual([expect.stringMatching(/alarm_actions and ok_actions name no KMS-encrypted .*alarms is not KMS-encrypted\)$/)]);
  });

  test.each([
    ['the AWS managed key', [topic('alias/aws/sns')], /alarms is encrypted with the AWS managed key alias\/aws\/sns, whose policy cannot admit cloudwatch\.amazonaws\.com\)$/],
    ['a key ARN from outside the stack', [topic('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')], /not an aws_kms_key of this stack, so its policy cannot be checked/],
    ['a CMK without the CloudWatch statement', [topic(true), key, keyPolicy(undefined)], /key whose policy does not allow cloudwatch\.amazonaws\.com kms:Decrypt and kms:GenerateDataKey\)$/],
    ['a CMK allowing CloudWatch only kms:Decrypt', [topic(true), key, keyPolicy(['kms:Decrypt'])], /key whose policy does not allow cloudwatch\.amazonaws\.com kms:GenerateDataKey\)$/],
  ])('GIVEN a topic encrypted with %s THEN non-compliant: CloudWatch cannot publish to it', (_, resources, reason) => {
    expect(verdictsOf(alarmNotifiesTopic, [...resources, alarm])).toEqual([expect.stringMatching(/^web_5xx: non-compliant \(alarm_actions and ok_actions name no KMS-encrypted/)]);
    expect(verdictsOf(alarmNotifiesTopic, [...resources, alarm])).toEqual([expect.stringMatching(reason)]);
  });
});

describe('rule private-subnet-s3-endpoint', () => {
  const tables: FixtureResource[] = [
    { type: 'aws_internet_gateway', name: 'igw', values: {} },
    { type: 'aws_route_table', name: 'public', values: {} },
    { type: 'aws_route', name: 'public_default', values: { route_table_id: '${aws_route_table.public.id}', destination_cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' } },
    { type: 'aws_route_table', name: 'private_a', values: {} },
    { type: 'aws_route_table', name: 'private_b', values: {} },
  ];
  const endpoint = (routeTables: string[]): FixtureResource => ({
    type: 'aws_vpc_endpoint',
    name: 's3',
    values: { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-west-1.s3', route_table_ids: routeTables },
  });

  test('GIVEN the S3 gateway endpoint on every private route table THEN compliant; the public table is not applicable', () => {
    expect(verdictsOf(privateSubnetS3Endpoint, [...tables, endpoint(['${aws_route_table.private_a.id}', '${aws_route_table.private_b.id}'])])).toEqual([
      'private_a: compliant',
      'private_b: compliant',
    ]);
  });

  test('GIVEN the endpoint removed from one private route table THEN that table is non-compliant', () => {
    expect(verdictsOf(privateSubnetS3Endpoint, [...tables, endpoint(['${aws_route_table.private_a.id}'])])).toEqual([
      'private_a: compliant',
      expect.stringMatching(/^private_b: non-compliant \(no S3 gateway endpoint/),
    ]);
  });

  // An inline route block as the provider binding writes it: every attribute of the object, null when unset.
  const inline = (routes: RouteTableRoute[]): FixtureResource => ({ type: 'aws_route_table', name: 'other', values: { route: routes.map(routeTableRouteToTerraform) } });
  const route = (values: Record<string, string>): FixtureResource => ({ type: 'aws_route', name: 'other_route', values: { route_table_id: '${aws_route_table.other.id}', ...values } });
  const igw = '${aws_internet_gateway.igw.id}';
  const withoutEndpoint = [...tables, endpoint(['${aws_route_table.private_a.id}', '${aws_route_table.private_b.id}'])];

  test.each<[string, FixtureResource[]]>([
    ['an inline route block', [inline([{ cidrBlock: '0.0.0.0/0', gatewayId: igw }])]],
    [
      'an inline route block beside others',
      [
        inline([
          { cidrBlock: '10.1.0.0/16', transitGatewayId: 'tgw-0123456789abcdef0' },
          { cidrBlock: '0.0.0.0/0', gatewayId: igw },
        ]),
      ],
    ],
    // An existing VPC's internet gateway is not a resource of the stack: its id is a literal.
    [
      'an aws_route to an existing VPC’s gateway by its id',
      [{ type: 'aws_route_table', name: 'other', values: {} }, route({ destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-0123456789abcdef0' })],
    ],
    ['an inline route block to an existing VPC’s gateway by its id', [inline([{ cidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a1b2c3d' }])]],
  ])('GIVEN a table whose IPv4 default route to an internet gateway is %s THEN it is public: not applicable', (_, resources) => {
    expect(verdictsOf(privateSubnetS3Endpoint, [...withoutEndpoint, ...resources])).toEqual(['private_a: compliant', 'private_b: compliant']);
  });

  test.each<[string, FixtureResource[]]>([
    // IPv4 (and so the SDKs' default S3 endpoints) still leaves through the NAT gateway.
    [
      'only an IPv6 default route (::/0) to the internet gateway, as an aws_route',
      [{ type: 'aws_route_table', name: 'other', values: {} }, route({ destination_ipv6_cidr_block: '::/0', gateway_id: igw })],
    ],
    [
      'only an IPv6 default route (::/0) to the internet gateway, inline',
      [
        inline([
          { ipv6CidrBlock: '::/0', gatewayId: igw },
          { cidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0123456789abcdef0' },
        ]),
      ],
    ],
    ['a route to the internet gateway for one network only', [{ type: 'aws_route_table', name: 'other', values: {} }, route({ destination_cidr_block: '198.51.100.0/24', gateway_id: igw })]],
    ['its default route to a virtual private gateway', [inline([{ cidrBlock: '0.0.0.0/0', gatewayId: 'vgw-0123456789abcdef0' }])]],
  ])('GIVEN a table with %s THEN it is private: non-compliant without the S3 endpoint', (_, resources) => {
    expect(verdictsOf(privateSubnetS3Endpoint, [...withoutEndpoint, ...resources])).toEqual([
      'private_a: compliant',
      'private_b: compliant',
      expect.stringMatching(/^other: non-compliant \(no S3 gateway endpoint/),
    ]);
  });
});

describe('rule waf-rate-rule-exempts-own-egress', () => {
  const eip = (name: string): FixtureResource => ({ type: 'aws_eip', name, values: { domain: 'vpc' } });
  const ipSet = (addresses: string[]): FixtureResource => ({ type: 'aws_wafv2_ip_set', name: 'own', values: { scope: 'REGIONAL', ip_address_version: 'IPV4', addresses } });
  const rateAcl = (scopeDown?: Record<string, any>): FixtureResource => ({
    type: 'aws_wafv2_web_acl',
    name: 'acl',
    values: { rule: [{ name: 'rate-limit-per-ip', statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', scope_down_statement: scopeDown } } }] },
  });
  const excluding = { not_statement: { statement: { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.own.arn}' } } } };
  const both = ['${aws_eip.a.public_ip}/32', '${aws_eip.b.public_ip}/32'];

  test('GIVEN a scope-down that excludes an IP set listing every aws_eip (alone or inside an and) THEN compliant', () => {
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [eip('a'), eip('b'), ipSet(both), rateAcl(excluding)])).toEqual(['acl: compliant']);
    const and = { and_statement: { statement: [{ byte_match_statement: {} }, excluding] } };
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [eip('a'), eip('b'), ipSet(both), rateAcl(and)])).toEqual(['acl: compliant']);
  });

  test('GIVEN a rate rule with no scope-down THEN non-compliant', () => {
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [eip('a'), rateAcl()])).toEqual([expect.stringMatching(/^acl: non-compliant \(rate-based rule rate-limit-per-ip has no scope_down_statement/)]);
  });

  test('GIVEN an IP set that misses one aws_eip, or a scope-down that includes instead of excludes THEN non-compliant', () => {
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [eip('a'), eip('b'), ipSet([both[0]]), rateAcl(excluding)])).toEqual([
      'acl: non-compliant (rate-based rule rate-limit-per-ip counts requests from aws_eip.b: no excluded IP set lists its public_ip/32)',
    ]);
    const including = { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.own.arn}' } };
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [eip('a'), eip('b'), ipSet(both), rateAcl(including)])).toEqual([
      expect.stringMatching(/^acl: non-compliant \(rate-based rule rate-limit-per-ip has no scope_down_statement/),
    ]);
  });

  test('GIVEN no aws_eip in the stack (an existing VPC) THEN not applicable', () => {
    expect(verdictsOf(wafRateRuleExemptsOwnEgress, [rateAcl()])).toEqual([]);
  });
});
