import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyPlan, REPLAN, rolloutCheck, STALE_PLAN_MESSAGE, type ApplyPlanOptions } from '../../tools/deploy/apply-plan';
import { fakeTaskDefinitionArn, fakeTools } from '../deploy/fake-tools';
import { decrypt, encrypt, planKey, sealPlanFolder } from '../../tools/deploy/plan-crypto';
import type { RolloutPolling } from '../../tools/deploy/verify-deploy';
import type { PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { exampleSynthCopy } from '../helpers/example-synth';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { UserError } from '../../lib/util/user-error';

/**
 * npm run plan:seal and npm run apply:plan, the deploy workflow's approved-plan
 * path (.github/workflows/deploy-environment.yml): a plan folder as npm run
 * plan:stack writes it, sealed, then verified and applied with a fake
 * `terraform` on PATH that logs its argv and the sha256 of the plan file it
 * was given, and prints Terraform's stale-plan error when FAKE_STALE is set.
 */
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const KEY = 'k'.repeat(48);
const CREATED = '2026-11-30T12:00:00.000Z';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

let scratch: string;
let bin: string;
let log: string;
let synthDir: string;
let planDir: string;
const planBytes = Buffer.from('fake saved plan: pretend zip\n');
const LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n  hashes = ["h1:fake="]\n}\n';
/** The dependency lock file plan:stack copies into the artifact as terraform.lock.hcl. */
const writeLock = (dir: string) => fs.writeFileSync(path.join(dir, 'terraform.lock.hcl'), LOCK);

function writePlanFolder(dir: string, overrides: Partial<PlanMetadata> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'plan.tfplan'), planBytes);
  const plan = {
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_cloudwatch_log_group.api',
        mode: 'managed',
        change: {
          actions: ['update'],
          before: { retention_in_days: 7, kms_key_id: 'old-key-secret' },
          after: { retention_in_days: 30, kms_key_id: 'new-key-secret' },
          before_sensitive: { kms_key_id: true },
          after_sensitive: { kms_key_id: true },
        },
      },
      { address: 'aws_cloudwatch_log_group.old', mode: 'managed', action_reason: 'delete_because_no_resource_config', change: { actions: ['delete'], before: {}, after: null } },
    ],
  };
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  fs.writeFileSync(path.join(dir, 'plan.txt'), 'Plan: 0 to add, 1 to change, 1 to destroy.\n');
  writeLock(dir);
  const metadata: PlanMetadata = {
    environment: 'stg',
    stack: 'stg-platform',
    commit: COMMIT,
    planFile: 'plan.tfplan',
    planSha256: sha256(planBytes),
    lockFileSha256: sha256(LOCK),
    configurationSha256: sha256(fs.readFileSync(path.join(synthDir, 'stacks', 'stg-platform', 'cdk.tf.json'))),
    createdAt: CREATED,
    terraformVersion: '1.11.4',
    offline: false,
    placeholders: [],
    ...overrides,
  };
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2));
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-plan-test-'));
  bin = path.join(scratch, 'bin');
  log = path.join(scratch, 'terraform.log');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'terraform'),
    `#!/usr/bin/env bash
set -euo pipefail
line="terraform $*"
if [[ "\${1:-}" == apply ]]; then line="$line sha256=$(sha256sum "\${2}" | cut -d' ' -f1)"; fi
echo "$line" >> "$FAKE_LOG"
case "\${1:-}" in
  version) echo '{"terraform_version":"'"\${FAKE_VERSION:-1.11.4}"'","platform":"linux_amd64"}' ;;
  init)
    # The lock file the plan was made with must be in place when init runs.
    [[ -f .terraform.lock.hcl ]] && echo "lock $(sha256sum .terraform.lock.hcl | cut -d' ' -f1)" >> "$FAKE_LOG"
    echo "Terraform has been successfully initialized!" ;;
  apply)
    if [[ -n "\${FAKE_STALE:-}" ]]; then
      printf '\\nError: ${STALE_PLAN_MESSAGE}\\n\\nThe given plan file can no longer be applied because the state was changed by\\nanother operation after the plan was created.\\n' >&2
      exit 1
    fi
    echo "Apply complete! Resources: 0 added, 1 changed, 1 destroyed." ;;
  *) echo "unexpected terraform $*" >&2; exit 9 ;;
esac
`,
    { mode: 0o755 },
  );
  synthDir = path.join(scratch, 'cdktf.out');
  fs.mkdirSync(path.join(synthDir, 'stacks', 'stg-platform'), { recursive: true });
  fs.writeFileSync(path.join(synthDir, 'stacks', 'stg-platform', 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { s3: { bucket: 'state' } } }, resource: {} }));
  fs.mkdirSync(path.join(synthDir, 'stacks', 'stg-bootstrap'), { recursive: true });
  fs.writeFileSync(path.join(synthDir, 'stacks', 'stg-bootstrap', 'cdk.tf.json'), JSON.stringify({ resource: {} }));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
beforeEach(() => {
  fs.writeFileSync(log, '');
  planDir = path.join(scratch, `plan-${counter++}`);
});

const sealed = (overrides: Partial<PlanMetadata> = {}) => {
  writePlanFolder(planDir, overrides);
  sealPlanFolder(planDir, KEY);
  return planDir;
};

const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, ...extra });
const options = (extra: Partial<ApplyPlanOptions> = {}): ApplyPlanOptions => ({
  dir: planDir,
  environment: 'stg',
  commit: COMMIT,
  synthDir,
  key: KEY,
  now: new Date('2026-11-30T13:00:00.000Z'),
  env: env(),
  output: () => undefined,
  log: () => undefined,
  ...extra,
});
const calls = () => fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);

describe('plan encryption (npm run plan:seal)', () => {
  test('GIVEN a key THEN a round trip gives the bytes back; another key, another file name or a changed byte is refused', () => {
    const data = Buffer.from('secret plan');
    const box = encrypt(data, KEY, 'plan.tfplan');
    expect(box.includes(data)).toBe(false);
    expect(decrypt(box, KEY, 'plan.tfplan')).toEqual(data);
    expect(() => decrypt(box, 'x'.repeat(48), 'plan.tfplan')).toThrow(/cannot be decrypted: another PLAN_ENCRYPTION_KEY, or the file was changed/);
    expect(() => decrypt(box, KEY, 'plan.json')).toThrow(UserError);
    const tampered = Buffer.from(box);
    tampered[tampered.length - 1] ^= 1;
    expect(() => decrypt(tampered, KEY, 'plan.tfplan')).toThrow(/cannot be decrypted/);
  });

  test('GIVEN no key or a short one THEN it refuses, naming the secret', () => {
    expect(() => planKey({})).toThrow(/^PLAN_ENCRYPTION_KEY is not set: the workflow passes the secret of that name/);
    expect(() => planKey({ PLAN_ENCRYPTION_KEY: 'short' })).toThrow(/expected at least 32 characters \(openssl rand -base64 48\), got 5/);
  });

  test('as the plan job runs it: the summary on stdout for the approver, then only ciphertext of plan.tfplan and plan.json is left', async () => {
    writePlanFolder(planDir);
    const refused = await runScriptInProcess('scripts/plan-seal.ts', ['--dir', planDir], { env: { PATH: process.env.PATH } });
    expect(refused).toMatchObject({ status: 1, stdout: '', stderr: expect.stringMatching(/^plan:seal failed: PLAN_ENCRYPTION_KEY is not set/) });
    expect(fs.readdirSync(planDir).sort()).toEqual(['metadata.json', 'plan.json', 'plan.tfplan', 'plan.txt', 'terraform.lock.hcl']);
    const result = runScript('scripts/plan-seal.ts', ['--dir', planDir], { env: { PATH: process.env.PATH, PLAN_ENCRYPTION_KEY: KEY } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('**Approving the `stg` deployment applies exactly this plan** of `stg-platform`');
    expect(result.stdout).toContain(`plan file sha256 \`${sha256(planBytes).slice(0, 16)}…\``);
    expect(result.stdout).toContain('| stg | `stg-platform` | 0 | 1 | ⚠️ 1 | 0 |');
    expect(result.stdout).toContain('`aws_cloudwatch_log_group.old` in `stg-platform` is destroyed');
    // The planned values, collapsed, the sensitive one redacted.
    expect(result.stdout).toContain('<details><summary>Planned values of <code>stg-platform</code> (2 resources; sensitive values redacted)</summary>');
    expect(result.stdout).toContain(
      '**update** `aws_cloudwatch_log_group.api`\n\n| attribute | before | after |\n| --- | --- | --- |\n| `kms_key_id` | `(sensitive)` | `(sensitive)` |\n| `retention_in_days` | `7` | `30` |',
    );
    expect(result.stdout).toContain('**delete** `aws_cloudwatch_log_group.old`');
    expect(result.stdout).not.toContain('key-secret');
    expect(fs.readdirSync(planDir).sort()).toEqual(['metadata.json', 'plan.json.enc', 'plan.tfplan.enc', 'plan.txt', 'terraform.lock.hcl']);
    expect(fs.readFileSync(path.join(planDir, 'plan.tfplan.enc')).includes(planBytes)).toBe(false);
    expect(decrypt(fs.readFileSync(path.join(planDir, 'plan.tfplan.enc')), KEY, 'plan.tfplan')).toEqual(planBytes);
  }, 30_000);
});

describe('plan:seal --github-output: a plan without changes asks for no approval', () => {
  test('GIVEN changes THEN changes=true; GIVEN a plan that changes nothing THEN changes=false and the summary says the apply is skipped', async () => {
    const output = path.join(scratch, 'github-output');
    const seal = () => runScriptInProcess('scripts/plan-seal.ts', ['--dir', planDir, '--github-output', output], { env: { PATH: process.env.PATH, PLAN_ENCRYPTION_KEY: KEY } });
    writePlanFolder(planDir);
    expect((await seal()).status).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toBe('changes=true\n');
    planDir = `${planDir}-none`;
    writePlanFolder(planDir);
    fs.writeFileSync(path.join(planDir, 'plan.json'), JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', change: { actions: ['no-op'] } }] }));
    const none = await seal();
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('**No changes**: nothing to approve or apply; the apply job is skipped.');
    expect(fs.readFileSync(output, 'utf8')).toBe('changes=true\nchanges=false\n');
  }, 30_000);
});

describe('applyPlan: exactly the approved plan, or a one-line refusal', () => {
  test("GIVEN a verified plan THEN the plan's lock file restored, terraform init -lockfile=readonly, then `terraform apply plan.tfplan` of the decrypted file, and nothing else (no plan, no -var)", async () => {
    sealed();
    await expect(applyPlan(options())).resolves.toMatchObject({ stack: 'stg-platform', commit: COMMIT });
    expect(calls()).toEqual(['terraform version -json', 'terraform init -input=false -no-color -lockfile=readonly', `lock ${sha256(LOCK)}`, `terraform apply plan.tfplan sha256=${sha256(planBytes)}`]);
  });

  test('GIVEN a plan artifact without its dependency lock file, or with another one THEN it refuses before Terraform runs', async () => {
    sealed({ lockFileSha256: undefined });
    await expect(applyPlan(options())).rejects.toThrow(
      `stg-platform: the plan artifact carries no dependency lock file (terraform.lock.hcl), without which Terraform refuses the saved plan ("Inconsistent dependency lock file"); ${REPLAN}`,
    );
    planDir = `${planDir}-b`;
    sealed();
    fs.rmSync(path.join(planDir, 'terraform.lock.hcl'));
    await expect(applyPlan(options())).rejects.toThrow(/carries no dependency lock file/);
    planDir = `${planDir}-c`;
    sealed({ lockFileSha256: sha256('another lock file') });
    await expect(applyPlan(options())).rejects.toThrow(
      new RegExp(`^stg-platform: terraform\\.lock\\.hcl has sha256 ${sha256(LOCK).slice(0, 12)}…, the plan job recorded ${sha256('another lock file').slice(0, 12)}…; `),
    );
    expect(calls()).toEqual([]);
  });

  test.each<[string, () => Partial<ApplyPlanOptions>, RegExp]>([
    ['another commit checked out', () => ({ commit: 'f'.repeat(40) }), /^stg-platform: the plan is of commit 0123456, this job checked out fffffff; /],
    [
      'a plan older than the maximum age',
      () => ({ now: new Date('2026-12-01T12:00:01.000Z') }),
      /^stg-platform: the plan is 24\.0 hours old \(made 2026-11-30T12:00:00\.000Z\), older than the 24 hours allowed; /,
    ],
    ['a lower --max-age-hours', () => ({ maxAgeHours: 0.5 }), /older than the 0\.5 hours allowed; /],
    ['another environment', () => ({ environment: 'prod' }), /^stg-platform: the plan is of environment stg, this job deploys prod; /],
    ['another key', () => ({ key: 'x'.repeat(48) }), /plan\.tfplan\.enc: cannot be decrypted: another PLAN_ENCRYPTION_KEY/],
    ['another Terraform version', () => ({ env: env({ FAKE_VERSION: '1.12.0' }) }), /^stg-platform: the plan was made with Terraform 1\.11\.4, this job has 1\.12\.0; /],
  ])('GIVEN %s THEN it refuses before any apply', async (_name, extra, message) => {
    sealed();
    await expect(applyPlan(options(extra()))).rejects.toThrow(message);
    expect(calls().filter((c) => c.startsWith('terraform apply') || c.startsWith('terraform plan'))).toEqual([]);
  });

  test('GIVEN a plan file that is not the one recorded (another checksum) THEN it refuses', async () => {
    sealed({ planSha256: sha256('another plan') });
    await expect(applyPlan(options())).rejects.toThrow(
      new RegExp(
        `^stg-platform: plan.tfplan has sha256 ${sha256(planBytes).slice(0, 12)}…, the plan job recorded ${sha256('another plan').slice(0, 12)}…; ${REPLAN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      ),
    );
    expect(calls()).toEqual([]);
  });

  test('GIVEN this commit synthesizes another cdk.tf.json THEN it refuses', async () => {
    sealed({ configurationSha256: sha256('the configuration the plan was made from') });
    await expect(applyPlan(options())).rejects.toThrow(/^stg-platform: this commit synthesizes another cdk\.tf\.json \(sha256 [0-9a-f]{12}…\) than the plan was made from/);
    expect(calls()).toEqual([]);
  });

  test('GIVEN an offline plan, a placeholder variable or a failed plan THEN there is nothing to apply', async () => {
    sealed({ offline: true });
    await expect(applyPlan(options())).rejects.toThrow(/an offline plan .* is never applied/);
    planDir = `${planDir}-b`;
    sealed({ placeholders: ['envoy_image_digest'] });
    await expect(applyPlan(options())).rejects.toThrow(/planned with placeholder values for envoy_image_digest/);
    planDir = `${planDir}-c`;
    fs.mkdirSync(planDir);
    fs.writeFileSync(path.join(planDir, 'failure.json'), JSON.stringify({ environment: 'stg', stack: 'stg-platform', commit: COMMIT, step: 'plan', output: 'x' }));
    await expect(applyPlan(options())).rejects.toThrow(/^stg-platform: the plan failed \(terraform plan\) at 0123456: nothing to apply/);
    expect(calls()).toEqual([]);
  });

  test('GIVEN the state changed since the plan (Terraform: "Saved plan is stale") THEN one line: re-run the workflow', async () => {
    sealed();
    const error = await applyPlan(options({ env: env({ FAKE_STALE: '1' }) })).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`stg-platform: the state changed after the plan was made (Terraform: "Saved plan is stale"): nothing was applied; ${REPLAN}`);
  });
});

describe("npm run apply:plan (the apply job's step)", () => {
  test("GIVEN the workflow's environment THEN it applies; refusals are one line on stderr, exit 1", async () => {
    sealed({ createdAt: new Date().toISOString() });
    const scriptEnv = { ...env(), PLAN_ENCRYPTION_KEY: KEY, GITHUB_SHA: COMMIT };
    const args = ['--dir', planDir, '--environment', 'stg', '--synth', synthDir];
    const ok = runScript('scripts/apply-plan.ts', args, { env: scriptEnv });
    expect(ok.stderr).toContain('stg-platform: applied the approved plan of 0123456');
    expect(ok.status).toBe(0);
    expect(calls().at(-1)).toBe(`terraform apply plan.tfplan sha256=${sha256(planBytes)}`);
    const stale = await runScriptInProcess('scripts/apply-plan.ts', args, { env: { ...scriptEnv, FAKE_STALE: '1' } });
    expect(stale.status).toBe(1);
    expect(stale.stderr.trim().split('\n').at(-1)).toBe(
      `apply:plan failed: stg-platform: the state changed after the plan was made (Terraform: "Saved plan is stale"): nothing was applied; ${REPLAN}`,
    );
    const moved = await runScriptInProcess('scripts/apply-plan.ts', args, { env: { ...scriptEnv, GITHUB_SHA: 'a'.repeat(40) } });
    expect(moved).toMatchObject({ status: 1, stderr: `apply:plan failed: stg-platform: the plan is of commit 0123456, this job checked out aaaaaaa; ${REPLAN}\n` });
    expect(await runScriptInProcess('scripts/apply-plan.ts', [...args, '--max-age-hours', 'soon'], { env: scriptEnv })).toMatchObject({
      status: 1,
      stderr: 'apply:plan failed: --max-age-hours: expected a positive number of hours, got "soon"\n',
    });
    expect(await runScriptInProcess('scripts/apply-plan.ts', args, { env: env() })).toMatchObject({ status: 1, stderr: expect.stringMatching(/^apply:plan failed: PLAN_ENCRYPTION_KEY is not set/) });
    // The GitHub checks (tools/deploy/deploy-gate.ts, tested against a fake API in deploy-gate.test.ts) are asked for by flags.
    expect(await runScriptInProcess('scripts/apply-plan.ts', [...args, '--reviewers', 'required'], { env: scriptEnv })).toMatchObject({
      status: 1,
      stderr: 'apply:plan failed: --reviewers asks GitHub: give --branch NAME too\n',
    });
    expect(await runScriptInProcess('scripts/apply-plan.ts', [...args, '--branch', 'main', '--reviewers', 'maybe'], { env: scriptEnv })).toMatchObject({
      status: 1,
      stderr: 'apply:plan failed: --reviewers: expected required or optional, got "maybe"\n',
    });
    expect(await runScriptInProcess('scripts/apply-plan.ts', [...args, '--branch', 'main'], { env: scriptEnv })).toMatchObject({
      status: 1,
      stderr: 'apply:plan failed: GH_TOKEN is not set: the workflow passes github.token\n',
    });
  }, 60_000);
});

describe('after the approved apply: the rollout checks of npm run deploy, by the same code', () => {
  const root = path.resolve(__dirname, '../..');
  let devSynth: string;
  beforeAll(() => {
    // A copy of the run's shared synthesis of dev.
    devSynth = exampleSynthCopy(['dev'], 'apply-plan-dev-').outdir;
  });

  const applyDev = (tools: ReturnType<typeof fakeTools>, check: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; polling?: RolloutPolling } = {}) => {
    const dir = path.join(scratch, `dev-plan-${counter++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'plan.tfplan'), planBytes);
    fs.writeFileSync(path.join(dir, 'plan.json'), '{}');
    writeLock(dir);
    const metadata: PlanMetadata = {
      environment: 'dev',
      stack: 'dev-platform',
      commit: COMMIT,
      planFile: 'plan.tfplan',
      planSha256: sha256(planBytes),
      lockFileSha256: sha256(LOCK),
      configurationSha256: sha256(fs.readFileSync(path.join(devSynth, 'stacks', 'dev-platform', 'cdk.tf.json'))),
      createdAt: new Date().toISOString(),
      terraformVersion: '1.11.4',
      offline: false,
      placeholders: [],
    };
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata));
    sealPlanFolder(dir, KEY);
    const runOptions = { root: tools.root, env: check.env ?? tools.env, stdio: 'pipe' as const };
    return applyPlan({
      dir,
      environment: 'dev',
      commit: COMMIT,
      synthDir: devSynth,
      key: KEY,
      env: tools.env,
      output: () => undefined,
      log: () => undefined,
      afterApply: rolloutCheck(root, devSynth, 'dev', runOptions, check.log ?? (() => undefined), check.polling),
    });
  };

  test('GIVEN every service on the task definition the apply set THEN the apply succeeds after services-stable and the rollout check', async () => {
    const tools = fakeTools(path.join(scratch, 'tools-ok'), devSynth, path.join(root, 'scripts'));
    await expect(applyDev(tools)).resolves.toMatchObject({ stack: 'dev-platform' });
    const calls = tools.calls();
    expect(calls.filter((c) => c.startsWith('terraform '))).toEqual([
      'terraform version -json',
      'terraform init -input=false -no-color -lockfile=readonly',
      'terraform apply plan.tfplan',
      expect.stringMatching(/^terraform -chdir=\S+dev-platform output -json ecs_task_definitions$/),
    ]);
    expect(calls.findIndex((c) => c.startsWith('aws ecs wait services-stable'))).toBeGreaterThan(calls.indexOf('terraform apply plan.tfplan'));
    expect(calls.some((c) => c.startsWith('aws ecs describe-services'))).toBe(true);
  }, 60_000);

  test('GIVEN a service the circuit breaker rolled back THEN the approved apply is reported as not rolled out', async () => {
    const tools = fakeTools(path.join(scratch, 'tools-rollback'), devSynth, path.join(root, 'scripts'));
    const service = JSON.parse(fs.readFileSync(path.join(devSynth, 'stacks', 'dev-platform', 'cdk.tf.json'), 'utf8')).resource.aws_ecs_service;
    const name = (Object.values(service)[0] as { name: string }).name;
    tools.ecsDeployments(name, [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn(name, 1), rolloutState: 'COMPLETED' }]);
    await expect(applyDev(tools)).rejects.toThrow(new RegExp(`^dev-platform applied, but not every ECS service runs the task definition it set:\\n${name}: rolled back`));
  }, 60_000);

  test('GIVEN the waiter gives up and web is still IN_PROGRESS, completing on the next poll THEN the approved apply polls it like npm run deploy and succeeds', async () => {
    const tools = fakeTools(path.join(scratch, 'tools-slow'), devSynth, path.join(root, 'scripts'));
    const inProgress = { status: 'PRIMARY' as const, taskDefinition: fakeTaskDefinitionArn('web', 2), rolloutState: 'IN_PROGRESS' };
    tools.ecsDeployments('web', [inProgress]);
    const lines: string[] = [];
    const polling = { now: () => 0, sleep: () => tools.ecsDeployments('web', [{ ...inProgress, rolloutState: 'COMPLETED' }]) };
    await expect(applyDev(tools, { env: { ...tools.env, FAKE_ECS_WAIT_FAIL: '1' }, log: (line) => lines.push(line), polling })).resolves.toMatchObject({ stack: 'dev-platform' });
    expect(lines).toContain('    web: IN_PROGRESS; polling again in 15 s');
    expect(lines).toContainEqual(
      expect.stringMatching(/^    every rollout completed, although aws ecs wait services-stable .* gave up \(exit 255: Waiter ServicesStable failed: Max attempts exceeded\)$/),
    );
  }, 60_000);
});
