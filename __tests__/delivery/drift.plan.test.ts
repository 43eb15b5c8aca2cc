import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { driftMarker, readDriftResults, renderDriftIssue } from '../../tools/deploy/drift';
import { markerLine } from '../../tools/github-comment/sticky-comment';
import { runScript, runScriptInProcess, withoutTimings, type ScriptResult } from '../helpers/run-script';
import { FAKE_APPLIED, fakeAppliedState } from './support/fake-applied-state';
import { fakeGitHub, type FakeGitHub } from './support/fake-github';
import { terraformForSuite } from '../helpers/plan-preflight';
import { exampleSynth } from '../helpers/example-synth';

/**
 * The drift check (.github/workflows/drift.yml) from a REAL offline plan: the
 * stg-platform stack against the fake applied state of the plan-comment test
 * (a log group under its old name, one with another retention, one the
 * configuration no longer has), planned with `npm run plan:stack --
 * --detailed-exitcode` (exit 2: changes), then reported by `npm run
 * drift:report` against the local fake GitHub server. The issue logic without
 * Terraform is drift.test.ts (unit project).
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'drift');
const COMMIT = '89abcdef0123456789abcdef0123456789abcdef';
const { RENAMED, RETENTION, GONE } = FAKE_APPLIED;
const results = path.join(work, 'results');

let version: string | undefined;
let check: ScriptResult;
let github: FakeGitHub;

beforeAll(async () => {
  github = await fakeGitHub();
  version = await terraformForSuite('the drift plan test');
  if (!version) return;
  fs.rmSync(work, { recursive: true, force: true });
  const synthDir = path.join(work, 'cdktf.out');
  // A copy of the run's shared synthesis of the examples: this suite changes it.
  fs.cpSync(exampleSynth(['stg']).outdir, synthDir, { recursive: true });
  fakeAppliedState(path.join(synthDir, 'stacks', 'stg-platform'));
  check = runScript('scripts/plan-stack.ts', ['stg', 'stg-platform', '--synth', synthDir, '--out', path.join(results, 'stg-platform'), '--offline', '--commit', COMMIT, '--detailed-exitcode']);
}, 600_000);

afterAll(() => github.close());

describe('npm run plan:stack -- --detailed-exitcode (the drift check, real offline plan)', () => {
  test('GIVEN a state that differs from the configuration THEN exit 2, drift.json, and no plan file or plan JSON (sensitive values) is kept', () => {
    if (!version) return;
    // Progress lines only: the environment and stack, init and plan (CI=true: the step names alone).
    expect(withoutTimings(check.stderr)).toBe(
      process.env.CI === 'true'
        ? 'plan:stack: terraform init\nplan:stack: terraform plan\n'
        : 'plan:stack: terraform init (stg-platform)\nplan:stack: terraform init: … s\nplan:stack: terraform plan (stg-platform)\nplan:stack: terraform plan: … s\n',
    );
    expect(check.status).toBe(2);
    expect(check.stdout).toMatch(/stg-platform: drift: 0 changed outside Terraform, \d+ to change \(exit 2\)\n$/);
    const dir = path.join(results, 'stg-platform');
    expect(fs.readdirSync(dir).sort()).toEqual(['drift.json', 'metadata.json', 'plan.txt']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'))).toMatchObject({ stack: 'stg-platform', commit: COMMIT, changes: true });
  });

  test('the drift summary lists what an apply would change: the replacement with what forces it, the update, the destroy', () => {
    if (!version) return;
    const [result] = readDriftResults(results, ['stg-platform']);
    if (result.kind !== 'checked') throw new Error(JSON.stringify(result));
    const { changes, drifted } = result.summary;
    // Offline there is no refresh, so nothing is found changed outside Terraform; the differences are resource_changes.
    expect(drifted).toEqual([]);
    expect(changes.find((r) => r.address === RENAMED)).toMatchObject({ action: 'replace', replacePaths: ['name'] });
    expect(changes.find((r) => r.address === RETENTION)).toMatchObject({ action: 'update', changedAttributes: ['retention_in_days'] });
    expect(changes.find((r) => r.address === GONE)).toMatchObject({ action: 'delete' });
    const issue = renderDriftIssue('stg', [result], { commit: COMMIT, now: new Date('2026-12-01T05:17:00Z') });
    expect(issue.state).toBe('open');
    expect(issue.title).toBe('Drift: stg');
    expect(issue.body).toContain(`| \`stg-platform\` | ⚠️ drift | 0 | ${changes.length} |`);
    expect(issue.body).toContain(`- replace \`${RENAMED}\` (`);
    expect(issue.body).toContain(', forced by `name`');
    expect(issue.body).toContain(`- update \`${RETENTION}\` (\`retention_in_days\`)`);
    expect(issue.body).toContain(`- delete \`${GONE}\``);
  });
});

describe('npm run drift:report from that plan (GitHub REST API, against the local fake)', () => {
  beforeEach(() => {
    github.requests = [];
    // A person's issue with the same marker and another environment's drift issue are never touched.
    github.issues = [
      { number: 1, title: 'Drift: stg', body: `${markerLine(driftMarker('stg'))}\nby hand`, state: 'open', labels: [{ name: 'drift' }], user: { login: 'someone' } },
      { number: 2, title: 'Drift: prod', body: `${markerLine(driftMarker('prod'))}\nold`, state: 'open', labels: [{ name: 'drift' }], user: { login: 'github-actions[bot]' } },
    ];
  });

  // Asynchronous: the fake server answers in this process.
  const runAsync = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<ScriptResult>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), path.join(root, 'scripts/drift-report.ts'), ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  test('as the workflow runs it: npm run drift:report, one line per environment', async () => {
    if (!version) return;
    const stacks = path.join(work, 'stacks.json');
    fs.writeFileSync(
      stacks,
      JSON.stringify({
        include: [
          { environment: 'prod', stack: 'prod-platform', 'plan-role': 'arn:aws:iam::333333333333:role/acme-terraform-plan', region: 'eu-west-1' },
          { environment: 'stg', stack: 'stg-platform', 'plan-role': 'arn:aws:iam::222222222222:role/acme-terraform-plan', region: 'eu-west-1' },
        ],
      }),
    );
    const env = { PATH: process.env.PATH, GH_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/platform', GITHUB_API_URL: github.api };
    const result = await runAsync(['--results', results, '--stacks', stacks, '--commit', COMMIT], env);
    expect(result).toEqual({ status: 0, stderr: '', stdout: 'prod: drift or a failed check: issue #2 updated\nstg: drift or a failed check: issue #502 created\n' });
    expect(github.issues[1].body).toContain('| `prod-platform` | ❌ the check failed before terraform ran');
    expect(github.issues[2].body).toContain(`- delete \`${GONE}\``);
    // The refusal in this process (runScriptInProcess): the command itself ran as a process just above.
    expect(await runScriptInProcess('scripts/drift-report.ts', ['--results', results], { env })).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^drift:report failed: give --results DIR, --stacks FILE and --commit SHA/),
    });
  }, 30_000);
});
