import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { PRICED_TYPES } from '../../tools/cost/estimate';
import { estimateSynthesis } from '../../tools/cost/estimate-synthesis';
import { NO_CHARGE_OF_ITS_OWN, noChargeReason } from '../../tools/cost/no-charge';
import { readSynthOutput } from '../../lib/terraform-json/synth-output';
import { exampleSynthCopy } from '../helpers/example-synth';
import { runScript, runScriptInProcess } from '../helpers/run-script';

const root = path.resolve(__dirname, '../..');
const TODAY = new Date('2026-12-07T00:00:00Z');

/** The hand-calculated totals of docs/cost.md ("Hand calculation"), by environment. */
function handTotals(): Map<string, number> {
  const doc = fs.readFileSync(path.join(root, 'docs/cost.md'), 'utf8');
  const table = /<!-- hand-totals:start -->([\s\S]*?)<!-- hand-totals:end -->/.exec(doc)![1];
  return new Map([...table.matchAll(/^\| (\w+) \| ([\d,.]+) \|/gm)].map(([, environment, usd]) => [environment, Number(usd.replace(/,/g, ''))]));
}

describe('npm run cost on the example environments', () => {
  let scratch: string;
  let outdir: string;

  beforeAll(() => {
    // A copy of the run's shared synthesis of the examples: the command writes its reports into it.
    ({ root: scratch, outdir } = exampleSynthCopy([], 'cost-command-'));
  }, 120_000);

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const estimates = () => {
    const configs = loadEnvironments(path.join(root, 'environments'));
    return estimateSynthesis(readSynthOutput(outdir), { today: TODAY, assumptions: new Map(configs.map((c) => [c.name, c.cost])) });
  };

  test('GIVEN the example syntheses THEN every resource type is priced or listed as free with a cited reason', () => {
    const types = new Set(
      readSynthOutput(outdir).flatMap((s) =>
        SynthesizedStack.of(s.document)
          .resources()
          .map((b) => b.type),
      ),
    );
    expect(types.size).toBeGreaterThan(40);
    const neither = [...types].filter((type) => !PRICED_TYPES[type] && noChargeReason(type) === undefined);
    expect(neither).toEqual([]);
    for (const [type, reason] of Object.entries(NO_CHARGE_OF_ITS_OWN))
      expect([type, reason]).toEqual([type, expect.stringMatching(/https:\/\/aws\.amazon\.com\/|https:\/\/docs\.aws\.amazon\.com\/|a tag, no charge|no AWS resource/)]);
    for (const type of Object.keys(PRICED_TYPES)) expect([type, noChargeReason(type)]).toEqual([type, undefined]);
  });

  test('GIVEN the example environments THEN every line is priced and each expected total is within 10 % of the hand calculation in docs/cost.md; dev to the cent', () => {
    const hand = handTotals();
    expect([...hand.keys()].sort()).toEqual(['dev', 'prod', 'stg']);
    for (const e of estimates()) {
      expect([e.environment, e.complete, e.unpricedTypes, e.lines.filter((l) => !l.monthly).map((l) => `${l.address} ${l.component}`)]).toEqual([e.environment, true, [], []]);
      const expected = hand.get(e.environment)!;
      expect([e.environment, Math.abs(e.total.expected - expected) / expected <= 0.1]).toEqual([e.environment, true]);
    }
    expect(estimates().find((e) => e.environment === 'dev')!.total.expected).toBeCloseTo(hand.get('dev')!, 2);
  });

  test("GIVEN the example environments THEN it prints each estimate with the assumptions it used, the Spot figures' age and the inferred prices, and writes Markdown and JSON", () => {
    const result = runScript('scripts/cost.ts', ['--synth', outdir]);
    expect(result.status).toBe(0);
    // the only warning: the Spot Instance Advisor capture is older than cost.catalogMaxAgeDays
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^warning: the eu-west-1 EC2 Spot discounts \(Spot Instance Advisor\) date from 2025-06-28, \d+ days ago \(cost\.catalogMaxAgeDays: 90\): run npm run cost:refresh -- --region eu-west-1 /,
      ),
    ]);
    for (const environment of ['dev', 'stg', 'prod']) expect(result.stdout).toContain(`${environment} (eu-west-1, prices checked 2026-12-07)`);
    // prod's cost: section; dev takes the defaults
    expect(result.stdout).toMatch(/^assumptions: natGatewayGbPerMonth: 500, .*apiRequestsMillionsPerMonth: 20, .*deltaAlertUsdPerMonth: 250, requireFullCoverage: true, catalogMaxAgeDays: 90$/m);
    expect(result.stdout).toMatch(
      /^assumptions: natGatewayGbPerMonth: 100, albLcuPerHour: 1, nlbLcuPerHour: 1, logGbPerGroupPerMonth: 1, apiRequestsMillionsPerMonth: 1, internetEgressGbPerMonth: 0, s3StorageGbPerBucket: 1, ecrStorageGbPerRepository: 1, interfaceEndpointGbPerMonth: 10, wafRequestsMillionsPerMonth: 1, deltaAlertUsdPerMonth: 100, requireFullCoverage: true, catalogMaxAgeDays: 90$/m,
    );
    expect(result.stdout).toMatch(/EKS control plane +aws_eks_cluster\.\S+ cluster hours \(standard support\) +730 cluster-hour +\$0\.1 +\$73\.00/);
    expect(result.stdout).toMatch(/EKS node groups +aws_eks_node_group\.eks_system_\S+ on-demand nodes \(m6i\.large\) +730 instance-hour +\$0\.107 +\$78\.11 +\$78\.11 +\$156\.22$/m);
    expect(result.stdout).toMatch(/EKS node groups +aws_eks_node_group\.eks_system_\S+ root volumes \(50 GB gp3 per node\) +50 GB-month +\$0\.088 +\$4\.40/);
    expect(result.stdout).toMatch(/^ +total +\$316\.28 +\$316\.28 +\$622\.86$/m);
    expect(result.stdout).toMatch(/^every line priced: 100 % of billed resources priced \(45 of 45\)$/m);
    expect(result.stdout).toMatch(/^Spot figures: EC2 Spot discounts \(Spot Instance Advisor\) of 2025-06-28 \(\d+ days old\), Fargate Spot prices of 2026-09-29 \(\d+ days old\)$/m);
    expect(result.stdout).toMatch(/^inferred prices \(not published for eu-west-1; see the line notes\): nlb\.hour, nlb\.lcuHour$/m);
    expect(result.stdout).toMatch(/^third-party prices \(confirm with npm run cost:refresh\): .*\bnat\.hour\b/m);

    const markdown = fs.readFileSync(path.join(outdir, 'cost-estimate.md'), 'utf8');
    expect(markdown).toMatch(/^\| dev \| \$316\.28 \| \$316\.28 \| \$622\.86 \| 100 % \(45 of 45\) \| \$[\d,.]+ \|$/m);
    expect(markdown).toContain('> [!WARNING]');
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'cost-estimate.json'), 'utf8'));
    expect(json.map((e: { environment: string }) => e.environment)).toEqual(['dev', 'prod', 'stg']);
    expect(json[1].assumptions.natGatewayGbPerMonth).toBe(500);
  }, 60_000);

  test('GIVEN a synthesized resource type with no price and no reason to be free THEN requireFullCoverage fails the command naming it, and writes no report', async () => {
    const copy = path.join(scratch, 'unpriced.out');
    fs.cpSync(outdir, copy, { recursive: true });
    for (const file of ['cost-estimate.md', 'cost-estimate.json']) fs.rmSync(path.join(copy, file), { force: true });
    const stackFile = path.join(copy, 'stacks', 'dev-platform', 'cdk.tf.json');
    const document = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
    document.resource.aws_instance = { bastion: { ami: 'ami-0123456789abcdef0', instance_type: 't3.micro', '//': { metadata: { path: 'dev-platform/bastion' } } } };
    fs.writeFileSync(stackFile, JSON.stringify(document));
    const result = await runScriptInProcess('scripts/cost.ts', ['--synth', copy]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^ +total \(lower bound: priced lines only\) +≥ \$316\.28 +≥ \$316\.28 +≥ \$622\.86$/m);
    expect(result.stdout).toContain('lower bound: 97 % of billed resources priced (45 of 46); not priced: resource types aws_instance (1)');
    expect(result.stderr).toMatch(
      /^cost: dev: resource types aws_instance \(1\) \(cost\.requireFullCoverage is on\): add the price to tools\/cost\/prices\/eu-west-1\.json and the type to PRICED_TYPES, or its reason to be free to tools\/cost\/no-charge\.ts/m,
    );
    expect(fs.existsSync(path.join(copy, 'cost-estimate.md'))).toBe(false);
    expect(fs.existsSync(path.join(copy, 'cost-estimate.json'))).toBe(false);
  }, 60_000);
});
