import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { runScript } from '../helpers/run-script';

const root = path.resolve(__dirname, '../..');

describe('npm run cost', () => {
  let scratch: string;
  let outdir: string;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-command-'));
    outdir = path.join(scratch, 'cdktf.out');
    synthesizeEnvironments(loadEnvironments(path.join(root, 'environments')), outdir, addEnvironmentStacks);
  }, 120_000);

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('GIVEN the example environments THEN it prints each estimate with the assumptions it used and writes Markdown and JSON', () => {
    const result = runScript('scripts/cost.ts', ['--synth', outdir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const environment of ['dev', 'stg', 'prod']) {
      expect(result.stdout).toContain(`${environment} (eu-west-1, prices checked `);
    }
    // prod's cost: section; dev takes the defaults
    expect(result.stdout).toMatch(/^assumptions: natGatewayGbPerMonth: 500, .*apiRequestsMillionsPerMonth: 20, .*deltaAlertUsdPerMonth: 250$/m);
    expect(result.stdout).toMatch(/^assumptions: natGatewayGbPerMonth: 100, albLcuPerHour: 1, nlbLcuPerHour: 1, logGbPerGroupPerMonth: 1, apiRequestsMillionsPerMonth: 1, internetEgressGbPerMonth: 0, deltaAlertUsdPerMonth: 100$/m);
    expect(result.stdout).toMatch(/EKS control plane +aws_eks_cluster\.\S+ cluster hours \(standard support\) +730 cluster-hour +\$0\.1 +\$73\.00/);
    // The eu-west-1 catalog prices NAT gateways and x86 Fargate (docs/cost.md): they count in the totals now.
    expect(result.stdout).toMatch(/NAT gateways +aws_nat_gateway\.\S+ NAT gateway hours +730 NAT gateway-hour +\$0\.048 +\$35\.04 +\$35\.04 +\$35\.04$/m);
    expect(result.stdout).toMatch(/Fargate services +aws_ecs_service\.\S+ Fargate tasks \(1 vCPU, 2 GB, x86\) +730 task-hour +\$0\.04937 +\$36\.04 /);
    // Fargate Spot (x86) saves against on demand; EC2 Spot nodes and arm64 Fargate have no eu-west-1 price: named, not counted
    expect(result.stdout).toMatch(/^Spot and Fargate Spot save \$[1-9][\d.,]* \(\$[\d.,]+–\$0\.00\) against the same capacity on demand; \d+ Spot lines are not priced and not included$/m);
    expect(result.stdout).toMatch(/Spot nodes \(m7a\.large, m7i\.large, m6a\.large, m6i\.large\) +\S+ instance-hour +– +not priced/);
    expect(result.stdout).toMatch(/^third-party prices \(confirm with npm run cost:refresh\): .*\bnat\.hour\b/m);
    expect(result.stdout).toMatch(/^not priced: \d+ lines above; resource types .*aws_s3_bucket/m);

    const markdown = fs.readFileSync(path.join(outdir, 'cost-estimate.md'), 'utf8');
    expect(markdown).toMatch(/^\| prod \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \|$/m);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'cost-estimate.json'), 'utf8'));
    expect(json.map((e: { environment: string }) => e.environment)).toEqual(['dev', 'prod', 'stg']);
    expect(json[1].assumptions.natGatewayGbPerMonth).toBe(500);
  }, 60_000);
});
