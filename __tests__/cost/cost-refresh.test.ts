import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatCatalog, loadPriceCatalog, PRICE_LIST_API_SOURCE, type PriceCatalog } from '../../tools/cost/price-catalog';
import { PRICE_QUERIES } from '../../tools/cost/price-queries';
import { refreshCatalog, refreshSpotDiscounts, SPOT_ADVISOR_URL, type ProductsRequest, type SpotAdvisorFeed } from '../../tools/cost/refresh';
import { runScript } from '../helpers/run-script';
import { TEST_CATALOG } from './cost-fixture';
import { elbProducts, everyCatalogProduct, instanceProduct, NAT_PRODUCTS, product, spotAdvisorFeed } from './price-list-fixture';

const TODAY = '2026-12-02';

/** A catalog holding only the given prices and instances (from the test catalog, or missing). */
function catalogOf(keys: readonly string[], instances: readonly string[] = []): PriceCatalog {
  return {
    ...TEST_CATALOG,
    prices: Object.fromEntries(keys.map((k) => [k, TEST_CATALOG.prices[k] ?? { missing: 'not sourced', unit: 'unit' }])),
    instances: Object.fromEntries(instances.map((t) => [t, { missing: 'not sourced', unit: 'instance-hour' }])),
  };
}

/** get-products over a fixed product list, filtering as the API does (TERM_MATCH: the product family or an attribute equals the value). */
function fakeGetProducts(byService: Record<string, readonly string[]>, calls: ProductsRequest[] = []) {
  return (request: ProductsRequest) => {
    calls.push(request);
    return (byService[request.serviceCode] ?? []).filter((item) => {
      const { productFamily, attributes } = JSON.parse(item).product as { productFamily: string; attributes: Record<string, string> };
      return Object.entries(request.filters).every(([field, value]) => ({ productFamily, ...attributes })[field] === value);
    });
  };
}

describe('refreshCatalog (Price List responses of the documented shape)', () => {
  test('GIVEN the real eu-west-1 NAT gateway products THEN the zonal hour and GB prices are taken, not the regional or provisioned-bandwidth decoys, dated today from the AWS Price List API', () => {
    const calls: ProductsRequest[] = [];
    const result = refreshCatalog(catalogOf(['nat.hour', 'nat.gb']), fakeGetProducts({ AmazonEC2: NAT_PRODUCTS }, calls), TODAY);
    expect(result.failed).toEqual([]);
    expect(result.catalog.checkedOn).toBe(TODAY);
    expect(result.catalog.prices['nat.hour']).toEqual({
      usd: 0.048,
      unit: 'NAT gateway-hour',
      source: PRICE_LIST_API_SOURCE,
      date: TODAY,
      thirdParty: false,
      note: 'AmazonEC2 EU-NatGateway-Hours, SKU KFNSSCHWD43WZK2R, Hrs: "$0.048 per NAT Gateway Hour", offer published 2026-09-25',
    });
    expect(result.catalog.prices['nat.gb']).toMatchObject({ usd: 0.048, note: expect.stringContaining('SKU DTH8595YVPFXV226') });
    expect(result.refreshed).toEqual([
      { key: 'nat.hour', before: 0.05, after: 0.048 },
      { key: 'nat.gb', before: 0.05, after: 0.048 },
    ]);
    // one query for both prices: the region and the product family are filtered by the API
    expect(calls).toEqual([{ serviceCode: 'AmazonEC2', filters: { regionCode: 'eu-west-1', productFamily: 'NAT Gateway' } }]);
  });

  test('GIVEN load balancer products THEN the on-demand LCU row is taken (not the $0 Outposts, reserved or Trust Store rows), and two hourly prices for one product refuse instead of guessing', () => {
    const result = refreshCatalog(catalogOf(['alb.hour', 'alb.lcuHour', 'nlb.hour']), fakeGetProducts({ AWSELB: elbProducts(['0.0252000000', '0.0300000000']) }), TODAY);
    expect(result.catalog.prices['alb.lcuHour']).toMatchObject({ usd: 0.008, note: expect.stringContaining('SKU ALBLCU') });
    expect(result.catalog.prices['nlb.hour']).toMatchObject({ usd: 0.02, note: expect.stringContaining('SKU NLBHOUR') });
    expect(result.failed).toEqual([
      {
        key: 'alb.hour',
        reason: expect.stringMatching(
          /^ambiguous: 2 products EU-LoadBalancerUsage or eu-west-1-LoadBalancerUsage \(LoadBalancing:Application\) with different prices \(ALBHOUR0 \$0\.0252, ALBHOUR1 \$0\.03\)$/,
        ),
      },
    ]);
    expect(result.catalog.prices['alb.hour']).toBe(TEST_CATALOG.prices['alb.hour']);
  });

  test('GIVEN tiered prices THEN the first tier with a price: a free allowance is skipped, requests become dollars per million', () => {
    const tiers = (usagetype: string, servicecode: string, unit: string, rows: [string, string, string][], extra: Record<string, string> = {}) =>
      product(
        `${usagetype}-SKU`,
        { usagetype, servicecode, ...extra },
        rows.map(([begin, end, usd]) => ({ beginRange: begin, endRange: end, usd, unit, description: `${begin}-${end}` })),
        'tiered',
      );
    const result = refreshCatalog(
      catalogOf(['route53.zoneMonth', 'apigw.restMillionRequests', 'dataTransfer.internetGb']),
      fakeGetProducts({
        AmazonRoute53: [
          tiers('HostedZone', 'AmazonRoute53', 'HostedZone', [
            ['25', 'Inf', '0.1000000000'],
            ['0', '25', '0.5000000000'],
          ]),
        ],
        AmazonApiGateway: [
          tiers(
            'EU-ApiGatewayRequest',
            'AmazonApiGateway',
            'Requests',
            [
              ['0', '333000000', '0.0000035000'],
              ['333000000', 'Inf', '0.0000031900'],
            ],
            { regionCode: 'eu-west-1' },
          ),
        ],
        AWSDataTransfer: [
          tiers(
            'EU-DataTransfer-Out-Bytes',
            'AWSDataTransfer',
            'GB',
            [
              ['0', '1', '0.0000000000'],
              ['1', '10240', '0.0900000000'],
              ['10240', 'Inf', '0.0850000000'],
            ],
            { fromRegionCode: 'eu-west-1', transferType: 'AWS Outbound' },
          ),
        ],
      }),
      TODAY,
    );
    expect(result.failed).toEqual([]);
    expect(result.catalog.prices['route53.zoneMonth']).toMatchObject({ usd: 0.5, note: expect.stringMatching(/^first 25 zones of the account/) });
    expect(result.catalog.prices['apigw.restMillionRequests']).toMatchObject({ usd: 3.5 });
    expect(result.catalog.prices['dataTransfer.internetGb']).toMatchObject({ usd: 0.09 });
  });

  test('GIVEN a product priced in another unit than the query expects THEN it is refused: the old entry is kept and the reason names both units', () => {
    const perGbMonth = product(
      'LOGSGBMO',
      { usagetype: 'EU-DataProcessing-Bytes', servicecode: 'AmazonCloudWatch', regionCode: 'eu-west-1' },
      [{ usd: '0.0300000000', unit: 'GB-Mo', description: 'per GB-month' }],
      'Data Payload',
    );
    const storage = product(
      'LOGSSTORE',
      { usagetype: 'EU-TimedStorage-ByteHrs', servicecode: 'AmazonCloudWatch', regionCode: 'eu-west-1' },
      [{ usd: '0.0300000000', unit: 'GB-Mo', description: 'per GB-month stored' }],
      'Storage Snapshot',
    );
    const result = refreshCatalog(catalogOf(['logs.ingestGb', 'logs.storageGbMonth']), fakeGetProducts({ AmazonCloudWatch: [perGbMonth, storage] }), TODAY);
    expect(result.failed).toEqual([{ key: 'logs.ingestGb', reason: 'unit: expected GB for EU-DataProcessing-Bytes or eu-west-1-DataProcessing-Bytes, got GB-Mo (LOGSGBMO $0.03)' }]);
    expect(result.catalog.prices['logs.ingestGb']).toBe(catalogOf(['logs.ingestGb']).prices['logs.ingestGb']);
    expect(result.catalog.prices['logs.storageGbMonth']).toMatchObject({ usd: 0.03, source: PRICE_LIST_API_SOURCE, note: expect.stringContaining('GB-Mo') });
  });

  test('GIVEN every query THEN it names the Price List unit it takes', () => {
    for (const [key, query] of Object.entries(PRICE_QUERIES)) expect([key, query.unit.length > 0 && query.unit.every((u) => /^[A-Za-z][\w-]*$/.test(u))]).toEqual([key, true]);
  });

  test('GIVEN instance types THEN each on-demand Linux price is fetched by type; a type the API does not answer keeps its "missing" entry and is reported', () => {
    const result = refreshCatalog(
      catalogOf([], ['m6i.large', 'm7a.large']),
      fakeGetProducts({
        AmazonEC2: [
          instanceProduct('M6ISKU', 'm6i.large', '0.1000000000'),
          instanceProduct('M6ISQL', 'm6i.large', '0.5000000000', { usagetype: 'EU-BoxUsage:m6i.large', operation: 'RunInstances:0002' }),
        ],
      }),
      TODAY,
    );
    expect(result.catalog.instances['m6i.large']).toMatchObject({ usd: 0.1, unit: 'instance-hour', source: PRICE_LIST_API_SOURCE, date: TODAY });
    expect(result.catalog.instances['m7a.large']).toEqual({ missing: 'not sourced', unit: 'instance-hour' });
    expect(result.failed).toEqual([
      { key: 'instances.m7a.large', reason: expect.stringMatching(/^no on-demand product EU-BoxUsage:m7a\.large or eu-west-1-BoxUsage:m7a\.large \(RunInstances\) among 0 AmazonEC2 products$/) },
    ]);
  });

  test('GIVEN a region whose usage-type prefix is unknown THEN it refuses instead of matching the wrong products', () => {
    expect(() => refreshCatalog({ ...catalogOf(['nat.hour']), region: 'ap-south-9' }, fakeGetProducts({}), TODAY)).toThrow(
      /no Price List usage-type prefix is known for ap-south-9: add it to USAGE_TYPE_PREFIXES/,
    );
  });

  test('GIVEN the committed catalogs THEN every price has a Price List query', () => {
    const catalog = loadPriceCatalog('eu-west-1')!;
    expect(Object.keys(catalog.prices).filter((key) => !PRICE_QUERIES[key])).toEqual([]);
  });

  test('GIVEN the committed eu-west-1 catalog and a Price List answering every product THEN every price and instance type is refreshed (each new one included), none left third-party, the decoys not taken', () => {
    const committed = loadPriceCatalog('eu-west-1')!;
    const result = refreshCatalog(committed, fakeGetProducts(everyCatalogProduct(Object.keys(committed.instances))), TODAY);
    expect(result.failed).toEqual([]);
    expect(result.refreshed.map((r) => r.key).sort()).toEqual([...Object.keys(committed.prices), ...Object.keys(committed.instances).map((t) => `instances.${t}`)].sort());
    for (const [key, price] of Object.entries({ ...result.catalog.prices, ...result.catalog.instances }))
      expect([key, price]).toEqual([key, expect.objectContaining({ source: PRICE_LIST_API_SOURCE, date: TODAY, thirdParty: false })]);
    // the new entries, from their own rows (not the ARM, Spot, gp2, Infrequent Access or high-resolution decoys)
    expect(
      Object.fromEntries(
        [
          'fargateSpot.x86.vcpuHour',
          'fargateSpot.arm64.gbHour',
          'fargate.arm64.vcpuHour',
          'ebs.gp3GbMonth',
          's3.standardGbMonth',
          'cloudwatch.alarmMonth',
          'cloudwatch.metricMonth',
          'nlb.lcuHour',
          'ecr.storageGbMonth',
        ].map((k) => [k, (result.catalog.prices[k] as { usd: number }).usd]),
      ),
    ).toEqual({
      'fargateSpot.x86.vcpuHour': 0.01224056,
      'fargateSpot.arm64.gbHour': 0.00107649,
      'fargate.arm64.vcpuHour': 0.03238,
      'ebs.gp3GbMonth': 0.088,
      's3.standardGbMonth': 0.023,
      'cloudwatch.alarmMonth': 0.1,
      'cloudwatch.metricMonth': 0.3,
      'nlb.lcuHour': 0.006,
      'ecr.storageGbMonth': 0.1,
    });
  });

  test("GIVEN the Spot Instance Advisor feed THEN each family of the catalog types spans its types' eu-west-1 Linux savings, dated today; a type the feed lacks is reported", () => {
    const catalog = { ...catalogOf([], ['m6i.large', 'm6i.xlarge', 'r7i.xlarge', 'c9z.large']), spot: loadPriceCatalog('eu-west-1')!.spot };
    const result = refreshSpotDiscounts(catalog, spotAdvisorFeed({ 'm6i.large': 60, 'm6i.xlarge': 62, 'r7i.xlarge': 50 }) as SpotAdvisorFeed, TODAY);
    expect(result.catalog.spot.ec2.families.m6i).toEqual({ minPercent: 60, maxPercent: 62, types: { 'm6i.large': 60, 'm6i.xlarge': 62 } });
    expect(result.catalog.spot.ec2.families.r7i).toEqual({ minPercent: 50, maxPercent: 50, types: { 'r7i.xlarge': 50 } });
    expect(result.catalog.spot.ec2).toMatchObject({ source: SPOT_ADVISOR_URL, date: TODAY, thirdParty: false });
    expect(result.failed).toEqual([{ key: 'spot.ec2.c9z.large', reason: 'the Spot Instance Advisor lists no eu-west-1 Linux savings for c9z.large' }]);
  });
});

describe('npm run cost:refresh (a fake aws on PATH)', () => {
  let scratch: string;
  let bin: string;
  let dir: string;
  let log: string;
  let responses: string;
  let advisor: string;
  const original = formatCatalog(catalogOf(['nat.hour', 'nat.gb', 'alb.hour'], ['m6i.large']));

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-refresh-'));
    bin = path.join(scratch, 'bin');
    dir = path.join(scratch, 'prices');
    log = path.join(scratch, 'calls.jsonl');
    responses = path.join(scratch, 'responses.json');
    advisor = path.join(scratch, 'spot-advisor-data.json');
    fs.writeFileSync(advisor, JSON.stringify(spotAdvisorFeed({ 'm6i.large': 57 })));
    fs.mkdirSync(bin);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'eu-west-1.json'), original);
    fs.writeFileSync(responses, JSON.stringify({ AmazonEC2: [...NAT_PRODUCTS, instanceProduct('M6ISKU', 'm6i.large', '0.1070000000')], AWSELB: elbProducts(['0.0252000000', '0.0300000000']) }));
    // The AWS CLI's behaviour: sts fails without credentials (exit 255, its message); get-products
    // answers the products whose product family or attributes equal every TERM_MATCH filter.
    fs.writeFileSync(
      path.join(bin, 'aws'),
      `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify(args) + '\\n');
if (args[0] === 'sts') {
  if (!process.env.AWS_ACCESS_KEY_ID) { process.stderr.write('\\nUnable to locate credentials. You can configure credentials by running "aws configure".\\n'); process.exit(255); }
  process.stdout.write(JSON.stringify({ UserId: 'AIDAEXAMPLE', Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/pricing' }));
  process.exit(0);
}
const at = (flag) => args[args.indexOf(flag) + 1];
const filters = [];
for (let i = args.indexOf('--filters') + 1; i < args.length && !args[i].startsWith('--'); i++) {
  const [, field, value] = /^Type=TERM_MATCH,Field=([^,]+),Value=(.*)$/.exec(args[i]);
  filters.push([field, value]);
}
const all = JSON.parse(fs.readFileSync(process.env.FAKE_AWS_RESPONSES, 'utf8'))[at('--service-code')] || [];
const fields = (item) => { const p = JSON.parse(item).product; return { productFamily: p.productFamily, ...p.attributes }; };
const PriceList = all.filter((item) => filters.every(([f, v]) => fields(item)[f] === v));
process.stdout.write(JSON.stringify({ FormatVersion: 'aws_v1', PriceList }));
`,
      { mode: 0o755 },
    );
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runScript('scripts/cost-refresh.ts', args, { env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: scratch, FAKE_AWS_LOG: log, FAKE_AWS_RESPONSES: responses, ...env } });
  const calls = (): string[][] =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];

  test('GIVEN no AWS credentials THEN it refuses clearly before any price query and leaves the catalog as it was', () => {
    const result = run(['--dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cost:refresh: refused: no usable AWS credentials \(aws sts get-caller-identity failed \(exit 255\): Unable to locate credentials\./);
    expect(result.stderr).toContain('the catalogs are unchanged');
    expect(calls().map((c) => c.slice(0, 2))).toEqual([['sts', 'get-caller-identity']]);
    expect(fs.readFileSync(path.join(dir, 'eu-west-1.json'), 'utf8')).toBe(original);
  }, 30_000);

  test('GIVEN no aws on PATH THEN it refuses and says so', () => {
    const result = runScript('scripts/cost-refresh.ts', ['--dir', dir], { env: { PATH: scratch, HOME: scratch } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refused: the AWS CLI \(aws\) is not on PATH/);
  }, 30_000);

  test('GIVEN an unknown flag or an argument THEN it is rejected in one line pointing at --help, nothing run', () => {
    for (const args of [['--dir', dir, '--regoin', 'eu-west-1'], ['eu-west-1']]) {
      const result = run(args, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^cost:refresh: (Unknown option '--regoin'|Unexpected argument 'eu-west-1')/);
      expect(result.stderr).toContain('npm run cost:refresh -- --help lists the options');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(calls()).toEqual([]);
  }, 30_000);

  test('GIVEN credentials THEN every price is queried at the us-east-1 endpoint and rewritten dated today from the AWS Price List API; what the API does not answer unambiguously is kept and reported (exit 1)', () => {
    const result = run(['--dir', dir, '--spot-advisor', advisor], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    const catalog = loadPriceCatalog('eu-west-1', dir)!;
    expect(catalog.checkedOn).toBe(today);
    expect(catalog.prices['nat.hour']).toMatchObject({ usd: 0.048, source: 'AWS Price List API', date: today });
    expect(catalog.prices['nat.gb']).toMatchObject({ usd: 0.048, source: 'AWS Price List API', date: today });
    expect(catalog.instances['m6i.large']).toMatchObject({ usd: 0.107, unit: 'instance-hour', source: 'AWS Price List API', date: today });
    expect(catalog.prices['alb.hour']).toEqual(TEST_CATALOG.prices['alb.hour']);
    expect(result.stdout).toContain('eu-west-1: 3 prices from the AWS Price List API (3 changed), 1 left as they were');
    expect(result.stdout).toContain('  instances.m6i.large: not priced -> $0.107');
    expect(result.stdout).toMatch(/ {2}alb\.hour: not refreshed: ambiguous: 2 products/);
    // EC2 Spot from the Spot Instance Advisor feed (a public document, not the Price List API)
    expect(result.stdout).toContain('eu-west-1: 1 EC2 Spot families from the Spot Instance Advisor, 0 types not listed');
    expect(catalog.spot.ec2.families.m6i).toEqual({ minPercent: 57, maxPercent: 57, types: { 'm6i.large': 57 } });
    expect(catalog.spot.ec2).toMatchObject({ date: today, thirdParty: false });
    const queries = calls().filter((c) => c[0] === 'pricing');
    expect(queries).toHaveLength(3); // NAT (both prices), the ELB products, the instance type
    for (const query of queries) expect(query.slice(-4)).toEqual(['--region', 'us-east-1', '--output', 'json']);
    expect(queries.map((q) => q.slice(q.indexOf('--service-code') + 1, q.indexOf('--service-code') + 2)[0])).toEqual(['AmazonEC2', 'AWSELB', 'AmazonEC2']);
    expect(queries[2]).toEqual(
      expect.arrayContaining([
        'Type=TERM_MATCH,Field=instanceType,Value=m6i.large',
        'Type=TERM_MATCH,Field=licenseModel,Value=No License required',
        'Type=TERM_MATCH,Field=regionCode,Value=eu-west-1',
      ]),
    );
  }, 30_000);

  test('GIVEN the API pricing the NAT gateway hour per Gbps-hour THEN nat.hour is refused and reported, its old entry kept, the others refreshed', () => {
    const perGbps = NAT_PRODUCTS.map((item) => item.replace('"unit":"Hrs"', '"unit":"Gbps-hrs"'));
    expect(perGbps).not.toEqual(NAT_PRODUCTS);
    fs.writeFileSync(responses, JSON.stringify({ AmazonEC2: [...perGbps, instanceProduct('M6ISKU', 'm6i.large', '0.1070000000')], AWSELB: elbProducts(['0.0252000000']) }));
    const result = run(['--dir', dir, '--spot-advisor', advisor], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    expect(result.status).toBe(1);
    const catalog = loadPriceCatalog('eu-west-1', dir)!;
    expect(catalog.prices['nat.hour']).toEqual(TEST_CATALOG.prices['nat.hour']);
    expect(catalog.prices['nat.gb']).toMatchObject({ usd: 0.048, source: 'AWS Price List API' });
    expect(result.stdout).toMatch(/ {2}nat\.hour: not refreshed: unit: expected Hrs for EU-NatGateway-Hours or eu-west-1-NatGateway-Hours, got Gbps-hrs \(KFNSSCHWD43WZK2R \$0\.048\)/);
  }, 30_000);

  test('GIVEN the committed eu-west-1 catalog and an AWS answering every product THEN the script refreshes every price, instance type and Spot family (exit 0), nothing left third-party', () => {
    const committed = loadPriceCatalog('eu-west-1')!;
    fs.writeFileSync(path.join(dir, 'eu-west-1.json'), formatCatalog(committed));
    fs.writeFileSync(responses, JSON.stringify(everyCatalogProduct(Object.keys(committed.instances))));
    fs.writeFileSync(advisor, JSON.stringify(spotAdvisorFeed(Object.fromEntries(Object.keys(committed.instances).map((type) => [type, 50])))));
    const result = run(['--dir', dir, '--spot-advisor', advisor], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const total = Object.keys(committed.prices).length + Object.keys(committed.instances).length;
    expect(result.stdout).toContain(`eu-west-1: ${total} prices from the AWS Price List API (`);
    expect(result.stdout).toContain(`, 0 left as they were`);
    expect(result.stdout).toContain(`eu-west-1: ${Object.keys(committed.spot.ec2.families).length} EC2 Spot families from the Spot Instance Advisor, 0 types not listed`);
    const refreshed = loadPriceCatalog('eu-west-1', dir)!;
    expect(Object.keys(refreshed.prices)).toEqual(Object.keys(committed.prices));
    expect(Object.entries({ ...refreshed.prices, ...refreshed.instances }).filter(([, p]) => 'missing' in p || p.thirdParty !== false || p.source !== 'AWS Price List API')).toEqual([]);
    expect(Object.values(refreshed.spot.ec2.families).every((f) => f.minPercent === 50 && f.maxPercent === 50)).toBe(true);
  }, 30_000);

  test('GIVEN --dry-run THEN it reports the changes and writes nothing', () => {
    const result = run(['--dir', dir, '--dry-run', '--region', 'eu-west-1', '--spot-advisor', advisor], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    expect(result.stdout).toContain('  nat.hour: $0.05 -> $0.048');
    expect(result.stdout).toContain('dry run: nothing written');
    expect(fs.readFileSync(path.join(dir, 'eu-west-1.json'), 'utf8')).toBe(original);
  }, 30_000);
});
