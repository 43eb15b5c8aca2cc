import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/loader';
import { renderMarkdown, renderTerminal } from '../../tools/cost/render';
import { loadPriceCatalog, PRICES_DIR, type PriceCatalog } from '../../tools/cost/price-catalog';
import { splitTasks } from '../../tools/cost/estimate';
import { stringify } from 'yaml';
import { environmentDocument } from '../helpers/environment-fixture';
import { estimate, fargateService, lineOf, TEST_CATALOG } from './cost-fixture';
import { UserError } from '../../lib/util/user-error';

const close = (range: { min: number; expected: number; max: number } | undefined, min: number, expected: number, max: number) => {
  expect(range).toBeDefined();
  expect(range!.min).toBeCloseTo(min, 6);
  expect(range!.expected).toBeCloseTo(expected, 6);
  expect(range!.max).toBeCloseTo(max, 6);
};

describe('cost estimate arithmetic (test catalog)', () => {
  test('GIVEN a cluster in standard support THEN 730 cluster-hours at the standard price; in extended support THEN at the extended price', () => {
    close(lineOf(estimate({ aws_eks_cluster: { cluster: { version: '1.35' } } }), 'cluster hours').monthly, 73, 73, 73);
    // 1.29: standard support ended 2025-03-23, extended support runs to 2026-03-23 (lib/eks/eks-versions.json).
    const extended = estimate({ aws_eks_cluster: { cluster: { version: '1.29', upgrade_policy: { support_type: 'EXTENDED' } } } }, { today: new Date('2025-06-01T00:00:00Z') });
    expect(lineOf(extended, 'cluster hours').component).toContain('extended support');
    close(lineOf(extended, 'cluster hours').monthly, 438, 438, 438);
  });

  test.each([
    ['STANDARD', '1.29', 73, /standard support/],
    ['EXTENDED', '1.29', 438, /extended support/],
    ['EXTENDED', '1.35', 73, /standard support/],
  ])('GIVEN upgrade_policy %s and version %s on 2025-06-01 THEN extended support is billed only with EXTENDED past the end of standard support', (policy, version, monthly, component) => {
    const e = estimate({ aws_eks_cluster: { cluster: { version, upgrade_policy: { support_type: policy } } } }, { today: new Date('2025-06-01T00:00:00Z') });
    expect(lineOf(e, 'cluster hours').component).toMatch(component);
    close(lineOf(e, 'cluster hours').monthly, monthly, monthly, monthly);
  });

  test('GIVEN a STANDARD cluster past its end of standard support THEN the note says AWS upgrades it instead of billing extended support', () => {
    const e = estimate({ aws_eks_cluster: { cluster: { version: '1.29', upgrade_policy: { support_type: 'STANDARD' } } } }, { today: new Date('2025-06-01T00:00:00Z') });
    expect(lineOf(e, 'cluster hours').note).toMatch(/with upgrade_policy STANDARD AWS upgrades the cluster instead of billing extended support/);
  });

  test('GIVEN an on-demand node group of two types THEN nodes cost the FIRST type price (EKS fills on-demand in list order) times min / desired / max nodes', () => {
    const e = estimate({ aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6i.large', 'm6a.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } });
    // m6i.large 0.10/h (not the mean 0.15 with m6a.large at 0.20) × 730 h × 1 / 2 / 4 nodes
    close(lineOf(e, 'on-demand nodes').monthly, 73, 146, 292);
    expect(lineOf(e, 'on-demand nodes').note).toMatch(/^first type in list order \(m6i\.large\)/);
    const reversed = estimate({
      aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6a.large', 'm6i.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } },
    });
    close(lineOf(reversed, 'on-demand nodes').monthly, 146, 292, 584);
  });

  test("GIVEN a Spot node group THEN each type at its family's catalog discount: min at the highest, expected at the middle, max at the lowest, and the savings against on demand", () => {
    const e = estimate({ aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m6i.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } });
    const line = lineOf(e, 'Spot nodes');
    // 0.10/h, family m6i 50–60% off: min 1 node at 60% off, expected 2 nodes at 55% off, max 4 nodes at 50% off
    close(line.monthly, 29.2, 65.7, 146);
    close(line.onDemandMonthly, 73, 146, 292);
    close(e.spotSavings, 43.8, 80.3, 146);
    expect(line.note).toMatch(/^Spot 50–60% off on-demand by family \(Spot Instance Advisor of 2026-11-01, 30 days old\)/);
  });

  test('GIVEN a Spot node group of two families THEN min is the cheapest type at its highest discount, max the dearest at its lowest, expected the mean of the middles', () => {
    const e = estimate({ aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m6i.large', 'm6a.large'], scaling_config: { min_size: 1, desired_size: 1, max_size: 1 } } } });
    // m6i.large 0.10 at 50–60% off: 0.04 / 0.045 / 0.05; m6a.large 0.20 at 40%: 0.12 / 0.12 / 0.12
    close(lineOf(e, 'Spot nodes').monthly, 0.04 * 730, ((0.045 + 0.12) / 2) * 730, 0.12 * 730);
  });

  test('GIVEN a Spot node group of a family without a discount in the catalog THEN it is not priced (no 0–90 % guess) and the total is a lower bound', () => {
    const withC6i: PriceCatalog = {
      ...TEST_CATALOG,
      instances: { ...TEST_CATALOG.instances, 'c6i.large': { usd: 0.09, unit: 'instance-hour', source: 'test', date: '2026-12-01', thirdParty: false } },
    };
    const e = estimate(
      { aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m6i.large', 'c6i.large'], scaling_config: { min_size: 0, desired_size: 0, max_size: 4 } } } },
      { catalog: withC6i },
    );
    expect(lineOf(e, 'Spot nodes').monthly).toBeUndefined();
    expect(lineOf(e, 'Spot nodes').note).toMatch(/^not priced: no Spot discount for the c6i family in spot\.ec2\.families/);
    expect(e.complete).toBe(false);
    // without its on-demand price, the type is named instead
    expect(
      lineOf(estimate({ aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['c6i.large'], scaling_config: { min_size: 0, desired_size: 0, max_size: 4 } } } }), 'Spot nodes').note,
    ).toMatch(/^not priced: no on-demand price for c6i\.large/);
  });

  test('GIVEN a node group with a launch template of 50 GB gp3 THEN each node adds a 50 GB-month root volume at the gp3 price', () => {
    const e = estimate({
      aws_launch_template: { lt: { block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3' } }] } },
      aws_eks_node_group: {
        system: {
          capacity_type: 'ON_DEMAND',
          instance_types: ['m6i.large'],
          launch_template: { id: '${aws_launch_template.lt.id}', version: '${aws_launch_template.lt.latest_version}' },
          scaling_config: { min_size: 1, desired_size: 2, max_size: 4 },
        },
      },
    });
    const volumes = lineOf(e, 'root volumes (50 GB gp3 per node)');
    close(volumes.quantity, 50, 100, 200);
    close(volumes.monthly, 4, 8, 16);
  });

  test('GIVEN a Fargate service with base 1 and weights 1:1 THEN tasks split base first, then by weight, at min / desired / max counts', () => {
    const e = estimate(
      fargateService(
        [
          { capacity_provider: 'FARGATE', base: 1, weight: 1 },
          { capacity_provider: 'FARGATE_SPOT', weight: 1 },
        ],
        { desired: 2, min: 1, max: 4 },
      ),
    );
    // A task: 1 vCPU × 0.04 + 2 GB × 0.004 = 0.048/h. FARGATE runs 1 / 1.5 / 2.5 tasks, FARGATE_SPOT 0 / 0.5 / 1.5.
    close(lineOf(e, 'Fargate tasks').monthly, 35.04, 52.56, 87.6);
    // Fargate Spot at its own catalog price: 1 × 0.012 + 2 GB × 0.0012 = 0.0144/h
    close(lineOf(e, 'Fargate Spot tasks').monthly, 0, 0.5 * 730 * 0.0144, 1.5 * 730 * 0.0144);
    close(lineOf(e, 'Fargate Spot tasks').onDemandMonthly, 0, 0.5 * 730 * 0.048, 1.5 * 730 * 0.048);
    expect(
      splitTasks(5, [
        { capacityProvider: 'FARGATE', base: 2, weight: 3 },
        { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 },
      ]),
    ).toEqual(
      new Map([
        ['FARGATE', 4.25],
        ['FARGATE_SPOT', 0.75],
      ]),
    );
  });

  test('GIVEN a NAT gateway and its Elastic IP THEN gateway hours, the assumed GB processed and the public IPv4 address', () => {
    const e = estimate({ aws_nat_gateway: { nat: {} }, aws_eip: { address: {} } }, { assumptions: { natGatewayGbPerMonth: 200 } });
    close(lineOf(e, 'NAT gateway hours').monthly, 36.5, 36.5, 36.5);
    close(lineOf(e, 'data processed').monthly, 10, 10, 10);
    close(lineOf(e, 'Elastic IP').monthly, 3.65, 3.65, 3.65);
  });

  test('GIVEN an interface endpoint in three subnets and the S3 gateway endpoint THEN 3 endpoint-AZ-hours an hour and the assumed GB; the gateway endpoint costs nothing', () => {
    const e = estimate(
      {
        aws_vpc_endpoint: {
          logs: { vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b', 'c'] },
          s3: { vpc_endpoint_type: 'Gateway', route_table_ids: ['a', 'b', 'c'] },
        },
      },
      { assumptions: { interfaceEndpointGbPerMonth: 50 } },
    );
    close(lineOf(e, 'interface endpoint hours (3 AZ)').monthly, 21.9, 21.9, 21.9);
    close(lineOf(e, 'interface endpoint data processed').monthly, 0.5, 0.5, 0.5);
    expect(e.lines.filter((line) => line.address.includes('s3'))).toEqual([]);
    expect(e.complete).toBe(true);
  });

  test('GIVEN a web ACL of 4 rules, a dashboard and a metric-math alarm over 2 metrics THEN the ACL month, 4 rule-months, the assumed requests, the dashboard month and 2 alarm metrics', () => {
    const e = estimate(
      {
        aws_wafv2_web_acl: { acl: { rule: [{}, {}, {}, {}] } },
        aws_wafv2_web_acl_association: { alb: {} },
        aws_cloudwatch_dashboard: { board: {} },
        aws_cloudwatch_metric_alarm: {
          rate: {
            metric_query: [
              { id: 'errors', metric: {} },
              { id: 'requests', metric: {} },
              { id: 'rate', expression: 'errors / requests' },
            ],
          },
          plain: { metric_name: 'X' },
        },
      },
      { assumptions: { wafRequestsMillionsPerMonth: 10 } },
    );
    close(lineOf(e, 'web ACL').monthly, 5, 5, 5);
    close(lineOf(e, 'rules (4)').monthly, 4, 4, 4);
    close(lineOf(e, 'requests inspected').monthly, 6, 6, 6);
    close(lineOf(e, 'dashboard').monthly, 3, 3, 3);
    close(lineOf(e, 'alarm (standard resolution, 2 metrics)').monthly, 0.2, 0.2, 0.2);
    close(e.lines.find((line) => line.address.includes('plain'))!.monthly, 0.1, 0.1, 0.1);
    expect(e.complete).toBe(true);
  });

  test('GIVEN an internet-facing ALB in two subnets and an internal NLB THEN hours, assumed capacity units and one public IPv4 per AZ of the ALB', () => {
    const e = estimate(
      { aws_lb: { alb: { load_balancer_type: 'application', internal: false, subnets: ['a', 'b'] }, nlb: { load_balancer_type: 'network', internal: true, subnets: ['a', 'b'] } } },
      { assumptions: { albLcuPerHour: 2 } },
    );
    close(lineOf(e, 'ALB hours').monthly, 14.6, 14.6, 14.6);
    close(e.lines.find((l) => l.address === 'aws_lb.alb' && l.component.startsWith('capacity units'))!.monthly, 11.68, 11.68, 11.68);
    close(lineOf(e, '2 public IPv4').monthly, 7.3, 7.3, 7.3);
    close(e.lines.find((l) => l.address === 'aws_lb.nlb' && l.component.startsWith('capacity units'))!.monthly, 4.38, 4.38, 4.38);
    expect(e.lines.filter((l) => l.address === 'aws_lb.nlb').map((l) => l.component)).not.toContainEqual(expect.stringContaining('IPv4'));
  });

  test('GIVEN keys, secrets, a zone, a REST API and a log group THEN each is priced per month or by its usage assumption', () => {
    const e = estimate(
      {
        aws_kms_key: { key: {} },
        aws_secretsmanager_secret: { secret: {} },
        aws_route53_zone: { zone: {} },
        aws_api_gateway_rest_api: { api: {} },
        aws_cloudwatch_log_group: { logs: { retention_in_days: 30 } },
      },
      { assumptions: { apiRequestsMillionsPerMonth: 3, logGbPerGroupPerMonth: 2 } },
    );
    close(lineOf(e, 'customer managed key').monthly, 1, 1, 1);
    close(lineOf(e, 'secret').monthly, 0.4, 0.4, 0.4);
    close(lineOf(e, 'hosted zone').monthly, 0.5, 0.5, 0.5);
    close(lineOf(e, 'requests').monthly, 10.5, 10.5, 10.5);
    close(lineOf(e, 'ingestion').monthly, 1, 1, 1);
    // 30 days kept of 2 GB a month: 2 GB stored
    close(lineOf(e, 'storage').monthly, 0.06, 0.06, 0.06);
    close(e.total, 13.46, 13.46, 13.46);
  });

  test('GIVEN a type the estimate does not price and a price missing from the catalog THEN both are listed as not priced, neither counts as zero, and the total reads as a lower bound with the priced share', () => {
    const noNat: PriceCatalog = { ...TEST_CATALOG, prices: { ...TEST_CATALOG.prices, 'nat.hour': { missing: 'not sourced', unit: 'NAT gateway-hour' } } };
    const e = estimate({ aws_instance: { box: {} }, aws_nat_gateway: { nat: {} }, aws_kms_key: { key: {} }, aws_vpc: { vpc: {} } }, { catalog: noNat });
    expect(e.unpricedTypes).toEqual([{ type: 'aws_instance', count: 1 }]);
    expect(lineOf(e, 'NAT gateway hours').monthly).toBeUndefined();
    expect(lineOf(e, 'NAT gateway hours').note).toBe('not priced: not sourced');
    close(e.total, 6, 6, 6); // the key and the NAT data at the test price; the gateway hours are not counted
    expect(e.complete).toBe(false);
    // billed: the NAT gateway (not priced), the key (priced), the instance (type not priced)
    expect(e.coverage).toEqual({ billedResources: 3, pricedResources: 1 });
    const text = renderTerminal(e);
    expect(text).toMatch(/total \(lower bound: priced lines only\) +≥ \$6\.00 +≥ \$6\.00 +≥ \$6\.00$/m);
    expect(text).toContain('lower bound: 33 % of billed resources priced (1 of 3); not priced: 1 line above; resource types aws_instance (1)');
    expect(text).toContain('assumptions: natGatewayGbPerMonth: 100, albLcuPerHour: 1');
    expect(renderMarkdown([e])).toContain('| test | ≥ $6.00 | ≥ $6.00 | ≥ $6.00 | 33 % (1 of 3) |');
    expect(renderMarkdown([e])).toContain('Not priced resource types: `aws_instance` (1).');
  });

  test('GIVEN every resource priced or free THEN the total is the estimate, without "≥"', () => {
    const e = estimate({ aws_kms_key: { key: {} }, aws_vpc: { vpc: {} } });
    expect(e.complete).toBe(true);
    expect(renderTerminal(e)).toMatch(/^ +total +\$1\.00 +\$1\.00 +\$1\.00$/m);
    expect(renderTerminal(e)).toContain('every line priced: 100 % of billed resources priced (1 of 1)');
  });

  test('GIVEN target-tracking policies THEN each bills the two alarms it creates, one when scale-in is disabled; step scaling none', () => {
    const policy = (disable: boolean | undefined, type = 'TargetTrackingScaling') => ({
      policy_type: type,
      target_tracking_scaling_policy_configuration: { target_value: 70, ...(disable === undefined ? {} : { disable_scale_in: disable }) },
    });
    const e = estimate({ aws_appautoscaling_policy: { cpu: policy(undefined), requests: policy(true), step: policy(undefined, 'StepScaling') } });
    expect(e.lines.map((l) => [l.address, l.component, l.monthly?.expected])).toEqual([
      ['aws_appautoscaling_policy.cpu', '2 target-tracking alarms (created by the policy)', 0.2],
      ['aws_appautoscaling_policy.requests', '1 target-tracking alarm (created by the policy)', 0.1],
    ]);
  });

  test('GIVEN a service whose JSON has no desired_count THEN it runs what Terraform applies, the provider default 0, not the environment file default 1', () => {
    const resources = fargateService([{ capacity_provider: 'FARGATE', weight: 1 }], { desired: 1 });
    delete resources.aws_ecs_service.service.desired_count;
    close(lineOf(estimate(resources), 'Fargate tasks').monthly, 0, 0, 0);
  });

  test.each([
    ['enabled', 10 + 21],
    ['enhanced', 10 + 21 + 8 * 2],
  ])('GIVEN Container Insights %s on a cluster with one service of two containers THEN %i custom metrics and the performance log ingestion', (mode, metrics) => {
    const resources = fargateService([{ capacity_provider: 'FARGATE', weight: 1 }], { desired: 1 });
    resources.aws_ecs_task_definition.task.container_definitions = JSON.stringify([{ name: 'app' }, { name: 'envoy' }]);
    const e = estimate({ ...resources, aws_ecs_cluster: { cluster: { setting: [{ name: 'containerInsights', value: mode }] } } });
    expect(lineOf(e, `${metrics} custom metrics`).monthly!.expected).toBeCloseTo(metrics * 0.3, 6);
    expect(lineOf(e, 'performance log ingestion').monthly!.expected).toBeCloseTo(0.5, 6);
    expect(estimate({ ...resources, aws_ecs_cluster: { cluster: { setting: [{ name: 'containerInsights', value: 'disabled' }] } } }).lines.filter((l) => l.group === 'Container Insights')).toEqual([]);
  });

  test('GIVEN API Gateway detailed metrics on */* with two methods THEN 5 metrics per method, none without metrics_enabled', () => {
    const api = (enabled: boolean) => ({
      aws_api_gateway_rest_api: { api: {} },
      aws_api_gateway_method: { get: { rest_api_id: '${aws_api_gateway_rest_api.api.id}' }, post: { rest_api_id: '${aws_api_gateway_rest_api.api.id}' } },
      aws_api_gateway_method_settings: { all: { rest_api_id: '${aws_api_gateway_rest_api.api.id}', method_path: '*/*', settings: { metrics_enabled: enabled } } },
    });
    close(lineOf(estimate(api(true)), 'detailed metrics (5 per method × 2 methods)').monthly, 3, 3, 3);
    expect(estimate(api(false)).lines.map((l) => l.component)).not.toContainEqual(expect.stringContaining('detailed metrics'));
  });

  test('GIVEN a catalog checked longer ago than cost.catalogMaxAgeDays THEN a warning names its date and the refresh command; within the age none', () => {
    const old = estimate({ aws_kms_key: { key: {} } }, { today: new Date('2027-06-01T00:00:00Z'), assumptions: { catalogMaxAgeDays: 30 } });
    expect(old.warnings).toEqual([
      expect.stringMatching(/^the eu-west-1 price catalog was last checked on 2026-12-01, 182 days ago \(cost\.catalogMaxAgeDays: 30\): run npm run cost:refresh -- --region eu-west-1 /),
    ]);
    expect(estimate({ aws_kms_key: { key: {} } }).warnings).toEqual([]);
  });

  test('GIVEN Spot lines THEN the estimate says how old each Spot figure is, and warns when one is older than cost.catalogMaxAgeDays', () => {
    const e = estimate(
      {
        ...fargateService([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }], { desired: 1 }),
        aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m6i.large'], scaling_config: { min_size: 0, desired_size: 1, max_size: 2 } } },
      },
      { assumptions: { catalogMaxAgeDays: 20 } },
    );
    expect(e.spotAges).toEqual([
      { what: 'EC2 Spot discounts (Spot Instance Advisor)', date: '2026-11-01', days: 30 },
      { what: 'Fargate Spot prices', date: '2026-12-01', days: 0 },
    ]);
    expect(renderTerminal(e)).toContain('Spot figures: EC2 Spot discounts (Spot Instance Advisor) of 2026-11-01 (30 days old), Fargate Spot prices of 2026-12-01 (0 days old)');
    expect(e.warnings).toEqual([expect.stringMatching(/^the eu-west-1 EC2 Spot discounts \(Spot Instance Advisor\) date from 2026-11-01, 30 days ago/)]);
  });
});

describe('committed price catalog', () => {
  const files = fs.readdirSync(PRICES_DIR).filter((f) => f.endsWith('.json'));

  test('GIVEN every catalog THEN each price has a unit and either a USD amount with its source and date (third party named) or the reason it is missing', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const catalog = loadPriceCatalog(file.replace(/\.json$/, ''))!;
      expect(catalog.region).toBe(file.replace(/\.json$/, ''));
      expect(catalog.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const [key, price] of Object.entries({ ...catalog.prices, ...catalog.instances })) {
        expect([key, typeof price.unit]).toEqual([key, 'string']);
        if ('missing' in price) expect(price.missing.length).toBeGreaterThan(0);
        else {
          expect([key, price.usd > 0, price.source]).toEqual([key, true, expect.stringMatching(/^(https:\/\/|AWS Price List API$)/)]);
          expect([key, price.date]).toEqual([key, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
          // every entry says whether it is a third party's copy: false, or where it was read
          expect([key, price.thirdParty === false || price.thirdParty.length > 10]).toEqual([key, true]);
          if (price.inference !== undefined) expect([key, price.inference.length > 10]).toEqual([key, true]);
        }
      }
      expect(catalog.spot.ec2.source).toMatch(/^https:\/\//);
      expect(catalog.spot.ec2.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const [family, discount] of Object.entries(catalog.spot.ec2.families)) {
        const savings = Object.values(discount.types);
        expect([family, discount.minPercent, discount.maxPercent]).toEqual([family, Math.min(...savings), Math.max(...savings)]);
      }
    }
  });

  test('GIVEN the example environments THEN each region has a committed catalog', () => {
    const dir = path.join(__dirname, '..', '..', 'environments');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const config = parseEnvironment(fs.readFileSync(path.join(dir, file), 'utf8'), file, file.replace(/\.yaml$/, ''));
      expect([file, loadPriceCatalog(config.account.region) !== undefined]).toEqual([file, true]);
    }
  });
});

describe('cost section of the environment file', () => {
  test('GIVEN no cost section THEN the documented defaults apply', () => {
    const config = parseEnvironment(stringify(environmentDocument()), 'environments/ok.yaml', 'ok');
    expect(config.cost).toEqual({
      natGatewayGbPerMonth: 100,
      albLcuPerHour: 1,
      nlbLcuPerHour: 1,
      logGbPerGroupPerMonth: 1,
      apiRequestsMillionsPerMonth: 1,
      internetEgressGbPerMonth: 0,
      s3StorageGbPerBucket: 1,
      ecrStorageGbPerRepository: 1,
      interfaceEndpointGbPerMonth: 10,
      wafRequestsMillionsPerMonth: 1,
      deltaAlertUsdPerMonth: 100,
      requireFullCoverage: false,
      catalogMaxAgeDays: 90,
    });
  });

  test('GIVEN a mistyped key and a negative amount THEN both are reported at file:line:col', () => {
    const text = `${stringify(environmentDocument())}cost:\n  natGbPerMonth: 5\n  albLcuPerHour: -1\n  requireFullCoverage: yes please\n  catalogMaxAgeDays: 0\n`;
    let message = '';
    try {
      parseEnvironment(text, 'environments/bad.yaml', 'bad');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/environments\/bad\.yaml:\d+:3: cost\.natGbPerMonth: unknown key "natGbPerMonth"/);
    expect(message).toMatch(/environments\/bad\.yaml:\d+:18: cost\.albLcuPerHour: expected LCUs per hour, 0 or more/);
    expect(message).toMatch(/environments\/bad\.yaml:\d+:24: cost\.requireFullCoverage: expected true or false/);
    expect(message).toMatch(/environments\/bad\.yaml:\d+:22: cost\.catalogMaxAgeDays: expected a whole number of days, 1 or more/);
  });
});
