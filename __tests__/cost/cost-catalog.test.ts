import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/loader';
import { resolveInstanceTypes } from '../../lib/eks/instance-catalog';
import { formatCatalog, loadPriceCatalog, PRICES_DIR } from '../../tools/cost/price-catalog';
import { estimate, fargateService, lineOf } from './cost-fixture';

/**
 * The committed eu-west-1 catalog's prices in the arithmetic: each group
 * priced from it is pinned on a small configuration, and each price it lacks
 * shows as not priced with its reason (docs/cost.md, "The price catalog").
 */
const catalog = loadPriceCatalog('eu-west-1')!;

const close = (range: { min: number; expected: number; max: number } | undefined, min: number, expected: number, max: number) => {
  expect(range).toBeDefined();
  expect(range!.min).toBeCloseTo(min, 6);
  expect(range!.expected).toBeCloseTo(expected, 6);
  expect(range!.max).toBeCloseTo(max, 6);
};

describe('eu-west-1 catalog in the estimate', () => {
  test('GIVEN a NAT gateway and 200 GB processed THEN 730 h × $0.048 and 200 GB × $0.048', () => {
    const e = estimate({ aws_nat_gateway: { nat: {} } }, { catalog, assumptions: { natGatewayGbPerMonth: 200 } });
    close(lineOf(e, 'NAT gateway hours').monthly, 35.04, 35.04, 35.04);
    close(lineOf(e, 'data processed').monthly, 9.6, 9.6, 9.6);
    expect(lineOf(e, 'NAT gateway hours').note).toMatch(/^third-party price \(nat\.hour\): confirm with npm run cost:refresh$/);
    expect(e.thirdPartyPrices).toEqual(['nat.gb', 'nat.hour']);
  });

  test('GIVEN an x86 Fargate service on FARGATE and FARGATE_SPOT THEN a task costs 1 × $0.04048 + 2 GB × $0.004445 an hour, Spot 0–70 % off', () => {
    const e = estimate(fargateService([{ capacity_provider: 'FARGATE', base: 1, weight: 1 }, { capacity_provider: 'FARGATE_SPOT', weight: 1 }], { desired: 2, min: 1, max: 4 }), { catalog });
    const perTask = 0.04048 + 2 * 0.004445; // 0.04937 per task-hour
    // FARGATE runs 1 / 1.5 / 2.5 tasks, FARGATE_SPOT 0 / 0.5 / 1.5 (base first, then 1:1)
    close(lineOf(e, 'Fargate tasks').monthly, 730 * perTask, 1.5 * 730 * perTask, 2.5 * 730 * perTask);
    close(lineOf(e, 'Fargate Spot tasks').monthly, 0, 0.5 * 730 * perTask * 0.65, 1.5 * 730 * perTask);
    close(lineOf(e, 'Fargate Spot tasks').onDemandMonthly, 0, 0.5 * 730 * perTask, 1.5 * 730 * perTask);
    expect(lineOf(e, 'Fargate tasks').monthly!.min).toBeCloseTo(36.0401, 4);
  });

  test('GIVEN an arm64 Fargate service THEN it is not priced (no citable eu-west-1 arm64 rate) and not counted', () => {
    const resources = fargateService([{ capacity_provider: 'FARGATE', weight: 1 }], { desired: 2 });
    (resources.aws_ecs_task_definition.task as { runtime_platform: object }).runtime_platform = { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' };
    const e = estimate(resources, { catalog });
    expect(lineOf(e, 'Fargate tasks').monthly).toBeUndefined();
    expect(lineOf(e, 'Fargate tasks').note).toMatch(/^not priced: no citable eu-west-1 source/);
    close(e.total, 0, 0, 0);
  });

  test('GIVEN log groups, a secret, a zone and 50 GB to the internet THEN ingestion $0.57/GB, storage $0.03/GB-month, $0.40, $0.50 and $0.09/GB', () => {
    const e = estimate(
      {
        aws_cloudwatch_log_group: { logs: { retention_in_days: 90 } },
        aws_secretsmanager_secret: { secret: {} },
        aws_route53_zone: { zone: {} },
      },
      { catalog, assumptions: { logGbPerGroupPerMonth: 2, internetEgressGbPerMonth: 50 } },
    );
    close(lineOf(e, 'ingestion').monthly, 1.14, 1.14, 1.14);
    // 90 days kept of 2 GB a month: 6 GB stored
    close(lineOf(e, 'storage').monthly, 0.18, 0.18, 0.18);
    close(lineOf(e, 'secret').monthly, 0.4, 0.4, 0.4);
    close(lineOf(e, 'hosted zone').monthly, 0.5, 0.5, 0.5);
    close(lineOf(e, 'to the internet').monthly, 4.5, 4.5, 4.5);
    close(e.total, 6.72, 6.72, 6.72);
  });

  test('GIVEN an ALB and an NLB THEN ALB capacity units are priced at $0.008 and the unsourced hours and NLCUs are listed as not priced', () => {
    const e = estimate({ aws_lb: { alb: { load_balancer_type: 'application', internal: true, subnets: ['a', 'b'] }, nlb: { load_balancer_type: 'network', internal: true, subnets: ['a', 'b'] } } }, { catalog, assumptions: { albLcuPerHour: 2 } });
    const of = (address: string, component: string) => e.lines.find((l) => l.address === address && l.component.startsWith(component))!;
    close(of('aws_lb.alb', 'capacity units').monthly, 11.68, 11.68, 11.68);
    for (const [address, component] of [['aws_lb.alb', 'ALB hours'], ['aws_lb.nlb', 'NLB hours'], ['aws_lb.nlb', 'capacity units']]) {
      expect([address, component, of(address, component).monthly, of(address, component).note]).toEqual([address, component, undefined, expect.stringMatching(/^not priced: /)]);
    }
    close(e.total, 11.68, 11.68, 11.68);
  });

  test('GIVEN a node group of the example types THEN it is not priced, naming the types without a price', () => {
    const e = estimate({ aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6i.large'], scaling_config: { min_size: 1, desired_size: 1, max_size: 2 } } } }, { catalog });
    expect(lineOf(e, 'on-demand nodes').monthly).toBeUndefined();
    expect(lineOf(e, 'on-demand nodes').note).toMatch(/^not priced: no on-demand price for m6i\.large \(no eu-west-1 on-demand price found/);
  });
});

describe('eu-west-1 catalog coverage', () => {
  test('GIVEN the committed catalog file THEN it is in the format npm run cost:refresh writes (one price per line), so a refresh diff shows only changed prices', () => {
    expect(fs.readFileSync(path.join(PRICES_DIR, 'eu-west-1.json'), 'utf8')).toBe(formatCatalog(catalog));
  });

  test('GIVEN the example environments THEN every instance type their node groups may run has a catalog entry (a price, or why it is missing), so npm run cost:refresh fetches it', () => {
    const dir = path.join(__dirname, '..', '..', 'environments');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const config = parseEnvironment(fs.readFileSync(path.join(dir, file), 'utf8'), file, file.replace(/\.yaml$/, ''));
      for (const group of Object.values(config.eks?.nodeGroups ?? {})) {
        const resolved = resolveInstanceTypes(group.instanceTypes ? { instanceTypes: group.instanceTypes } : { requirement: group.instanceRequirement! }, 1);
        if (resolved.ok) resolved.types.forEach((type) => used.add(type.name));
      }
    }
    expect(used.size).toBeGreaterThan(0);
    const regionCatalog = loadPriceCatalog('eu-west-1')!;
    expect([...used].filter((type) => !regionCatalog.instances[type]).sort()).toEqual([]);
  });
});
