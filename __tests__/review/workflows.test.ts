import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { workflowErrors } from './support/esm-validators';

const root = path.resolve(__dirname, '../..');
const folder = path.join(root, '.github', 'workflows');
const files = fs
  .readdirSync(folder)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(folder, f), 'utf8')]));
const workflows = new Map(files.map((f) => [f, parse(texts.get(f)!) as Record<string, any>]));
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts);

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
const jobs = (file: string): Record<string, any> => workflows.get(file)!.jobs;
const steps = (file: string, job: string): Step[] => jobs(file)[job].steps;
const runs = (file: string, job: string) => steps(file, job).flatMap((s) => (s.run ? [s.run] : []));
const action = (file: string, job: string, name: string) => steps(file, job).find((s) => s.uses?.startsWith(`${name}@`));

/** A workflow with a misspelt key, to show the schema check is not vacuous. */
const MISSPELT = { name: 'misspelt.yml', content: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    permisions: {}\n    steps:\n      - run: echo\n' };

let parserErrors: Map<string, string[]>;

beforeAll(() => {
  const inputs = [...files.map((name) => ({ name, content: texts.get(name)! })), MISSPELT];
  const errors = workflowErrors(inputs);
  parserErrors = new Map(inputs.map((input, index) => [input.name, errors[index]]));
}, 60_000);

describe('GitHub workflow files', () => {
  test('there are the pull-request, deploy, per-environment deploy, drift and Envoy validate workflows', () => {
    expect(files).toEqual(['deploy-environment.yml', 'deploy.yml', 'drift.yml', 'envoy-validate.yml', 'pull-request.yml']);
  });

  test.each(files)("%s: valid against GitHub's workflow schema", (file) => {
    expect(parserErrors.get(file)).toEqual([]);
  });

  test('GIVEN a misspelt key THEN the schema check reports it', () => {
    expect(parserErrors.get(MISSPELT.name)).toEqual([expect.stringMatching(/misspelt\.yml \(Line: 5, Col: 5\): Unexpected value 'permisions'/)]);
  });

  test.each(files)('%s: every `npm run X` names a script of package.json', (file) => {
    const referenced = [...texts.get(file)!.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    for (const script of referenced) expect(scripts).toContain(script);
  });

  test.each(files)('%s: every action is pinned to an exact version or commit', (file) => {
    const uses = [...texts.get(file)!.matchAll(/uses: ([^\s#]+)/g)].map((m) => m[1]).filter((u) => !u.startsWith('./'));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/^[\w-]+\/[\w-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
  });

  test.each(files)('%s: reads the repository by default and uses no long-lived AWS keys', (file) => {
    const workflow = workflows.get(file)!;
    if (workflow.on.workflow_call === undefined) expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(texts.get(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
  });
});

describe('pull-request workflow', () => {
  const file = 'pull-request.yml';

  test('runs on pull requests, one run per pull request at a time', () => {
    expect(Object.keys(workflows.get(file)!.on)).toEqual(['pull_request']);
    expect(workflows.get(file)!.concurrency).toEqual({ group: 'pull-request-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  test('installs, synthesizes and diffs against the base branch, then checks the committed diagrams (the diff first: posted whatever fails after)', () => {
    expect(action(file, 'review', 'actions/checkout')?.with).toEqual({ 'fetch-depth': 0 });
    const commands = runs(file, 'review');
    const order = ['npm ci', 'npm run synth', 'npm run diff --silent -- --ref "origin/${BASE_REF}"', 'npm run diagram -- --check'].map((command) =>
      commands.findIndex((run) => run.startsWith(command)),
    );
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]))).toBe(true);
    expect(steps(file, 'review').find((s) => s.run?.startsWith('npm run diff --silent'))?.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
  });

  test("all of npm test runs on each pull request, forks too, in jobs beside the review job: the static checks, and jest's part on four shards with Terraform", () => {
    const { static: staticChecks, tests } = jobs(file);
    for (const job of [staticChecks, tests]) {
      expect(job.if).toBeUndefined();
      expect(job.needs).toBeUndefined();
      expect(job.permissions).toEqual({ contents: 'read' });
    }
    expect(runs(file, 'static')).toEqual(['npm ci --no-audit --no-fund', 'npm run test:static']);
    expect(tests.strategy).toEqual({ 'fail-fast': false, matrix: { shard: ['1/4', '2/4', '3/4', '4/4'] } });
    expect(action(file, 'tests', 'hashicorp/setup-terraform')?.with).toMatchObject({ terraform_version: expect.stringMatching(/^1\.\d+\.\d+$/), terraform_wrapper: false });
    // test-scripts.test.ts: test:static and the shards together are npm test.
    expect(runs(file, 'tests')).toEqual(['npm ci --no-audit --no-fund', 'npm run test:shard -- "${SHARD}"']);
    expect(steps(file, 'tests').find((s) => s.run?.startsWith('npm run test:shard'))?.env).toEqual({ SHARD: '${{ matrix.shard }}', CI: 'true' });
  });

  test('only the comment job may write; it updates one comment per marker through npm run comment:sticky', () => {
    expect(jobs(file).review.permissions).toEqual({ contents: 'read' });
    expect(jobs(file).comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const script = runs(file, 'comment').join('\n');
    expect(script).not.toContain('gh api');
    expect(script).toContain('npm run comment:sticky -- --file synth-diff-comment.md --marker synth-diff');
    expect(script).toContain('npm run comment:sticky -- --file plan-comment.md --marker terraform-plan');
  });
});

describe('deploy workflows', () => {
  test('main deploys dev, then stg, then prod, each through the per-environment workflow with an OIDC token', () => {
    expect(workflows.get('deploy.yml')!.on).toEqual({
      push: { branches: ['main'] },
      workflow_dispatch: { inputs: { 'first-deploy': expect.objectContaining({ type: 'choice', default: 'none' }) } },
    });
    const deploy = jobs('deploy.yml');
    expect(deploy.dev.needs).toEqual(['static', 'test']);
    expect(deploy.stg.needs).toEqual(['static', 'test', 'dev']);
    expect(deploy.prod.needs).toEqual(['static', 'test', 'stg']);
    for (const env of ['dev', 'stg', 'prod']) {
      expect(deploy[env]).toMatchObject({ uses: './.github/workflows/deploy-environment.yml', with: { environment: env } });
      // actions: read: apply:plan reads the GitHub environment's protection rules.
      expect(deploy[env].permissions).toEqual({ contents: 'read', 'id-token': 'write', actions: 'read' });
    }
    expect(runs('deploy.yml', 'static')).toEqual(['npm ci --no-audit --no-fund', 'npm run test:static']);
    expect(runs('deploy.yml', 'test')).toEqual(['npm ci --no-audit --no-fund', 'npm run test:shard -- "${SHARD}"']);
  });

  test('an environment deploy (the approved apply, or the first deploy) runs in its GitHub environment, one at a time, never cancelled', () => {
    const { apply, 'first-deploy': deploy } = jobs('deploy-environment.yml');
    expect(workflows.get('deploy-environment.yml')!.on.workflow_call.inputs.environment).toMatchObject({ type: 'string', required: true });
    for (const job of [apply, deploy]) expect(job.environment).toBe('${{ inputs.environment }}');
    // One at a time: the first deploy in its own group; plan and apply together in deploy.yml's deploy-run-<env>.
    expect(deploy.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
    for (const env of ['dev', 'stg', 'prod']) expect(jobs('deploy.yml')[env].concurrency).toEqual({ group: `deploy-run-${env}`, 'cancel-in-progress': false });
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(apply.permissions).toEqual({ contents: 'read', 'id-token': 'write', actions: 'read' });
  });

  test("the first deploy assumes the environment's role through OIDC, then deploys only that environment's platform stack through the ordered npm run deploy", () => {
    const file = 'deploy-environment.yml';
    const role = steps(file, 'first-deploy').find((s) => s.run?.includes('npm run deploy-role'))!;
    expect(role).toMatchObject({ id: 'role', run: 'npm run deploy-role --silent -- "${ENVIRONMENT}" >> "$GITHUB_OUTPUT"', env: { ENVIRONMENT: '${{ inputs.environment }}' } });
    expect(action(file, 'first-deploy', 'aws-actions/configure-aws-credentials')?.with).toEqual({
      'role-to-assume': '${{ steps.role.outputs.role-arn }}',
      'role-session-name': 'github-deploy-${{ inputs.environment }}-${{ github.run_id }}',
      'aws-region': '${{ steps.role.outputs.region }}',
      'role-duration-seconds': 10800,
    });
    const install = steps(file, 'first-deploy').findIndex((s) => s.run?.startsWith('npm ci'));
    expect(install).toBeLessThan(steps(file, 'first-deploy').indexOf(role));
    expect(runs(file, 'first-deploy').filter((run) => run.includes('cdktf deploy'))).toEqual([]);
    const deployStep = steps(file, 'first-deploy').find((s) => s.run?.startsWith('npm run deploy -- '))!;
    expect(deployStep.run).toBe('npm run deploy -- "${ENVIRONMENTS}" --skip-bootstrap --auto-approve --no-write-pin');
    expect(scripts).toContain('deploy');
    expect(deployStep.env).toMatchObject({ ENVIRONMENTS: '${{ inputs.environment }}' });
    // The Docker Hub credential from the GitHub environment's secrets, as environment variables (never in the run line).
    expect(deployStep.env).toMatchObject({ DOCKERHUB_USERNAME: '${{ secrets.DOCKERHUB_USERNAME }}', DOCKERHUB_TOKEN: '${{ secrets.DOCKERHUB_TOKEN }}' });
    const credentials = steps(file, 'first-deploy').findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(steps(file, 'first-deploy').indexOf(role)).toBeLessThan(credentials);
    expect(credentials).toBeLessThan(steps(file, 'first-deploy').indexOf(deployStep));
  });
});

describe('envoy-validate workflow', () => {
  const file = 'envoy-validate.yml';

  test('renders every bundle, then runs the smoke test with Docker required', () => {
    const commands = runs(file, 'envoy');
    expect(commands.indexOf('npm run envoy:golden')).toBeGreaterThan(commands.findIndex((c) => c.startsWith('npm ci')));
    expect(commands.indexOf('npm run envoy:smoke')).toBeGreaterThan(commands.indexOf('npm run envoy:golden'));
    expect(steps(file, 'envoy').find((s) => s.run === 'npm run envoy:smoke')?.env).toEqual({ ENVOY_SMOKE_REQUIRED: '1' });
  });
});
