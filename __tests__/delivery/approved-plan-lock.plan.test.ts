import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { applyPlan } from '../../tools/deploy/apply-plan';
import { decrypt, sealPlanFolder } from '../../tools/deploy/plan-crypto';
import { LOCK_FILE, planStack, type PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { PROVIDER_MIRROR_VARIABLE, run } from '../../tools/offline-plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';
import { fakeRegistry, type FakeRegistry } from './support/fake-registry';

/**
 * The deploy workflow's approved-plan path with REAL Terraform, as GitHub runs
 * it (.github/workflows/deploy-environment.yml): the plan job (npm run
 * plan:stack's planStack, then plan:seal's sealPlanFolder) and the apply job
 * (apply:plan's applyPlan) each with their own TF_PLUGIN_CACHE_DIR, restored
 * by actions/cache or not:
 * - plan on a cold cache (the provider comes from the registry: its lock file
 *   records the signed `zh:` hash and `h1:`), apply on a warm one;
 * - plan on a warm cache (TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: `h1:`
 *   only), apply on a cold one (the registry again).
 * Before the lock file travelled with the plan, Terraform refused both applies
 * ("Inconsistent dependency lock file"); the last test shows that refusal on
 * the same plan when the apply directory writes its own lock file.
 *
 * The registry: with TERRAFORM_PROVIDER_MIRROR (offline), a local signed fake
 * serving the mirror's package (support/fake-registry.ts); without, the real
 * registry.terraform.io. The stack is the AWS provider with fake credentials,
 * an IAM policy document (computed by the provider, no AWS call) and a
 * terraform_data resource, in local state: applying it calls no AWS API.
 */
const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
const KEY = 'k'.repeat(48);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const STACK = 'dev-lock';

let version: string | undefined;
let scratch: string;
let synthDir: string;
let registry: FakeRegistry | undefined;
let providerVersion: string;
/** The mirror's unpacked provider package, which the fake registry serves zipped. */
let packageDir: string | undefined;

/** The stack: nothing that calls AWS on plan or apply. */
function synthesize(dir: string): string {
  const app = new App({ outdir: dir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  // In the working directory of each job: cdktf's default path is absolute, under the current directory.
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new AwsProvider(stack, 'aws', {
    region: 'eu-west-1',
    accessKey: 'AKIAAPPROVEDPLAN0000',
    secretKey: 'approved-plan-test-not-a-secret',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
  });
  const policy = new DataAwsIamPolicyDocument(stack, 'policy', { statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] });
  new DataResource(stack, 'marker', { input: { policy: policy.json } });
  new TerraformOutput(stack, 'policy_json', { value: policy.json });
  app.synth();
  return SynthesizedStack.parse(fs.readFileSync(path.join(dir, 'stacks', STACK, 'cdk.tf.json'), 'utf8')).terraform.required_providers.aws.version as string;
}

beforeAll(async () => {
  version = await terraformForSuite('the approved-plan lock file test (real Terraform)');
  if (!version) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'approved-plan-lock-'));
  synthDir = path.join(scratch, 'cdktf.out');
  providerVersion = synthesize(synthDir);
  if (mirror) {
    packageDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', providerVersion, 'linux_amd64');
    if (!fs.existsSync(packageDir)) throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror}: no ${packageDir} to serve from the fake registry`);
    registry = await fakeRegistry({ packageDir, version: providerVersion, workDir: path.join(scratch, 'registry') });
  }
  jobs = startJobs();
}, 120_000);

afterAll(async () => {
  // A test that failed early leaves jobs running: they end before their folders are removed.
  if (jobs) await Promise.allSettled(Object.values(jobs));
  await registry?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}, 300_000);

/** A job's environment: its own plugin cache folder, as actions/cache restores it (or not). */
function jobEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...registry?.env, TF_PLUGIN_CACHE_DIR: cache, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true', CHECKPOINT_DISABLE: '1' };
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', PROVIDER_MIRROR_VARIABLE]) delete env[name];
  return env;
}

/** The plan job: plan:stack, then plan:seal; returns the artifact folder. */
async function planJob(name: string, cache: string): Promise<{ dir: string; metadata: PlanMetadata; lock: string }> {
  const dir = path.join(scratch, name);
  const metadata = await planStack({ environment: 'dev', stack: STACK, synthDir, outDir: dir, offline: false, commit: COMMIT, env: jobEnv(cache), workDir: path.join(scratch, `${name}-work`) });
  const lock = fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8');
  sealPlanFolder(dir, KEY);
  return { dir, metadata, lock };
}

/** The apply job: apply:plan of the downloaded artifact; returns Terraform's output. */
async function applyJob(dir: string, cache: string): Promise<string> {
  let output = '';
  await applyPlan({ dir, environment: 'dev', commit: COMMIT, synthDir, key: KEY, env: jobEnv(cache), output: (text) => (output += text), log: () => undefined });
  // terraform apply of a saved plan colours its output (the job log shows it so).
  return output.replace(/\x1b\[[0-9;]*m/g, '');
}

/** What the old apply job did: `terraform init` writes the apply directory's own lock file, then `terraform apply plan.tfplan`. */
async function oldApplyJob(planDir: string, cache: string): Promise<{ lock: string; stderr: string }> {
  const dir = path.join(scratch, 'old-apply');
  fs.cpSync(path.join(synthDir, 'stacks', STACK), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'plan.tfplan'), decrypt(fs.readFileSync(path.join(planDir, 'plan.tfplan.enc')), KEY, 'plan.tfplan'));
  const env = jobEnv(cache);
  await run('terraform', ['init', '-input=false', '-no-color'], dir, env);
  const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
  const refused = await run('terraform', ['apply', '-no-color', 'plan.tfplan'], dir, env).then(
    () => ({ stderr: '' }),
    (error: { stderr: string }) => error,
  );
  return { lock, stderr: refused.stderr };
}

type PlanJob = Awaited<ReturnType<typeof planJob>>;

/**
 * The jobs, started once in beforeAll and awaited by the tests that check
 * them: an apply job waits for its plan job, nothing else waits. The jobs
 * are separate runners, each with its own plugin cache (cache-1 is only
 * read once the cold plan filled it), so they run at once instead of one
 * after another: most of their time is Terraform starting the provider and
 * 700 MB downloads from the fake registry.
 * One warm-cache plan job serves the approved apply on a cold cache and the
 * old apply job that refuses it, as the artifact one workflow run uploads is
 * what either apply job downloads.
 */
let jobs: { coldPlan: Promise<PlanJob>; warmApply: Promise<string>; warmPlan: Promise<PlanJob>; coldApply: Promise<string>; oldApply: Promise<{ lock: string; stderr: string }> };

function startJobs(): typeof jobs {
  const cache = (n: number) => path.join(scratch, `cache-${n}`);
  const coldPlan = planJob('cold-plan', cache(1));
  const warmApply = coldPlan.then((plan) => applyJob(plan.dir, cache(1)));
  // Offline, the warm cache is one actions/cache restored from an earlier run, so this plan job need not wait
  // for the cold one to fill cache-1; with the real registry, cache-1 once the cold plan job filled it.
  const warmPlan = packageDir ? planJob('warm-plan', restoredCache(packageDir)) : coldPlan.then(() => planJob('warm-plan', cache(1)));
  const coldApply = warmPlan.then((plan) => applyJob(plan.dir, cache(2)));
  const oldApply = warmPlan.then((plan) => oldApplyJob(plan.dir, cache(3)));
  const started = { coldPlan, warmApply, warmPlan, coldApply, oldApply };
  // Each test awaits (and reports) its own jobs' failures; until then a rejection is not unhandled.
  for (const job of Object.values(started)) job.catch(() => undefined);
  return started;
}

/**
 * A plugin cache folder as actions/cache restores it: the provider package
 * unpacked where Terraform's cache layout puts it
 * (https://developer.hashicorp.com/terraform/cli/config/config-file#provider-plugin-cache),
 * linked to the mirror's copy instead of 700 MB copied.
 */
function restoredCache(from: string): string {
  const dir = path.join(scratch, 'cache-restored');
  const target = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', providerVersion, 'linux_amd64');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(path.resolve(from), target, 'dir');
  return dir;
}

const H1 = /"h1:[A-Za-z0-9+/=]+"/;
const ZH = /"zh:[0-9a-f]{64}"/;

describe('the approved plan carries its dependency lock file (real Terraform, the CI sequence)', () => {
  test('GIVEN the plan job on a cold plugin cache (registry: zh: and h1:) THEN the apply job on a warm cache applies the saved plan', async () => {
    if (!version) return;
    const plan = await jobs.coldPlan;
    expect(plan.lock).toMatch(H1);
    expect(plan.lock).toMatch(ZH);
    expect(plan.metadata.lockFileSha256).toMatch(/^[0-9a-f]{64}$/);
    const output = await jobs.warmApply;
    expect(output).toContain(`Using hashicorp/aws v${providerVersion} from the shared cache directory`);
    expect(output).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  }, 300_000);

  test('GIVEN the plan job on a warm plugin cache (h1: only) THEN the apply job on a cold cache (registry) applies the saved plan', async () => {
    if (!version) return;
    const plan = await jobs.warmPlan;
    expect(plan.lock).toMatch(H1);
    expect(plan.lock).not.toMatch(ZH);
    const output = await jobs.coldApply;
    expect(output).toContain(`Installing hashicorp/aws v${providerVersion}`);
    expect(output).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  }, 300_000);

  test('GIVEN the same warm-cache plan applied where init writes its own lock file (the apply job before) THEN Terraform refuses it', async () => {
    if (!version) return;
    const plan = await jobs.warmPlan;
    expect(plan.lock).not.toMatch(ZH);
    const refused = await jobs.oldApply;
    expect(refused.lock).toMatch(ZH);
    expect(refused.stderr).toContain('Inconsistent dependency lock file');
  }, 300_000);
});
