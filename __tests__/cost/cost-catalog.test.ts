import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/loader';
import { resolveInstanceTypes } from '../../lib/eks/instance-catalog';
import { formatCatalog, loadPriceCatalog, PRICES_DIR } from '../../tools/cost/price-catalog';
import { estimate, fargateService, lineOf } from './cost-fixture';
import { renderTerminal } from '../../tools/cost/render';

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

  test('GIVEN an x86 Fargate service on FARGATE and FARGATE_SPOT THEN a task costs 1 × $0.04048 + 2 GB × $0.004445 an hour, on Spot the published 1 × $0.01257825 + 2 GB × $0.00138118', () => {
    const e = estimate(
      fargateService(
        [
          { capacity_provider: 'FARGATE', base: 1, weight: 1 },
          { capacity_provider: 'FARGATE_SPOT', weight: 1 },
        ],
        { desired: 2, min: 1, max: 4 },
      ),
      { catalog },
    );
    const perTask = 0.04048 + 2 * 0.004445; // 0.04937 per task-hour
    // FARGATE runs 1 / 1.5 / 2.5 tasks, FARGATE_SPOT 0 / 0.5 / 1.5 (base first, then 1:1)
    close(lineOf(e, 'Fargate tasks').monthly, 730 * perTask, 1.5 * 730 * perTask, 2.5 * 730 * perTask);
    const spotPerTask = 0.01257825 + 2 * 0.00138118; // 0.01534061: 69 % off
    close(lineOf(e, 'Fargate Spot tasks').monthly, 0, 0.5 * 730 * spotPerTask, 1.5 * 730 * spotPerTask);
    expect(lineOf(e, 'Fargate Spot tasks').note).toMatch(/^Fargate Spot price of 2026-09-29, 69% off on-demand; third-party price \(fargateSpot\.x86\.vcpuHour, fargateSpot\.x86\.gbHour\)/);
    close(lineOf(e, 'Fargate Spot tasks').onDemandMonthly, 0, 0.5 * 730 * perTask, 1.5 * 730 * perTask);
    expect(lineOf(e, 'Fargate tasks').monthly!.min).toBeCloseTo(36.0401, 4);
  });

  test('GIVEN an arm64 Fargate service on FARGATE and FARGATE_SPOT THEN a task costs 1 × $0.03238 + 2 GB × $0.00356, on Spot 1 × $0.00979124 + 2 GB × $0.00107649', () => {
    const resources = fargateService(
      [
        { capacity_provider: 'FARGATE', weight: 1 },
        { capacity_provider: 'FARGATE_SPOT', weight: 1 },
      ],
      { desired: 2 },
    );
    (resources.aws_ecs_task_definition.task as { runtime_platform: object }).runtime_platform = { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' };
    const e = estimate(resources, { catalog });
    close(lineOf(e, 'Fargate tasks').monthly, 730 * 0.0395, 730 * 0.0395, 730 * 0.0395);
    close(lineOf(e, 'Fargate Spot tasks').monthly, 730 * 0.01194422, 730 * 0.01194422, 730 * 0.01194422);
  });

  test('GIVEN the Spot Instance Advisor families THEN a Spot group of m7a/m7i/m6a/m6i.large is priced per type at 53–56 % off its on-demand price, dated 2025-06-28', () => {
    const e = estimate(
      { aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m7a.large', 'm7i.large', 'm6a.large', 'm6i.large'], scaling_config: { min_size: 0, desired_size: 1, max_size: 4 } } } },
      { catalog, today: new Date('2026-12-07T00:00:00Z') },
    );
    // family ranges: m7a 55–56, m7i 53–54, m6a 53–54, m6i 54–56 (advisor s per type)
    const od = { 'm7a.large': 0.1292, 'm7i.large': 0.11235, 'm6a.large': 0.0963, 'm6i.large': 0.107 };
    const range = { 'm7a.large': [55, 56], 'm7i.large': [53, 54], 'm6a.large': [53, 54], 'm6i.large': [54, 56] } as const;
    const per = (Object.keys(od) as (keyof typeof od)[]).map((t) => ({
      min: od[t] * (1 - range[t][1] / 100),
      mid: od[t] * (1 - (range[t][0] + range[t][1]) / 200),
      max: od[t] * (1 - range[t][0] / 100),
    }));
    const line = lineOf(e, 'Spot nodes');
    close(line.monthly, 0, 730 * (per.reduce((s, p) => s + p.mid, 0) / 4), 4 * 730 * Math.max(...per.map((p) => p.max)));
    expect(line.note).toMatch(/^Spot 53–56% off on-demand by family \(Spot Instance Advisor of 2025-06-28, 527 days old, third-party capture\)/);
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

  test('GIVEN an ALB and an NLB THEN hours at $0.0252, ALB LCUs at $0.008 and NLCUs at $0.006, the NLB prices flagged as inferred', () => {
    const e = estimate(
      { aws_lb: { alb: { load_balancer_type: 'application', internal: true, subnets: ['a', 'b'] }, nlb: { load_balancer_type: 'network', internal: true, subnets: ['a', 'b'] } } },
      { catalog, assumptions: { albLcuPerHour: 2 } },
    );
    const of = (address: string, component: string) => e.lines.find((l) => l.address === address && l.component.startsWith(component))!;
    close(of('aws_lb.alb', 'ALB hours').monthly, 18.396, 18.396, 18.396);
    close(of('aws_lb.alb', 'capacity units').monthly, 11.68, 11.68, 11.68);
    close(of('aws_lb.nlb', 'NLB hours').monthly, 18.396, 18.396, 18.396);
    close(of('aws_lb.nlb', 'capacity units').monthly, 4.38, 4.38, 4.38);
    expect(of('aws_lb.nlb', 'NLB hours').note).toMatch(/^inferred price \(nlb\.hour: no eu-west-1 figure found; .*the NLB hour equals the ALB hour/);
    expect(of('aws_lb.alb', 'ALB hours').note).not.toMatch(/inferred/);
    expect(e.inferredPrices).toEqual(['nlb.hour', 'nlb.lcuHour']);
    expect(renderTerminal(e)).toContain('inferred prices (not published for eu-west-1; see the line notes): nlb.hour, nlb.lcuHour');
  });

  test("GIVEN an on-demand node group of the example types THEN a node costs the first type's eu-west-1 price, $0.107 for m6i.large", () => {
    const e = estimate(
      { aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6i.large', 'm6a.large'], scaling_config: { min_size: 1, desired_size: 1, max_size: 2 } } } },
      { catalog },
    );
    close(lineOf(e, 'on-demand nodes').monthly, 78.11, 78.11, 156.22);
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
