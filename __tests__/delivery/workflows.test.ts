import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/** GitHub's `paths` filters are globs (picomatch reads them as GitHub documents them: `**` crosses folders). No bundled types. */
const picomatch = require('picomatch') as (glob: string, options?: { dot?: boolean }) => (file: string) => boolean;

/**
 * Every step a workflow runs is an npm script tested here (issue 17, item 5).
 *
 * The rule for a `run:` step, checked on what GitHub's own workflow parser
 * (@actions/workflow-parser) reads from every file in .github/workflows:
 * it is ONE line, and one of
 *   npm ci [--flag ...]
 *   npm test
 *   npm run <script> [--silent] [-- <arguments>]
 * optionally followed by ` >> "$GITHUB_OUTPUT"` or ` >> "$GITHUB_STEP_SUMMARY"`
 * (the only plumbing: handing a script's stdout to GitHub). Arguments are
 * words, quoted strings, `"${VARIABLE}"` expansions of the step's `env:` and
 * GitHub's own files (`"$GITHUB_OUTPUT"`);
 * no `;`, `&&`, `|`, `$(…)`, backticks or `${{ }}` (expressions go through
 * `env:`, never into the shell line). `<script>` must be in package.json and
 * in SCRIPT_TESTS below, whose test file must exist and run the script.
 */
const root = path.resolve(__dirname, '../..');
const folder = path.join(root, '.github', 'workflows');
const files = fs
  .readdirSync(folder)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const packageScripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;

/**
 * The test that exercises each npm script a workflow runs, and the text that
 * shows it does: the script's entry point (from its package.json command) or
 * `npm run <script>` where the test runs it as a person would.
 */
export const SCRIPT_TESTS: Readonly<Record<string, { readonly test: string; readonly mentions: string }>> = {
  synth: { test: '__tests__/synth/main.test.ts', mentions: 'main.ts' },
  'test:static': { test: '__tests__/architecture/test-scripts.test.ts', mentions: 'npm run test:static' },
  'test:shard': { test: '__tests__/architecture/test-scripts.test.ts', mentions: 'npm run test:shard' },
  diagram: { test: '__tests__/review/review-commands.test.ts', mentions: 'npm run diagram' },
  diff: { test: '__tests__/review/review-commands.test.ts', mentions: 'npm run diff' },
  'deploy-role': { test: '__tests__/review/deploy-role.test.ts', mentions: 'scripts/deploy-role.ts' },
  deploy: { test: '__tests__/deploy/deploy-environment.test.ts', mentions: 'scripts/deploy.ts' },
  'envoy:golden': { test: '__tests__/envoy/golden.test.ts', mentions: 'UPDATE_GOLDEN' },
  'envoy:smoke': { test: '__tests__/envoy/envoy-smoke.test.ts', mentions: 'scripts/envoy-smoke.ts' },
  affected: { test: '__tests__/delivery/affected.test.ts', mentions: 'scripts/affected.ts' },
  'plan:stack': { test: '__tests__/delivery/plan-comment.plan.test.ts', mentions: 'plan-stack.ts' },
  'plan:comment': { test: '__tests__/delivery/plan-comment.test.ts', mentions: 'scripts/plan-comment.ts' },
  'comment:sticky': { test: '__tests__/delivery/sticky-comment.test.ts', mentions: 'scripts/comment-sticky.ts' },
  'plan:seal': { test: '__tests__/delivery/apply-plan.test.ts', mentions: 'scripts/plan-seal.ts' },
  'apply:plan': { test: '__tests__/delivery/apply-plan.test.ts', mentions: 'scripts/apply-plan.ts' },
  'drift:report': { test: '__tests__/delivery/drift.plan.test.ts', mentions: 'scripts/drift-report.ts' },
};

const ARGUMENT = String.raw`(?:"\$\{[A-Z_][A-Z0-9_]*\}"|"\$GITHUB_[A-Z_]+"|"[^"$\`\\;|&]*"|"[^"$\`\\;|&]*\$\{[A-Z_][A-Z0-9_]*\}[^"$\`\\;|&]*"|[\w./:=@,+-]+)`;
const PLUMBING = String.raw`(?: >> "\$(?:GITHUB_OUTPUT|GITHUB_STEP_SUMMARY)")?`;
const RUN_STEP = new RegExp(String.raw`^(?:npm ci(?: --[\w-]+)*|npm test|npm run (?<script>[\w:-]+)(?: --silent)?(?: -- ${ARGUMENT}(?: ${ARGUMENT})*)?)${PLUMBING}$`);

interface RunStep {
  readonly job: string;
  readonly step: string;
  readonly run: string;
}

/** What the rule says of one `run:` line: undefined when allowed, else why not. */
export function runStepProblem(run: string, scripts: Readonly<Record<string, string>> = packageScripts): string | undefined {
  if (run.trimEnd().includes('\n')) return 'more than one line: put the commands into an npm script';
  const match = RUN_STEP.exec(run.trimEnd());
  if (!match) return 'not `npm ci`, `npm test` or `npm run <script> [-- arguments]` (plus an optional >> "$GITHUB_OUTPUT")';
  const script = match.groups?.script;
  if (script !== undefined && !(script in scripts)) return `npm run ${script}: package.json has no such script`;
  if (script !== undefined && !(script in SCRIPT_TESTS)) return `npm run ${script}: SCRIPT_TESTS names no test for it`;
  return undefined;
}

type ParsedWorkflow = { errors: string[]; runs: RunStep[] };

/** Workflow files as GitHub's parser reads them (parseWorkflow, then convertWorkflowTemplate): its errors and run steps. */
function parseWorkflows(paths: readonly string[]): ParsedWorkflow[] {
  const input = paths.map((file) => ({ name: path.basename(file), content: fs.readFileSync(file, 'utf8') }));
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'workflow-run-steps.mjs')], { cwd: root, input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

let parsed: ParsedWorkflow[];
let broken: ParsedWorkflow;

beforeAll(() => {
  // The broken fixture in the same parser run: proof the zero-errors check below can fail.
  [broken, ...parsed] = parseWorkflows([path.join(__dirname, 'fixtures', 'broken-workflow.yml'), ...files.map((name) => path.join(folder, name))]);
}, 60_000);

describe('every workflow run step is a tested npm script', () => {
  test.each(files)("%s: GitHub's parser reads it, and each run step follows the rule", (file) => {
    const { errors, runs } = parsed[files.indexOf(file)];
    expect(errors).toEqual([]);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => ({ ...r, problem: runStepProblem(r.run) })).filter((r) => r.problem)).toEqual([]);
  });

  test("GIVEN a broken workflow (an unknown key, an expression that does not parse) THEN GitHub's parser reports each, so the check above fails", () => {
    expect(broken.errors).toEqual(
      expect.arrayContaining(["broken-workflow.yml (Line: 14, Col: 5): Unexpected value 'timeout-minuts'", "broken-workflow.yml (Line: 19, Col: 9): Unexpected end of expression: '&&'"]),
    );
    expect(() => expect(broken.errors).toEqual([])).toThrow();
  });

  test.each(Object.entries(SCRIPT_TESTS))('npm run %s: in package.json, and its test exists and runs it', (script, { test, mentions }) => {
    expect(packageScripts[script]).toBeDefined();
    // The mention ties the test to this script: its entry point, or the npm run line itself.
    expect(mentions === `npm run ${script}` || packageScripts[script].includes(mentions)).toBe(true);
    expect(fs.readFileSync(path.join(root, test), 'utf8')).toContain(mentions);
  });

  test('every script in SCRIPT_TESTS is run by some workflow (no stale entries)', () => {
    const called = new Set(parsed.flatMap((p) => p.runs.map((r) => RUN_STEP.exec(r.run.trimEnd())?.groups?.script).filter(Boolean)));
    expect(Object.keys(SCRIPT_TESTS).filter((s) => !called.has(s))).toEqual([]);
  });

  test.each([
    ['cat synth-diff.md >> "$GITHUB_STEP_SUMMARY"', /not `npm ci`/],
    ['npm run nope', /package.json has no such script/],
    ['npm run typecheck', /SCRIPT_TESTS names no test/],
    ['npm run diff -- --ref "origin/${BASE_REF}"; curl evil', /not `npm ci`/],
    ['npm run diff -- --ref ${{ github.head_ref }}', /not `npm ci`/],
    ['npm run diff -- --ref "$(git merge-base a b)"', /not `npm ci`/],
    ['npm ci\nnpm test', /more than one line/],
  ])('GIVEN %j THEN the rule refuses it', (run, problem) => {
    expect(runStepProblem(run)).toMatch(problem);
  });

  test.each([
    'npm ci --no-audit --no-fund',
    'npm test',
    'npm run deploy-role --silent -- "${ENVIRONMENT}" >> "$GITHUB_OUTPUT"',
    'npm run plan:comment -- --failed-step "change detection (job affected)" --commit "${COMMIT}" --output plan-comment.md',
  ])('GIVEN %j THEN the rule allows it', (run) => {
    expect(runStepProblem(run)).toBeUndefined();
  });
});

describe('pull-request workflow: plans for same-repository pull requests', () => {
  const workflow = parse(fs.readFileSync(path.join(folder, 'pull-request.yml'), 'utf8')) as { jobs: Record<string, any> };
  const { review, affected, plan, comment } = workflow.jobs;
  const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';
  const uses = (job: any, action: string) => job.steps.find((s: any) => s.uses?.startsWith(`${action}@`));

  test('the synth diff comes first, so its comment is posted even when the diagram check of the same job fails; the tests run in jobs of their own', () => {
    const order = review.steps.map((s: any) => s.id ?? s.run?.split(' ').slice(0, 3).join(' ') ?? s.uses?.split('@')[0]);
    expect(order.indexOf('diff')).toBeLessThan(order.indexOf('npm run diagram'));
    expect(order.indexOf('actions/upload-artifact')).toBeLessThan(order.indexOf('npm run diagram'));
    expect(order.filter((step: string) => step.startsWith('npm test') || step.startsWith('npm run test:'))).toEqual([]);
    expect(review.outputs).toEqual({ diff: '${{ steps.diff.outcome }}' });
  });

  test('the synth diff job stays credential-free and runs for forks too', () => {
    expect(review.if).toBeUndefined();
    expect(review.permissions).toEqual({ contents: 'read' });
    expect(JSON.stringify(review)).not.toContain('configure-aws-credentials');
  });

  test('change detection runs for same-repository pull requests and hands its matrix to the plan job', () => {
    expect(affected.if).toBe(SAME_REPOSITORY);
    expect(affected.permissions).toEqual({ contents: 'read' });
    expect(uses(affected, 'actions/checkout').with).toEqual({ 'fetch-depth': 0 });
    expect(affected.outputs).toEqual({ matrix: '${{ steps.affected.outputs.matrix }}', count: '${{ steps.affected.outputs.count }}' });
    const step = affected.steps.find((s: any) => s.id === 'affected');
    expect(step.run).toBe('npm run affected --silent -- --ref "origin/${BASE_REF}" --github-output "$GITHUB_OUTPUT" --json affected.json --cost cost-delta.json');
    // The cost delta travels with affected.json to the comment job.
    expect(uses(affected, 'actions/upload-artifact').with).toEqual({ name: 'affected', path: 'affected.json\ncost-delta.json\n', 'retention-days': 7 });
  });

  test('one plan job per stack, with the read-only role through OIDC and the Terraform plugin cache', () => {
    expect(plan.needs).toBe('affected');
    expect(plan.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.affected.outputs.matrix) }}' });
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(uses(plan, 'aws-actions/configure-aws-credentials').with).toMatchObject({ 'role-to-assume': '${{ matrix.plan-role }}', 'aws-region': '${{ matrix.region }}' });
    expect(plan.env.TF_PLUGIN_CACHE_DIR).toBe('${{ github.workspace }}/.terraform-plugin-cache');
    expect(uses(plan, 'actions/cache').with.path).toBe(plan.env.TF_PLUGIN_CACHE_DIR);
    const names = plan.steps.map((s: any) => s.uses?.split('@')[0] ?? s.run?.split(' -- ')[0]);
    expect(names.indexOf('npm ci --no-audit --no-fund')).toBeLessThan(names.indexOf('aws-actions/configure-aws-credentials'));
    expect(names.indexOf('aws-actions/configure-aws-credentials')).toBeLessThan(names.indexOf('npm run plan:stack'));
    expect(plan.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'))).toMatchObject({ if: '${{ !cancelled() }}', with: { name: 'plan-${{ matrix.stack }}' } });
  });

  test("the comment job runs unless the run was cancelled, so a failure replaces the last push's comments, naming the step and commit", () => {
    expect(comment.needs).toEqual(['review', 'affected', 'plan']);
    expect(comment.if).toBe(`\${{ !cancelled() && ${SAME_REPOSITORY} }}`);
    expect(comment.env).toMatchObject({ GH_TOKEN: '${{ github.token }}', PULL_REQUEST: '${{ github.event.pull_request.number }}' });
    const step = (name: string) => comment.steps.find((s: any) => s.name === name);
    expect(step('Synth diff failed')).toMatchObject({ if: "needs.review.outputs.diff != 'success'", run: expect.stringContaining('--failed-step "synth and diff (job review)"') });
    expect(comment.steps.find((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with?.name === 'synth-diff').if).toBe("needs.review.outputs.diff == 'success'");
    expect(step('Change detection failed')).toMatchObject({ if: "needs.affected.result != 'success'", run: expect.stringContaining('--failed-step "change detection (job affected)"') });
    expect(step('Render the plan comment').run).toContain('--plans plans --affected affected.json --cost cost-delta.json --commit "${COMMIT}"');
    expect(step('Plan comment')).toMatchObject({ if: '${{ !cancelled() }}', run: 'npm run comment:sticky -- --file plan-comment.md --marker terraform-plan' });
  });

  test("the comments name the pull request's head commit, and the merge commit the run planned", () => {
    // github.sha of a pull_request run is GitHub's merge of the head into the base: no commit the author pushed.
    expect(comment.env).toMatchObject({ COMMIT: '${{ github.event.pull_request.head.sha }}', MERGE_COMMIT: '${{ github.sha }}' });
    const renders = comment.steps.filter((s: any) => s.run?.startsWith('npm run plan:comment'));
    expect(renders.length).toBeGreaterThan(0);
    for (const s of renders) expect(s.run).toContain('--commit "${COMMIT}" --merge-commit "${MERGE_COMMIT}"');
    // The plan records what it planned: the checked-out merge commit.
    expect(plan.steps.find((s: any) => s.run?.startsWith('npm run plan:stack')).env.COMMIT).toBe('${{ github.sha }}');
  });

  test('the plan job keeps a summary only: the pull-request plan is never applied, and a plan file or show -json holds sensitive values in clear text', () => {
    const planStep = plan.steps.find((s: any) => s.run?.startsWith('npm run plan:stack'));
    expect(planStep.run.split(' ')).toContain('--summary-only');
    expect(planStep.run).not.toContain('--detailed-exitcode');
    expect(uses(plan, 'actions/upload-artifact').with).toMatchObject({ name: 'plan-${{ matrix.stack }}', path: 'plan/${{ matrix.stack }}/' });
  });

  test('every artifact is kept at most 7 days (plan files and show -json hold sensitive values in clear text)', () => {
    const uploads = Object.values(workflow.jobs).flatMap((job: any) => job.steps.filter((s: any) => s.uses?.startsWith('actions/upload-artifact@')));
    expect(uploads.map((s: any) => s.with.name)).toEqual(expect.arrayContaining(['plan-${{ matrix.stack }}', 'plan-report']));
    for (const s of uploads) expect({ name: s.with.name, 'retention-days': s.with['retention-days'] }).toEqual({ name: s.with.name, 'retention-days': expect.any(Number) });
    expect(uploads.filter((s: any) => !(s.with['retention-days'] >= 1 && s.with['retention-days'] <= 7)).map((s: any) => s.with.name)).toEqual([]);
  });
});

type Workflow = { env?: Record<string, unknown>; jobs: Record<string, any> };
const ALWAYS = /\balways\(\)/;

/** Jobs on always(), and steps posting to the pull request on always(): a run cancelled by a newer push would still post, for a superseded commit. */
export function alwaysProblems(workflow: Workflow): string[] {
  const jobs = Object.entries(workflow.jobs)
    .filter(([, job]) => ALWAYS.test(String(job.if ?? '')))
    .map(([name, job]) => `${name}: ${job.if}`);
  // !cancelled() runs after a failure too, so a failure still replaces the comment.
  const posting = Object.entries(workflow.jobs).flatMap(([name, job]) =>
    (job.steps ?? []).filter((s: any) => /comment:sticky/.test(String(s.run ?? '')) && ALWAYS.test(String(s.if ?? ''))).map((s: any) => `${name}/${s.name}: ${s.if}`),
  );
  return [...jobs, ...posting];
}

/** Scopes (job, step: each with the env it inherits) that set TF_PLUGIN_CACHE_DIR without TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=true. */
export function pluginCacheProblems(workflow: Workflow): string[] {
  const scopes: { where: string; env: Record<string, unknown> }[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const jobEnv = { ...workflow.env, ...job.env };
    scopes.push({ where: name, env: jobEnv });
    for (const s of job.steps ?? []) scopes.push({ where: `${name}/${s.name ?? s.uses ?? s.run}`, env: { ...jobEnv, ...s.env } });
  }
  return scopes.filter(({ env }) => env.TF_PLUGIN_CACHE_DIR !== undefined && String(env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE) !== 'true').map(({ where }) => where);
}

describe('every workflow: no stale comments from cancelled runs, a plugin cache Terraform reads', () => {
  const read = (file: string) => parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Workflow;

  test.each(files)('%s: no job runs on always(), nor a step posting a comment', (file) => {
    expect(alwaysProblems(read(file))).toEqual([]);
  });

  test.each(files)(
    '%s: wherever TF_PLUGIN_CACHE_DIR is set, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE is too (Terraform >= 1.4 skips the cache without a lock file, hashicorp/terraform#32129)',
    (file) => {
      expect(pluginCacheProblems(read(file))).toEqual([]);
    },
  );

  test('GIVEN the old comment job (always()) and a step posting on always() THEN both are refused; !cancelled() is allowed', () => {
    const steps = [{ name: 'Plan comment', if: 'always()', run: 'npm run comment:sticky -- --file c.md --marker m' }];
    expect(alwaysProblems({ jobs: { comment: { if: 'always() && github.event.pull_request.head.repo.full_name == github.repository', steps } } })).toEqual([
      'comment: always() && github.event.pull_request.head.repo.full_name == github.repository',
      'comment/Plan comment: always()',
    ]);
    expect(alwaysProblems({ jobs: { comment: { if: '${{ !cancelled() }}', steps: [{ ...steps[0], if: '${{ !cancelled() }}' }] } } })).toEqual([]);
  });

  test('GIVEN TF_PLUGIN_CACHE_DIR without the flag, at workflow, job or step level THEN refused', () => {
    const cache = { TF_PLUGIN_CACHE_DIR: '/cache' };
    expect(pluginCacheProblems({ env: cache, jobs: { plan: { steps: [{ name: 'a' }] } } })).toEqual(['plan', 'plan/a']);
    expect(pluginCacheProblems({ jobs: { plan: { steps: [{ name: 'a', env: cache }] } } })).toEqual(['plan/a']);
    expect(pluginCacheProblems({ jobs: { plan: { env: { ...cache, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true' }, steps: [{ name: 'a' }] } } })).toEqual([]);
  });
});

describe('deploy workflow: plan without approval, apply exactly the approved plan', () => {
  const workflow = parse(fs.readFileSync(path.join(folder, 'deploy-environment.yml'), 'utf8')) as { on: any; jobs: Record<string, any> };
  const { plan, apply } = workflow.jobs;
  const firstDeploy = workflow.jobs['first-deploy'];
  const step = (job: any, prefix: string) => job.steps.find((s: any) => s.run?.startsWith(prefix) || s.uses?.startsWith(prefix));

  test('the plan job declares no environment (no approval), plans with the read-only plan role, and uploads only the sealed plan', () => {
    expect(plan.environment).toBeUndefined();
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(step(plan, 'npm run deploy-role').run).toBe('npm run deploy-role --silent -- "${ENVIRONMENT}" --plan >> "$GITHUB_OUTPUT"');
    expect(step(plan, 'npm run plan:stack').run).toContain('--out plan --commit "${COMMIT}" --digest-from-cache');
    expect(step(plan, 'npm run plan:seal')).toMatchObject({
      id: 'seal',
      run: 'npm run plan:seal --silent -- --dir plan --github-output "$GITHUB_OUTPUT" >> "$GITHUB_STEP_SUMMARY"',
      env: { PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}' },
    });
    expect(plan.outputs).toEqual({ changes: '${{ steps.seal.outputs.changes }}' });
    const names = plan.steps.map((s: any) => s.uses?.split('@')[0] ?? s.run?.split(' -- ')[0]);
    expect(names.indexOf('npm run plan:stack')).toBeLessThan(names.indexOf('npm run plan:seal --silent'));
    expect(names.indexOf('npm run plan:seal --silent')).toBeLessThan(names.indexOf('actions/upload-artifact'));
    expect(step(plan, 'actions/upload-artifact').with).toMatchObject({ name: 'approved-plan-${{ inputs.environment }}', path: 'plan/' });
  });

  test("the apply job waits for the environment's approval, downloads that artifact and runs apply:plan, never a fresh plan or deploy", () => {
    expect(apply.needs).toBe('plan');
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(step(apply, 'actions/download-artifact').with).toEqual({ name: 'approved-plan-${{ inputs.environment }}', path: 'plan' });
    expect(step(apply, 'npm run apply:plan')).toMatchObject({
      run: 'npm run apply:plan -- --dir plan --environment "${ENVIRONMENT}" --max-age-hours "${MAX_AGE_HOURS}" --branch "${BRANCH}" --reviewers "${REVIEWERS}"',
      env: {
        MAX_AGE_HOURS: '${{ inputs.plan-max-age-hours }}',
        PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}',
        BRANCH: '${{ github.ref_name }}',
        REVIEWERS: '${{ inputs.reviewers }}',
        GH_TOKEN: '${{ github.token }}',
      },
    });
    // The environment's protection rules are read with the job's token.
    expect(apply.permissions).toEqual({ contents: 'read', 'id-token': 'write', actions: 'read' });
    expect(apply.steps.filter((s: any) => /^npm run (plan:stack|deploy |deploy$|synth)/.test(s.run ?? ''))).toEqual([]);
    expect(workflow.on.workflow_call.inputs['plan-max-age-hours']).toMatchObject({ type: 'number', default: 24 });
  });

  const deploy = parse(fs.readFileSync(path.join(folder, 'deploy.yml'), 'utf8')) as { on: any; jobs: Record<string, any> };

  test('the first deploy keeps npm run deploy (its enforced order), only when asked for, and a dispatch names ONE environment', () => {
    expect(firstDeploy.if).toBe('inputs.first-deploy');
    expect(plan.if).toBe('${{ !inputs.first-deploy }}');
    // The runner's checkout is thrown away: the digest pin is printed to commit, not written (docs/deploy.md).
    expect(step(firstDeploy, 'npm run deploy --').run).toBe('npm run deploy -- "${ENVIRONMENTS}" --skip-bootstrap --auto-approve --no-write-pin');
    expect(deploy.on.workflow_dispatch.inputs['first-deploy']).toEqual(expect.objectContaining({ type: 'choice', options: ['none', 'dev', 'stg', 'prod'], default: 'none' }));
    for (const environment of ['dev', 'stg', 'prod']) {
      expect(deploy.jobs[environment]).toMatchObject({
        with: { environment, 'first-deploy': `\${{ inputs.first-deploy == '${environment}' }}` },
        secrets: { PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}' },
      });
      // The other environments sit a first-deploy dispatch out.
      expect(deploy.jobs[environment].if).toContain(`contains(fromJSON('["", "none", "${environment}"]'), inputs.first-deploy || '')`);
    }
  });

  test('nothing is deployed before npm test passed whole: every shard of jest runs with Terraform, and no shard stops the others', () => {
    expect(deploy.jobs.test.strategy).toEqual({ 'fail-fast': false, matrix: { shard: ['1/4', '2/4', '3/4', '4/4'] } });
    expect(deploy.jobs.test.steps.find((s: any) => s.run?.startsWith('npm run test:shard')).env).toEqual({ SHARD: '${{ matrix.shard }}', CI: 'true' });
    expect(deploy.jobs.test.steps.find((s: any) => s.uses?.startsWith('hashicorp/setup-terraform@')).with).toMatchObject({ terraform_version: '1.11.4', terraform_wrapper: false });
  });

  test('a plan without changes asks for no approval: the apply job runs only when the plan job says changes=true', () => {
    expect(apply.if).toBe("${{ !inputs.first-deploy && needs.plan.outputs.changes == 'true' }}");
  });

  test('approval cannot fail open: stg and prod require reviewers, dev is configurable; only main is deployed', () => {
    expect(workflow.on.workflow_call.inputs.reviewers).toMatchObject({ type: 'string', default: 'required' });
    expect(deploy.jobs.dev.with.reviewers).toBe('optional');
    expect(deploy.jobs.stg.with.reviewers).toBe('required');
    expect(deploy.jobs.prod.with.reviewers).toBe('required');
    expect(deploy.jobs.test.if).toBe("github.ref == 'refs/heads/main'");
    expect(deploy.jobs.static.if).toBe("github.ref == 'refs/heads/main'");
    for (const environment of ['dev', 'stg', 'prod']) {
      expect([deploy.jobs[environment].needs].flat()).toEqual(expect.arrayContaining(['static', 'test']));
      // `!failure()` runs a job whose needs were skipped: without these a dispatch from a branch would reach dev.
      expect(deploy.jobs[environment].if).toContain("needs.static.result == 'success' && needs.test.result == 'success'");
    }
    // `!failure()` is also true when the predecessor was cancelled (a newer run replaced its pending deploy):
    // then stg or prod would deploy a commit the environment before never got.
    expect(deploy.jobs.stg.if).toContain("(needs.dev.result == 'success' || inputs.first-deploy == 'stg')");
    expect(deploy.jobs.prod.if).toContain("(needs.stg.result == 'success' || inputs.first-deploy == 'prod')");
  });

  test("each environment's plan and apply are serialized at workflow level, never cancelled, with no inner group that would wait on the outer one", () => {
    const inner = Object.values(workflow.jobs)
      .map((job: any) => job.concurrency?.group)
      .filter(Boolean);
    for (const environment of ['dev', 'stg', 'prod']) {
      expect(deploy.jobs[environment].concurrency).toEqual({ group: `deploy-run-${environment}`, 'cancel-in-progress': false });
      expect(inner.map((g: string) => g.replace('${{ inputs.environment }}', environment))).not.toContain(`deploy-run-${environment}`);
    }
  });

  /** The longest apply: an EKS version upgrade, the cluster's update and each node group's up to the provider's 60-minute timeout, then the ECS rollouts. */
  const LONGEST_APPLY_MINUTES = 150;

  test('the jobs that apply outlast the longest apply, and so does their AWS session (OIDC)', () => {
    for (const job of [apply, firstDeploy]) {
      expect(job.timeout_minutes ?? job['timeout-minutes']).toBeGreaterThanOrEqual(LONGEST_APPLY_MINUTES);
      const credentials = step(job, 'aws-actions/configure-aws-credentials');
      // Without it the session lasts one hour (the action's default).
      expect(credentials.with['role-duration-seconds'] ?? 3600).toBeGreaterThanOrEqual(job['timeout-minutes'] * 60);
    }
  });
});

describe('drift workflow', () => {
  const workflow = parse(fs.readFileSync(path.join(folder, 'drift.yml'), 'utf8')) as { on: any; permissions: any; jobs: Record<string, any> };
  const { stacks, check, report } = workflow.jobs;

  test('scheduled and on demand; contents read everywhere, id-token only to check, issues write only to report', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(stacks.permissions).toEqual({ contents: 'read' });
    expect(check.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(report.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  test('one check per stack with -detailed-exitcode, and a report that runs whatever the checks did', () => {
    expect(stacks.steps.find((s: any) => s.id === 'stacks').run).toBe('npm run affected --silent -- --all --github-output "$GITHUB_OUTPUT" --json stacks.json');
    expect(check.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.stacks.outputs.matrix) }}' });
    expect(check.steps.find((s: any) => s.run?.startsWith('npm run plan:stack')).run).toContain('--detailed-exitcode');
    expect(check.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'))).toMatchObject({ if: '${{ !cancelled() }}', with: { name: 'drift-${{ matrix.stack }}', 'retention-days': 7 } });
    expect(report.needs).toEqual(['stacks', 'check']);
    expect(report.if).toMatch(/^\$\{\{ !cancelled\(\) && /);
    expect(report.steps.find((s: any) => s.run?.startsWith('npm run drift:report')).run).toBe('npm run drift:report -- --results drift --stacks stacks.json --commit "${COMMIT}"');
  });
});

describe('envoy validate runs whenever a rendered bundle or the image validating it can change', () => {
  const workflow = parse(fs.readFileSync(path.join(folder, 'envoy-validate.yml'), 'utf8')) as { on: any };
  const paths: string[] = workflow.on.pull_request.paths;
  const runs = (file: string) => paths.some((glob) => picomatch(glob, { dot: true })(file));

  test.each([
    ['a template', 'envoy/templates/listener.yaml'],
    ["an environment's values or image", 'environments/prod.yaml'],
    ['the renderer', 'lib/envoy/render-service-proxy.ts'],
    ['the synth-time rendering', 'lib/synth/render-envoy.ts'],
    ['the default image (DEFAULT_ENVOY_IMAGE)', 'lib/config/envoy-schema.ts'],
    ['how the image is read', 'lib/ecs/envoy-image.ts'],
    ['a golden bundle', '__tests__/envoy/golden/dev/web/envoy.yaml'],
    ['the smoke test', 'tools/envoy/envoy-smoke.ts'],
    ['the npm dependencies', 'package-lock.json'],
    ['the workflow itself', '.github/workflows/envoy-validate.yml'],
  ])('GIVEN a change to %s (%s) THEN it runs', (_what, file) => {
    expect(runs(file)).toBe(true);
  });

  test('the default image lives where the paths say', () => {
    expect(fs.readFileSync(path.join(root, 'lib/config/envoy-schema.ts'), 'utf8')).toMatch(/export const DEFAULT_ENVOY_IMAGE = 'envoyproxy\/envoy:/);
    expect(runs('README.md')).toBe(false);
  });
});
