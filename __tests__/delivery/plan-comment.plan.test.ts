import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { GITHUB_COMMENT_LIMIT } from '../../tools/github-comment/comment-fit';
import type { PlanCostFile } from '../../tools/pull-request/affected';
import { renderPlanReport } from '../../tools/pull-request/plan-comment';
import { readPlanResults, summarizePlan, type PlanResult, type StackPlanSummary } from '../../tools/stack-plan/plan-summary';
import type { PlanFailure, PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { FAKE_APPLIED, fakeAppliedState } from './support/fake-applied-state';
import { terraformForSuite } from '../helpers/plan-preflight';
import { exampleSynth } from '../helpers/example-synth';

/**
 * The plan comment from REAL offline plans of the example stacks, made by the
 * npm scripts the pull-request workflow runs:
 * - dev-platform, planned offline from an empty state (`npm run plan:stack -- dev dev-platform --offline`);
 * - stg-platform against a fake applied state: its log-group KMS key and log
 *   groups as if applied, one log group under its old name (a replacement
 *   forced by `name`), one with another retention (an update in place) and one
 *   log group the configuration no longer has (a destroy);
 * - dev-bootstrap with a provider version the mirror lacks: `terraform init` fails.
 * The cost delta comes from `npm run affected -- --cost` on a base where stg's
 * web service ran on Fargate Spot only: the head (the example) keeps its first
 * task on on-demand Fargate.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'delivery');
const runner = path.join(root, 'scripts', 'run-ts.cjs');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
export const EXAMPLE_MARKERS = ['<!-- plan-comment-example:start -->', '<!-- plan-comment-example:end -->'] as const;

const { RENAMED, RETENTION, GONE } = FAKE_APPLIED;

const planScript = (args: string[]) => promisify(execFile)(process.execPath, [runner, path.join(root, 'scripts', 'plan-stack.ts'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });

let version: string | undefined;
let results: PlanResult[];
let report: string;
let comment: string;
let cost: PlanCostFile;
const plans = path.join(work, 'plans');
const WEB = 'aws_ecs_service.ecs_service-web_service_3F22B90A';

beforeAll(async () => {
  version = await terraformForSuite('the plan comment test (real plans)');
  if (!version) return;
  fs.rmSync(work, { recursive: true, force: true });
  const synthDir = path.join(work, 'cdktf.out');
  // A copy of the run's shared synthesis of the examples: this suite changes it.
  fs.cpSync(exampleSynth(['dev', 'stg']).outdir, synthDir, { recursive: true });
  fakeAppliedState(path.join(synthDir, 'stacks', 'stg-platform'));
  const bootstrap = path.join(synthDir, 'stacks', 'dev-bootstrap', 'cdk.tf.json');
  const broken = JSON.parse(fs.readFileSync(bootstrap, 'utf8'));
  broken.terraform.required_providers.aws.version = '0.0.1';
  fs.writeFileSync(bootstrap, JSON.stringify(broken, null, 2));
  const baseDir = path.join(work, 'base.out');
  fs.cpSync(synthDir, baseDir, { recursive: true });
  const stgFile = path.join(baseDir, 'stacks', 'stg-platform', 'cdk.tf.json');
  const stg = JSON.parse(fs.readFileSync(stgFile, 'utf8'));
  stg.resource.aws_ecs_service[WEB.split('.')[1]].capacity_provider_strategy = [{ base: 0, capacity_provider: 'FARGATE_SPOT', weight: 1 }];
  fs.writeFileSync(stgFile, JSON.stringify(stg, null, 2));
  const costFile = path.join(work, 'cost-delta.json');
  const affected = runScript('scripts/affected.ts', ['--base', baseDir, '--head', synthDir, '--cost', costFile]);
  if (affected.status !== 0) throw new Error(affected.stderr);
  cost = JSON.parse(fs.readFileSync(costFile, 'utf8')) as PlanCostFile;
  const common = ['--offline', '--commit', COMMIT];
  const [, , failed] = await Promise.allSettled([
    // This one synthesizes dev itself, as the plan job does.
    planScript(['dev', 'dev-platform', '--out', path.join(plans, 'dev-platform'), ...common]),
    planScript(['stg', 'stg-platform', '--out', path.join(plans, 'stg-platform'), '--synth', synthDir, ...common]),
    planScript(['dev', 'dev-bootstrap', '--out', path.join(plans, 'dev-bootstrap'), '--synth', synthDir, ...common]),
  ]);
  expect(failed.status).toBe('rejected');
  results = readPlanResults([plans]);
  // Without the workflow run's link (GitHub's variables are set when the tests run in Actions).
  const rendered = runScript(
    'scripts/plan-comment.ts',
    ['--plans', plans, '--cost', costFile, '--commit', COMMIT, '--output', path.join(work, 'comment.md'), '--report', path.join(work, 'report.md')],
    { env: { ...process.env, GITHUB_RUN_ID: '' } },
  );
  if (rendered.status !== 0) throw new Error(rendered.stderr);
  comment = fs.readFileSync(path.join(work, 'comment.md'), 'utf8');
  report = fs.readFileSync(path.join(work, 'report.md'), 'utf8');
}, 600_000);

const summary = (stack: string): StackPlanSummary => {
  const result = results.find((r) => r.kind === 'plan' && r.summary.metadata.stack === stack);
  if (!result || result.kind !== 'plan') throw new Error(`no plan of ${stack}: ${JSON.stringify(results.map((r) => (r.kind === 'failure' ? r.failure : r.summary.metadata)))}`);
  return result.summary;
};

describe('npm run plan:stack (offline, real Terraform)', () => {
  test('GIVEN the dev example THEN a plan file, its show -json, and metadata binding it to the commit and its checksum', () => {
    if (!version) return;
    const dir = path.join(plans, 'dev-platform');
    expect(fs.readdirSync(dir).sort()).toEqual(['metadata.json', 'plan.json', 'plan.tfplan', 'plan.txt', 'terraform.lock.hcl']);
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as PlanMetadata;
    const { createHash } = require('crypto') as typeof import('crypto');
    expect(metadata).toMatchObject({ environment: 'dev', stack: 'dev-platform', commit: COMMIT, planFile: 'plan.tfplan', offline: true, terraformVersion: version });
    expect(metadata.planSha256).toBe(
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, 'plan.tfplan')))
        .digest('hex'),
    );
    expect(Date.now() - Date.parse(metadata.createdAt)).toBeLessThan(3_600_000);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')).format_version).toMatch(/^1\./);
    // From an empty state everything is created.
    expect(summary('dev-platform')).toMatchObject({ change: 0, destroy: 0, replace: 0 });
    expect(summary('dev-platform').add).toBeGreaterThan(100);
  });

  test('GIVEN a fake applied state THEN the renamed log group is replaced (forced by name), the other updated, the gone one destroyed', () => {
    if (!version) return;
    const stg = summary('stg-platform');
    expect(stg.resources.find((r) => r.address === RENAMED)).toMatchObject({ action: 'replace', order: 'destroy-first', reason: 'replace_because_cannot_update', replacePaths: ['name'] });
    expect(stg.resources.find((r) => r.address === RETENTION)).toMatchObject({ action: 'update', changedAttributes: ['retention_in_days'] });
    expect(stg.resources.find((r) => r.address === GONE)).toMatchObject({ action: 'delete', reason: 'delete_because_no_resource_config' });
    expect(stg.replace).toBe(1);
    expect(stg.destroy).toBe(2);
  });

  test('GIVEN a provider version the mirror lacks THEN failure.json names the init step, the commit and the error', () => {
    if (!version) return;
    const failure = JSON.parse(fs.readFileSync(path.join(plans, 'dev-bootstrap', 'failure.json'), 'utf8')) as PlanFailure;
    expect(failure).toMatchObject({ environment: 'dev', stack: 'dev-bootstrap', commit: COMMIT, step: 'init' });
    expect(failure.output).toMatch(/0\.0\.1/);
    expect(fs.existsSync(path.join(plans, 'dev-bootstrap', 'plan.tfplan'))).toBe(false);
  });
});

describe('npm run plan:comment (from those plans)', () => {
  test('GIVEN the same plans as summary-only folders (summary.json, no plan.json) THEN the same comment and report', async () => {
    if (!version) return;
    // What npm run plan:stack -- --summary-only keeps (plan-stack.test.ts runs it): metadata.json and summary.json.
    const summaries = path.join(work, 'summary-only');
    for (const stack of fs.readdirSync(plans)) {
      const from = path.join(plans, stack);
      const to = path.join(summaries, stack);
      fs.mkdirSync(to, { recursive: true });
      for (const file of ['metadata.json', 'failure.json']) if (fs.existsSync(path.join(from, file))) fs.copyFileSync(path.join(from, file), path.join(to, file));
      if (!fs.existsSync(path.join(from, 'plan.json'))) continue;
      const metadata = JSON.parse(fs.readFileSync(path.join(from, 'metadata.json'), 'utf8')) as PlanMetadata;
      fs.writeFileSync(path.join(to, 'summary.json'), JSON.stringify(summarizePlan(JSON.parse(fs.readFileSync(path.join(from, 'plan.json'), 'utf8')), metadata), null, 2));
    }
    expect(fs.readdirSync(path.join(summaries, 'stg-platform')).sort()).toEqual(['metadata.json', 'summary.json']);
    expect(readPlanResults([summaries])).toEqual(results);
    // In this process (runScriptInProcess): beforeAll ran the command as a process.
    const rendered = await runScriptInProcess(
      'scripts/plan-comment.ts',
      ['--plans', summaries, '--cost', path.join(work, 'cost-delta.json'), '--commit', COMMIT, '--output', path.join(work, 'comment-summary.md'), '--report', path.join(work, 'report-summary.md')],
      { env: { ...process.env, GITHUB_RUN_ID: '' } },
    );
    expect(rendered).toMatchObject({ status: 0 });
    expect(fs.readFileSync(path.join(work, 'comment-summary.md'), 'utf8')).toBe(comment);
    expect(fs.readFileSync(path.join(work, 'report-summary.md'), 'utf8')).toBe(report);
  });

  test("the summary table has one row per stack with Terraform's counts, the failure included", () => {
    if (!version) return;
    const dev = summary('dev-platform');
    expect(comment).toContain('| environment | stack | add | change | destroy | replace | monthly cost delta |');
    expect(comment).toContain(`| dev | \`dev-platform\` | ${dev.add} | 0 | 0 | 0 | no change |`);
    const stg = summary('stg-platform');
    // stg web (0.5 vCPU, 1 GB, x86; 2 tasks, autoscaling 2–6): base 1 on on-demand Fargate plus half the rest, instead of all
    // on Spot (the catalog's Fargate Spot price): 1.5 tasks at min and expected, 3.5 at max lose the Spot discount.
    const catalog = JSON.parse(fs.readFileSync(path.join(root, 'tools/cost/prices/eu-west-1.json'), 'utf8'));
    const taskMonth = (prefix: string) => (0.5 * catalog.prices[`${prefix}.x86.vcpuHour`].usd + catalog.prices[`${prefix}.x86.gbHour`].usd) * catalog.hoursPerMonth;
    const lost = taskMonth('fargate') - taskMonth('fargateSpot');
    const money = (n: number) => `+$${n.toFixed(2)}`;
    const cell = `${money(1.5 * lost)} (min ${money(1.5 * lost)}, max ${money(3.5 * lost)})`;
    expect(comment).toContain(`| stg | \`stg-platform\` | ${stg.add} | ${stg.change} | ⚠️ 2 | ⚠️ 1 | ${cell} |`);
    expect(comment).toContain('| dev | `dev-bootstrap` | ❌ terraform init failed | | | | no change |');
    expect(cost.environments.map((e) => e.environment)).toEqual(['stg']);
    expect(comment).toMatch(/\n- \*\*stg\*\*: \$[\d,.]+ → \$[\d,.]+, \+\$/);
    expect(comment).toContain(`, ${cell}\n`);
    expect(comment.indexOf('`dev-bootstrap`')).toBeLessThan(comment.indexOf('`dev-platform`'));
  });

  test('destroys and the replacement, with what forces it, are above the fold; the failure says step and commit', () => {
    if (!version) return;
    const fold = comment.indexOf('<details>');
    const caution = comment.indexOf('**2 destructive changes**');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(fold);
    expect(comment).toContain(`> - \`${RENAMED}\` in \`stg-platform\` is replaced (\`name\`)`);
    expect(comment).toContain(`> - \`${GONE}\` in \`stg-platform\` is destroyed`);
    expect(comment).toContain(`**1 plan failed** at commit \`${COMMIT}\`: \`dev-bootstrap\` (terraform init).`);
  });

  test('each stack is a collapsible section listing its resources by action, replacements with their reason', () => {
    if (!version) return;
    expect(comment).toMatch(/<details><summary><code>stg-platform<\/code>: \d+ to add, \d+ to change, 2 to destroy \(1 replaced\)<\/summary>/);
    expect(comment).toContain(`| \`${RENAMED}\` | \`name\` | an attribute cannot be updated in place | destroy, then create |`);
    expect(comment).toContain(`| \`${RETENTION}\` | \`retention_in_days\` |`);
    expect(comment).toContain(`- \`${GONE}\`: no longer in the configuration`);
    expect(comment).toMatch(/<details><summary>❌ <code>dev-bootstrap<\/code>: terraform init failed<\/summary>\n\n```text\n[^]*0\.0\.1/);
    expect(comment).toContain('Planned offline (local state, fake credentials, no refresh): `dev-platform`, `stg-platform`. Such a plan is never applied.');
    // The changed cost lines are in the stack's section: the new on-demand Fargate line, and the Spot line shrinking.
    const section = comment.slice(comment.indexOf('<summary><code>stg-platform</code>'));
    expect(section).toMatch(/\*\*Monthly cost\*\*: 2 changed lines\n/);
    expect(section).toContain(`| \`${WEB}\` | Fargate tasks (0.5 vCPU, 1 GB, x86) | – |`);
    expect(section).toContain(`| \`${WEB}\` | Fargate Spot tasks (0.5 vCPU, 1 GB, x86) |`);
  });

  test("it fits GitHub's limit; the report is the same text, in full", () => {
    if (!version) return;
    expect(comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(report).toBe(comment);
  });

  test("GIVEN a tight limit THEN the last stacks' details go first, the summary and cautions stay, and the artifact is named", () => {
    if (!version) return;
    const { comment: tight } = renderPlanReport(results, { commit: COMMIT, cost });
    expect(tight).toBe(comment);
    const fitted = require('../../tools/github-comment/comment-fit').fitForComment(report, { limit: 6_000, fullReport: 'the `plan-report` artifact' }) as string;
    expect(fitted.length).toBeLessThanOrEqual(6_000);
    expect(fitted).toContain('| stg | `stg-platform` |');
    expect(fitted).toContain('**2 destructive changes**');
    expect(fitted).toMatch(/`dev-platform`: \d+ to add, 0 to change, 0 to destroy: _Omitted to fit a comment: see the full report._/);
    expect(fitted).toMatch(/the full report is the `plan-report` artifact\.\n$/);
  });

  test('docs/review.md shows this comment (stg-platform and the failure), rendered from these plans', () => {
    if (!version) return;
    const example = renderPlanReport(
      results.filter((r) => r.kind === 'failure' || r.summary.metadata.stack === 'stg-platform'),
      { commit: COMMIT, cost },
    ).comment;
    // The plan file's checksum and time change with every plan.
    const stable = (text: string) => text.replace(/<sub>plan file sha256 .*<\/sub>/g, '<sub>plan file sha256 …</sub>');
    const docs = path.join(root, 'docs', 'review.md');
    const text = fs.readFileSync(docs, 'utf8');
    const [start, end] = EXAMPLE_MARKERS.map((marker) => text.indexOf(marker));
    const block = `${EXAMPLE_MARKERS[0]}\n${stable(example)}${EXAMPLE_MARKERS[1]}`;
    if (process.env.UPDATE_DOCS === '1' && start >= 0 && end > start) fs.writeFileSync(docs, text.slice(0, start) + block + text.slice(end + EXAMPLE_MARKERS[1].length));
    else expect(text.slice(start, end + EXAMPLE_MARKERS[1].length)).toBe(block);
  });
});
