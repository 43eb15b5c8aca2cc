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
    const packageDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', providerVersion, 'linux_amd64');
    if (!fs.existsSync(packageDir)) throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror}: no ${packageDir} to serve from the fake registry`);
    registry = await fakeRegistry({ packageDir, version: providerVersion, workDir: path.join(scratch, 'registry') });
  }
}, 120_000);

afterAll(async () => {
  await registry?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

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

/**
 * The plan job on the warm plugin cache: the same plan for the approved apply
 * on a cold cache and for the old apply job that refuses it (one plan job, as
 * the artifact one workflow run uploads is what either apply job downloads).
 */
let warmPlan: ReturnType<typeof planJob> | undefined;
const warmCachePlan = () => (warmPlan ??= planJob('warm-plan', path.join(scratch, 'cache-1')));

const H1 = /"h1:[A-Za-z0-9+/=]+"/;
const ZH = /"zh:[0-9a-f]{64}"/;

describe('the approved plan carries its dependency lock file (real Terraform, the CI sequence)', () => {
  test('GIVEN the plan job on a cold plugin cache (registry: zh: and h1:) THEN the apply job on a warm cache applies the saved plan', async () => {
    if (!version) return;
    const cache = path.join(scratch, 'cache-1');
    const plan = await planJob('cold-plan', cache);
    expect(plan.lock).toMatch(H1);
    expect(plan.lock).toMatch(ZH);
    expect(plan.metadata.lockFileSha256).toMatch(/^[0-9a-f]{64}$/);
    const output = await applyJob(plan.dir, cache);
    expect(output).toContain(`Using hashicorp/aws v${providerVersion} from the shared cache directory`);
    expect(output).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  }, 300_000);

  test('GIVEN the plan job on a warm plugin cache (h1: only) THEN the apply job on a cold cache (registry) applies the saved plan', async () => {
    if (!version) return;
    const plan = await warmCachePlan();
    expect(plan.lock).toMatch(H1);
    expect(plan.lock).not.toMatch(ZH);
    const output = await applyJob(plan.dir, path.join(scratch, 'cache-2'));
    expect(output).toContain(`Installing hashicorp/aws v${providerVersion}`);
    expect(output).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  }, 300_000);

  test('GIVEN the same warm-cache plan applied where init writes its own lock file (the apply job before) THEN Terraform refuses it', async () => {
    if (!version) return;
    const plan = await warmCachePlan();
    expect(plan.lock).not.toMatch(ZH);
    const dir = path.join(scratch, 'old-apply');
    fs.cpSync(path.join(synthDir, 'stacks', STACK), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'plan.tfplan'), decrypt(fs.readFileSync(path.join(plan.dir, 'plan.tfplan.enc')), KEY, 'plan.tfplan'));
    const env = jobEnv(path.join(scratch, 'cache-3'));
    await run('terraform', ['init', '-input=false', '-no-color'], dir, env);
    expect(fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8')).toMatch(ZH);
    const refused = await run('terraform', ['apply', '-no-color', 'plan.tfplan'], dir, env).catch((error: { stderr: string }) => error);
    expect(refused.stderr).toContain('Inconsistent dependency lock file');
  }, 300_000);
});
