import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/loader';
import { ConfigError } from '../../lib/config/config-error';
import { renderMarkdown, renderTerminal } from '../../tools/cost/render';
import { loadPriceCatalog, PRICES_DIR, type PriceCatalog } from '../../tools/cost/price-catalog';
import { splitTasks } from '../../tools/cost/estimate';
import { stringify } from 'yaml';
import { environmentDocument } from '../helpers/environment-fixture';
import { estimate, fargateService, lineOf, TEST_CATALOG } from './cost-fixture';

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
    const extended = estimate({ aws_eks_cluster: { cluster: { version: '1.29' } } }, { today: new Date('2025-06-01T00:00:00Z') });
    expect(lineOf(extended, 'cluster hours').component).toContain('extended support');
    close(lineOf(extended, 'cluster hours').monthly, 438, 438, 438);
  });

  test('GIVEN an on-demand node group of two types THEN nodes cost the mean type price times min / desired / max nodes', () => {
    const e = estimate({ aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6i.large', 'm6a.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } });
    // mean 0.15/h × 730 h × 1 / 2 / 4 nodes
    close(lineOf(e, 'on-demand nodes').monthly, 109.5, 219, 438);
  });

  test('GIVEN a Spot node group THEN min at the highest discount, expected at the middle, max at on-demand, and the savings against on demand', () => {
    const e = estimate({ aws_eks_node_group: { spot: { capacity_type: 'SPOT', instance_types: ['m6i.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } });
    const line = lineOf(e, 'Spot nodes');
    // 0.10/h: min 1 node at 90% off, expected 2 nodes at 45% off, max 4 nodes at 0% off
    close(line.monthly, 7.3, 80.3, 292);
    close(line.onDemandMonthly, 73, 146, 292);
    close(e.spotSavings, 65.7, 65.7, 0);
  });

  test('GIVEN a Fargate service with base 1 and weights 1:1 THEN tasks split base first, then by weight, at min / desired / max counts', () => {
    const e = estimate(fargateService([{ capacity_provider: 'FARGATE', base: 1, weight: 1 }, { capacity_provider: 'FARGATE_SPOT', weight: 1 }], { desired: 2, min: 1, max: 4 }));
    // A task: 1 vCPU × 0.04 + 2 GB × 0.004 = 0.048/h. FARGATE runs 1 / 1.5 / 2.5 tasks, FARGATE_SPOT 0 / 0.5 / 1.5.
    close(lineOf(e, 'Fargate tasks').monthly, 35.04, 52.56, 87.6);
    close(lineOf(e, 'Fargate Spot tasks').monthly, 0, 0.5 * 730 * 0.048 * 0.65, 1.5 * 730 * 0.048);
    expect(splitTasks(5, [{ capacityProvider: 'FARGATE', base: 2, weight: 3 }, { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }])).toEqual(new Map([['FARGATE', 4.25], ['FARGATE_SPOT', 0.75]]));
  });

  test('GIVEN a NAT gateway and its Elastic IP THEN gateway hours, the assumed GB processed and the public IPv4 address', () => {
    const e = estimate({ aws_nat_gateway: { nat: {} }, aws_eip: { address: {} } }, { assumptions: { natGatewayGbPerMonth: 200 } });
    close(lineOf(e, 'NAT gateway hours').monthly, 36.5, 36.5, 36.5);
    close(lineOf(e, 'data processed').monthly, 10, 10, 10);
    close(lineOf(e, 'Elastic IP').monthly, 3.65, 3.65, 3.65);
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

  test('GIVEN a type the estimate does not price and a price missing from the catalog THEN both are listed as not priced and neither counts as zero', () => {
    const noNat: PriceCatalog = { ...TEST_CATALOG, prices: { ...TEST_CATALOG.prices, 'nat.hour': { missing: 'not sourced', unit: 'NAT gateway-hour' } } };
    const e = estimate({ aws_s3_bucket: { bucket: {} }, aws_nat_gateway: { nat: {} }, aws_kms_key: { key: {} }, aws_vpc: { vpc: {} } }, { catalog: noNat });
    expect(e.unpricedTypes).toEqual([{ type: 'aws_s3_bucket', count: 1 }]);
    expect(lineOf(e, 'NAT gateway hours').monthly).toBeUndefined();
    expect(lineOf(e, 'NAT gateway hours').note).toBe('not priced: not sourced');
    close(e.total, 6, 6, 6); // the key and the NAT data at the test price; the gateway hours are not counted
    const text = renderTerminal(e);
    expect(text).toContain('not priced: 1 line above; resource types aws_s3_bucket (1)');
    expect(text).toContain('assumptions: natGatewayGbPerMonth: 100, albLcuPerHour: 1');
    expect(renderMarkdown([e])).toContain('Not priced resource types: `aws_s3_bucket` (1).');
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
          if (price.thirdParty !== undefined) expect([key, price.thirdParty.length > 10]).toEqual([key, true]);
        }
      }
      expect(catalog.spot.ec2.source).toMatch(/^https:\/\//);
      expect(catalog.spot.fargate.source).toMatch(/^https:\/\//);
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
    expect(config.cost).toEqual({ natGatewayGbPerMonth: 100, albLcuPerHour: 1, nlbLcuPerHour: 1, logGbPerGroupPerMonth: 1, apiRequestsMillionsPerMonth: 1, internetEgressGbPerMonth: 0, deltaAlertUsdPerMonth: 100 });
  });

  test('GIVEN a mistyped key and a negative amount THEN both are reported at file:line:col', () => {
    const text = `${stringify(environmentDocument())}cost:\n  natGbPerMonth: 5\n  albLcuPerHour: -1\n`;
    let message = '';
    try {
      parseEnvironment(text, 'environments/bad.yaml', 'bad');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/environments\/bad\.yaml:\d+:3: cost\.natGbPerMonth: unknown key "natGbPerMonth"/);
    expect(message).toMatch(/environments\/bad\.yaml:\d+:18: cost\.albLcuPerHour: expected LCUs per hour, 0 or more/);
  });
});
