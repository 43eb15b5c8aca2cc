import * as fs from 'fs';
import { planMetadata } from './support/plan-metadata';
import * as path from 'path';
import { costSchema } from '../../lib/config/cost-schema';
import { planCost, type PlanCostFile } from '../../tools/pull-request/affected';
import { rangeText, renderFailureComment, renderPlanReport } from '../../tools/pull-request/plan-comment';
import { summarizePlan } from '../../tools/stack-plan/plan-summary';
import { formatKeyPath } from '../../lib/util/key-path';
import type { PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { stackDocument, TEST_CATALOG } from '../cost/cost-fixture';
import { scratchDir } from '../helpers/scratch';

const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
const metadata = (stack: string, commit = COMMIT): PlanMetadata => planMetadata(stack, { commit, placeholders: ['envoy_image_digest'] });

describe('npm run plan:comment --failed-step (failures are never stale)', () => {
  test('GIVEN a failed step THEN the comment says which step failed at which commit, and shows nothing else', () => {
    const output = path.join(scratchDir('plan-comment-'), 'comment.md');
    const result = runScript('scripts/plan-comment.ts', ['--failed-step', 'change detection (npm run affected)', '--commit', COMMIT, '--output', output], {
      env: { ...process.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/platform', GITHUB_RUN_ID: '99' },
    });
    expect(result).toMatchObject({ status: 0 });
    expect(fs.readFileSync(output, 'utf8')).toBe(
      [
        '## Terraform plans at `fedcba9`',
        '',
        '> [!CAUTION]',
        `> **change detection (npm run affected) failed** at commit \`${COMMIT}\`.`,
        '> Nothing is shown for this commit, and nothing from an earlier push is kept here: fix the step and push again.',
        '> See the [workflow run](https://github.com/acme/platform/actions/runs/99) for its output.',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN --merge-commit (what the workflow passes) THEN the failure names the head and the merge commit', async () => {
    const output = path.join(scratchDir('plan-comment-'), 'comment.md');
    const result = await runScriptInProcess('scripts/plan-comment.ts', ['--failed-step', 'x', '--commit', COMMIT, '--merge-commit', '0123456789abcdef0123456789abcdef01234567', '--output', output]);
    expect(result).toMatchObject({ status: 0 });
    expect(fs.readFileSync(output, 'utf8')).toContain(`> **x failed** at commit \`${COMMIT}\` (run on its merge with the base branch, \`0123456\`).`);
  });

  test('GIVEN the synth diff failed THEN its own title', () => {
    expect(renderFailureComment({ step: 'test, synth and diff', commit: COMMIT, title: '## Synthesized Terraform' })).toMatch(
      /^## Synthesized Terraform at `fedcba9`\n\n> \[!CAUTION\]\n> \*\*test, synth and diff failed\*\*/,
    );
  });

  test('GIVEN options that do not go together or an unknown flag THEN it fails', async () => {
    expect(await runScriptInProcess('scripts/plan-comment.ts', ['--failed-step', 'x', '--commit', COMMIT, '--output', '/dev/null', '--plans', '.'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/--failed-step renders the failure comment only/),
    });
    expect(await runScriptInProcess('scripts/plan-comment.ts', ['--nope'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan:comment: Unknown option '--nope'/) });
  });
});

describe('renderPlanReport', () => {
  test('GIVEN nothing affected THEN it says there is nothing to plan', () => {
    expect(renderPlanReport([], { commit: COMMIT, affected: { include: [], notPlanned: [] } }).comment).toBe(
      "## Terraform plans at `fedcba9`\n\nNo stack's synthesized Terraform or Envoy bundles changed against the base branch: nothing to plan.\n",
    );
  });

  test('GIVEN a matrix stack without a plan, a plan of another commit and a placeholder THEN each is said', () => {
    const plan = summarizePlan(
      { resource_changes: [{ address: 'aws_s3_bucket.a', mode: 'managed', change: { actions: ['create', 'delete'], replace_paths: [['bucket']], before: {}, after: {} } }] },
      metadata('dev-platform', '1111111aaaa'),
    );
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], {
      commit: COMMIT,
      affected: { include: [{ environment: 'stg', stack: 'stg-platform', 'plan-role': 'r', region: 'eu-west-1' }], notPlanned: [{ stack: 'prod-bootstrap', reason: 'local backend' }] },
    });
    expect(comment).toContain('| stg | `stg-platform` | ❌ no plan: the plan job did not finish | | | | |');
    expect(comment).toContain('Planned at another commit than `fedcba9`: `dev-platform` (`1111111`).');
    expect(comment).toContain('`dev-platform`: `envoy_image_digest` planned with a placeholder value');
    expect(comment).toContain('- `prod-bootstrap`: local backend');
    expect(comment).toContain('| `aws_s3_bucket.a` | `bucket` | – | create, then destroy (`create_before_destroy`) |');
  });

  test('GIVEN a pull_request run THEN the comment names the head commit and says the plan is of its merge with the base', () => {
    const MERGE = '0123456789abcdef0123456789abcdef01234567';
    const plan = summarizePlan({ resource_changes: [] }, { ...metadata('dev-platform', MERGE), placeholders: [] });
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT, mergeCommit: MERGE });
    expect(comment).toMatch(/^## Terraform plans at `fedcba9`\n\n_Planned from `0123456`, GitHub's merge of `fedcba9` into the base branch/);
    // The plan of the merge commit is this push's plan, not one of another commit.
    expect(comment).not.toContain('Planned at another commit');
    expect(renderFailureComment({ step: 'change detection', commit: COMMIT, mergeCommit: MERGE })).toContain(
      `> **change detection failed** at commit \`${COMMIT}\` (run on its merge with the base branch, \`0123456\`).`,
    );
  });

  test('formatKeyPath renders replace_paths as attribute paths', () => {
    expect(formatKeyPath(['ingress', 0, 'cidr_blocks'])).toBe('ingress[0].cidr_blocks');
  });
});

describe('the monthly cost delta in the plan comment (npm run plan:comment -- --cost FILE)', () => {
  // Environment `test` (threshold $40): test-network gains a NAT gateway; test-cluster's node group moves to a type
  // the catalog does not price; test-edge's NLB is unchanged. Round test prices (tests/cost/cost-fixture.ts).
  const output = (id: string, resources: Parameters<typeof stackDocument>[0]) => ({ id, environment: 'test', document: stackDocument(resources), assets: new Map<string, Buffer>() });
  const group = (types: string[]) => ({ aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: types, scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } });
  const base = [output('test-network', { aws_vpc: { vpc: {} } }), output('test-cluster', group(['m6i.large'])), output('test-edge', { aws_lb: { nlb: { load_balancer_type: 'network' } } })];
  const head = [output('test-network', { aws_vpc: { vpc: {} }, aws_nat_gateway: { nat: {} } }), output('test-cluster', group(['x9.large'])), base[2]];
  const cost: PlanCostFile = planCost(base, head, {
    today: new Date('2026-12-01T00:00:00Z'),
    catalogFor: () => TEST_CATALOG,
    assumptions: new Map([['test', costSchema.parse({ deltaAlertUsdPerMonth: 40 })]]),
  });
  const plan = (stack: string) => summarizePlan({ resource_changes: [{ address: 'aws_nat_gateway.nat', mode: 'managed', change: { actions: ['create'], before: null, after: {} } }] }, metadata(stack));

  test('GIVEN base and head syntheses THEN the JSON splits the delta by stack; NAT data (a usage assumption) has no stack', () => {
    const [test] = cost.environments;
    expect(test.stacks.map((s) => [s.stack, s.delta.expected, s.notPriced])).toEqual([
      ['test-cluster', 0, 1],
      ['test-network', 36.5, 0],
    ]);
    // 730 h × $0.05 + the assumed 100 GB × $0.05; the node group, no longer priced, is listed but not counted as a saving.
    expect(test.delta.expected).toBeCloseTo(41.5, 6);
    expect(test.changes.find((c) => c.before === undefined && c.after?.address === 'assumption')?.after?.component).toMatch(/^data processed/);
  });

  test('GIVEN the cost JSON THEN each stack row has its monthly delta, unpriced lines say so, and the environment line and callout follow the table', () => {
    const { comment } = renderPlanReport(
      [
        { kind: 'plan', summary: plan('test-network') },
        { kind: 'failure', failure: { environment: 'test', stack: 'test-cluster', commit: COMMIT, step: 'init', output: 'boom' } },
      ],
      { commit: COMMIT, cost },
    );
    expect(comment).toContain('| environment | stack | add | change | destroy | replace | monthly cost delta |');
    expect(comment).toContain('| test | `test-network` | 1 | 0 | 0 | 0 | +$36.50 |');
    expect(comment).toContain('| test | `test-cluster` | ❌ terraform init failed | | | | 1 line not priced |');
    // each side also has the node group's root volumes (2 nodes × 20 GB × $0.10)
    expect(comment).toContain('- **test**: $168.98 → $64.48, +$41.50; 1 changed line not priced, not in the delta');
    // Above the $40 threshold: the NAT gateway counts; the node group that left the priced total is no saving.
    expect(comment).toContain('> **test** costs +$41.50 more per month (expected), above the $40.00 threshold');
    // Each stack's section lists its changed lines; the usage line is in the environment's section.
    expect(comment).toMatch(
      /<summary><code>test-network<\/code>[^]*\*\*Monthly cost\*\*: 1 changed line\n\n\| resource \| component \| before \| after \| delta \(min \/ expected \/ max\) \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `aws_nat_gateway.nat` \| NAT gateway hours \| – \| \$36\.50 \(730 NAT gateway-hour\) \| \+\$36\.50 \/ \+\$36\.50 \/ \+\$36\.50 \|/,
    );
    expect(comment).toContain('| `aws_eks_node_group.system` | on-demand nodes (x9.large) | $146.00 (1460 instance-hour) | not priced (1460 instance-hour) | unknown |');
    expect(comment).toContain('**Monthly cost, other changed lines** (1: usage assumptions, stacks not planned here)');
    expect(comment).toContain('| `assumption` | data processed (assumption natGatewayGbPerMonth) | – | $5.00 (100 GB processed) | +$5.00 / +$5.00 / +$5.00 |');
  });

  test("GIVEN a head adding more than cost.deltaAlertUsdPerMonth THEN the synth diff's callout is above the fold", () => {
    const priced = planCost(base.slice(0, 1), head.slice(0, 1), {
      today: new Date('2026-12-01T00:00:00Z'),
      catalogFor: () => TEST_CATALOG,
      assumptions: new Map([['test', costSchema.parse({ deltaAlertUsdPerMonth: 40 })]]),
    });
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan('test-network') }], { commit: COMMIT, cost: priced });
    const warning = '> **test** costs +$41.50 more per month (expected), above the $40.00 threshold (`cost.deltaAlertUsdPerMonth`).';
    expect(comment).toContain(warning);
    expect(comment.indexOf(warning)).toBeLessThan(comment.indexOf('<details>'));
    expect(comment).toContain('- **test**: $0.00 → $41.50, +$41.50');
  });

  test('GIVEN no cost file THEN the column points to the synth diff; rangeText shows min and max only where they differ', () => {
    expect(renderPlanReport([{ kind: 'plan', summary: plan('test-network') }], { commit: COMMIT }).comment).toContain('| test | `test-network` | 1 | 0 | 0 | 0 | see synth diff |');
    expect(rangeText({ min: 1, expected: 1, max: 1 })).toBe('+$1.00');
    expect(rangeText({ min: 0, expected: 1, max: 2 })).toBe('+$1.00 (min +$0.00, max +$2.00)');
    expect(rangeText({ min: -1e-12, expected: 0, max: 0 })).toBe('+$0.00');
  });

  test('GIVEN --cost THEN the script reads the file and renders the column', async () => {
    const dir = scratchDir('plan-comment-cost-');
    fs.mkdirSync(path.join(dir, 'plans', 'test-network'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'plans', 'test-network', 'metadata.json'), JSON.stringify(metadata('test-network')));
    fs.writeFileSync(
      path.join(dir, 'plans', 'test-network', 'plan.json'),
      JSON.stringify({ resource_changes: [{ address: 'aws_nat_gateway.nat', mode: 'managed', change: { actions: ['create'], before: null, after: {} } }] }),
    );
    fs.writeFileSync(path.join(dir, 'cost.json'), JSON.stringify(cost));
    const result = await runScriptInProcess(
      'scripts/plan-comment.ts',
      ['--plans', path.join(dir, 'plans'), '--cost', path.join(dir, 'cost.json'), '--commit', COMMIT, '--output', path.join(dir, 'comment.md')],
      { env: { ...process.env, GITHUB_RUN_ID: '' } },
    );
    expect(result).toMatchObject({ status: 0 });
    expect(fs.readFileSync(path.join(dir, 'comment.md'), 'utf8')).toContain('| test | `test-network` | 1 | 0 | 0 | 0 | +$36.50 |');
    expect(await runScriptInProcess('scripts/plan-comment.ts', ['--failed-step', 'x', '--commit', COMMIT, '--output', '/dev/null', '--cost', 'cost.json'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/no --plans, --report, --affected or --cost/),
    });
  });
});

describe('replacements caused only by the placeholder Envoy digest', () => {
  const PLACEHOLDER = `sha256:${'0'.repeat(64)}`;
  const DEPLOYED = `sha256:${'d'.repeat(64)}`;
  const ENVOY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy';
  const APP = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/api';
  // The state keeps the definitions as the provider normalized them (no empty lists, its own key order);
  // the configuration has them as synthesized.
  const state = (app: string) =>
    JSON.stringify([
      { essential: true, image: `${APP}:${app}`, name: 'app' },
      { image: `${ENVOY}@${DEPLOYED}`, name: 'envoy', user: '101:101' },
    ]);
  const config = (app: string) =>
    JSON.stringify([
      { name: 'app', image: `${APP}:${app}`, essential: true, portMappings: [] },
      { name: 'envoy', image: `${ENVOY}@${PLACEHOLDER}`, user: '101:101', environment: [] },
    ]);
  const replaced = (address: string, before: string, after: string) => ({
    address,
    mode: 'managed',
    action_reason: 'replace_because_cannot_update',
    change: { actions: ['create', 'delete'], replace_paths: [['container_definitions']], before: { container_definitions: before, family: 'f' }, after: { container_definitions: after, family: 'f' } },
  });

  test('GIVEN a platform plan whose only replacement comes from the placeholder digest THEN no CAUTION, and a note says it is not real', () => {
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), config('2.3.0'))] }, metadata('stg-platform'));
    expect(plan.resources[0]).toMatchObject({ action: 'replace', placeholderOnly: true });
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT });
    expect(comment).not.toContain('[!CAUTION]');
    expect(comment).toContain(
      '> **1 replacement is not real**: caused only by the placeholder Envoy image digest (nothing else in `container_definitions` changes), so it is left out of the destructive changes above.',
    );
    expect(comment).toContain('> - `aws_ecs_task_definition.api` in `stg-platform`');
    expect(comment).toContain('| `aws_ecs_task_definition.api` | `container_definitions` | only the placeholder `envoy_image_digest`: not real |');
  });

  test('GIVEN the same replacement but the app image changes too THEN it is real: under CAUTION', () => {
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), config('2.4.0'))] }, metadata('stg-platform'));
    expect(plan.resources[0].placeholderOnly).toBeUndefined();
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT });
    expect(comment).toContain('> [!CAUTION]\n> **1 destructive change**\n> - `aws_ecs_task_definition.api` in `stg-platform` is replaced (`container_definitions`)');
    expect(comment).not.toContain('not real');
  });

  test('GIVEN the deployed digest was used (no placeholder) THEN a replacement is never marked', () => {
    const after = config('2.3.0').replace(PLACEHOLDER, DEPLOYED);
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), after.replace('101:101', '0:0'))] }, { ...metadata('stg-platform'), placeholders: [] });
    expect(plan.resources[0].placeholderOnly).toBeUndefined();
    expect(renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT }).comment).toContain('**1 destructive change**');
  });
});
