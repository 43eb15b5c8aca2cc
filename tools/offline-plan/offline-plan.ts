import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVOY_IMAGE_DIGEST_VARIABLE } from '../../lib/ecs/envoy-image';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { runChecked } from '../process/run-process';

/**
 * Runs `terraform init`, `validate` and `plan -refresh=false` for synthesized
 * stacks without AWS access. Each stack is copied to a scratch folder where an
 * override file swaps the S3 backend for a local one and gives the AWS
 * provider fake credentials and its skip_* flags; the product's own provider
 * configuration is never changed.
 */

/** Folder holding a Terraform filesystem mirror (…/registry.terraform.io/hashicorp/aws/…); unset means the registry. */
export const PROVIDER_MIRROR_VARIABLE = 'TERRAFORM_PROVIDER_MIRROR';

export interface StackPlanResult {
  readonly stack: string;
  readonly ok: boolean;
  /** The step that failed, if any. */
  readonly failedStep?: 'init' | 'validate' | 'plan';
  readonly output: string;
  readonly toAdd: number;
  readonly toChange: number;
  readonly toDestroy: number;
  readonly seconds: number;
}

export interface OfflinePlanOptions {
  /** A cdktf output folder (with manifest.json and stacks/). */
  readonly synthDir: string;
  /** Scratch folder; it is emptied first. */
  readonly workDir: string;
  /** @default - every stack in the manifest */
  readonly stacks?: readonly string[];
  /** @default - the value of TERRAFORM_PROVIDER_MIRROR */
  readonly providerMirror?: string;
  /**
   * Folder where Terraform keeps provider packages for every stack and run;
   * `false` for none.
   * @default - TF_PLUGIN_CACHE_DIR when set; else none with a provider mirror
   * (init links each stack to the mirror's unpacked provider, faster than
   * copying 700 MB into a cache); else ~/.terraform.d/plugin-cache
   */
  readonly pluginCacheDir?: string | false;
  /** @default - defaultConcurrency() */
  readonly concurrency?: number;
  readonly terraformBinary?: string;
  readonly onResult?: (result: StackPlanResult) => void;
}

/**
 * Values for the product's required variables in offline plans only: a deploy
 * passes the real ones (docs/ecs.md). Visibly not real (a digest of zeros).
 */
export const OFFLINE_VARIABLE_VALUES: Readonly<Record<string, string>> = {
  [ENVOY_IMAGE_DIGEST_VARIABLE]: `sha256:${'0'.repeat(64)}`,
};

/**
 * The override file for one stack: a local backend, fake credentials, the
 * provider's skip_* flags so it never calls AWS while configuring, and a
 * default for each required variable it knows (an override may set a
 * variable's default; an unknown required variable still fails the plan).
 */
export function offlineOverride(stackJson: Record<string, any>): Record<string, any> {
  const provider: Record<string, unknown> = {
    access_key: 'AKIAOFFLINEPLAN00000',
    secret_key: 'offline-plan-not-a-secret',
    token: null,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    // allowed_account_ids needs the account id the skip flag stops it from asking for.
    allowed_account_ids: null,
  };
  const stack = SynthesizedStack.of(stackJson);
  if (stack.provider('aws')?.assume_role) {
    // An empty role_arn turns assume-role off (provider v5; Terraform still warns that role_arn is
    // missing, which is expected here); a nested block in an override replaces the original's.
    provider.assume_role = [{ role_arn: '' }];
  }
  const variables = Object.fromEntries(
    Object.entries(stack.variables as Record<string, Record<string, unknown>>)
      .filter(([name, variable]) => variable.default === undefined && name in OFFLINE_VARIABLE_VALUES)
      .map(([name]) => [name, { default: OFFLINE_VARIABLE_VALUES[name] }]),
  );
  return {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: { aws: provider },
    ...(Object.keys(variables).length > 0 ? { variable: variables } : {}),
  };
}

/** Terraform's version, or undefined when it is not installed. */
export async function terraformVersion(binary = 'terraform'): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['version', '-json'], process.cwd(), process.env);
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

export async function planStacksOffline(options: OfflinePlanOptions): Promise<StackPlanResult[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(options.synthDir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const stacks = options.stacks ?? Object.keys(manifest.stacks).sort();
  fs.rmSync(options.workDir, { recursive: true, force: true });
  fs.mkdirSync(options.workDir, { recursive: true });
  const mirror = options.providerMirror ?? process.env[PROVIDER_MIRROR_VARIABLE];
  const pluginCacheDir = resolvePluginCacheDir(options.pluginCacheDir, mirror);
  if (pluginCacheDir) fs.mkdirSync(pluginCacheDir, { recursive: true });
  const env = terraformEnvironment(options.workDir, pluginCacheDir, mirror);

  const results: StackPlanResult[] = [];
  const planOne = async (stack: string) => {
    const source = path.join(options.synthDir, manifest.stacks[stack].workingDirectory);
    const result = await planStack(stack, source, path.join(options.workDir, stack), env, options.terraformBinary ?? 'terraform');
    options.onResult?.(result);
    results.push(result);
  };
  // The first init fills an empty plugin cache; running it alone avoids
  // several processes unpacking the same provider into it at once.
  const [first, ...rest] = pluginCacheDir ? stacks : [];
  if (first) await planOne(first);
  await runWithConcurrency(pluginCacheDir ? rest : stacks, options.concurrency ?? defaultConcurrency(), planOne);
  return stacks.map((stack) => results.find((r) => r.stack === stack)!);
}

/**
 * Stacks planned at once: twice the cores, since Terraform, the provider and
 * their start-up wait on each other (on 2 cores 4 at once beat 2, see
 * docs/bench.md), but at most one per GiB of memory, as a plan of the AWS
 * provider holds up to about 0.5 GiB.
 */
export function defaultConcurrency(cores = os.cpus().length, memoryBytes = os.totalmem()): number {
  return Math.max(1, Math.min(2 * cores, Math.floor(memoryBytes / 1024 ** 3)));
}

export function resolvePluginCacheDir(option: string | false | undefined, mirror: string | undefined): string | undefined {
  if (option === false) return undefined;
  const dir = option ?? process.env.TF_PLUGIN_CACHE_DIR ?? (mirror ? undefined : path.join(os.homedir(), '.terraform.d', 'plugin-cache'));
  return dir ? path.resolve(dir) : undefined;
}

/** The environment of every Terraform process of the offline plans: no AWS credentials, the mirror or plugin cache. */
export function terraformEnvironment(workDir: string, pluginCacheDir: string | undefined, mirror: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    // No version check against checkpoint-api.hashicorp.com.
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'TF_WORKSPACE', 'TF_PLUGIN_CACHE_DIR']) delete env[name];
  if (pluginCacheDir) {
    env.TF_PLUGIN_CACHE_DIR = pluginCacheDir;
    // Terraform >= 1.4 reads the cache only for providers whose checksum a dependency lock file
    // already records, and the synthesized stacks have none: without this every init installs the
    // provider again (hashicorp/terraform#32129). The lock file written instead is thrown away.
    env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE = 'true';
  }
  if (mirror) {
    const mirrorPath = path.resolve(mirror);
    if (!fs.existsSync(mirrorPath)) throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror}: no such folder`);
    const cliConfig = path.join(workDir, 'terraform.rc');
    fs.writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        `  filesystem_mirror {`,
        `    path = ${JSON.stringify(mirrorPath)}`,
        '  }',
        '}',
        ...(pluginCacheDir ? [`plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`] : []),
        '',
      ].join('\n'),
    );
    env.TF_CLI_CONFIG_FILE = cliConfig;
  }
  return env;
}

/**
 * init, then plan. `terraform plan` validates the configuration first (the
 * same Core.Validate walk as `terraform validate`) and stops on any error, so
 * a separate validate, which would start the 700 MB AWS provider and load its
 * schema once more, runs only when the plan fails, to tell a configuration
 * error (validate) from a planning one (plan). See docs/bench.md.
 */
async function planStack(stack: string, sourceDir: string, dir: string, env: NodeJS.ProcessEnv, binary: string): Promise<StackPlanResult> {
  const started = Date.now();
  fs.cpSync(sourceDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
  const stackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'zz_offline_override.tf.json'), JSON.stringify(offlineOverride(stackJson), null, 2));
  const step = (args: string[]) => runStep(binary, args, dir, env);
  const failed = (failedStep: StackPlanResult['failedStep'], output: string): StackPlanResult => ({
    stack,
    ok: false,
    failedStep,
    output,
    toAdd: 0,
    toChange: 0,
    toDestroy: 0,
    seconds: elapsed(started),
  });

  const init = await step(['init', '-input=false', '-no-color']);
  if (!init.ok) return failed('init', init.output);
  const plan = await step(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=offline.tfplan']);
  if (!plan.ok) {
    const validate = await step(['validate', '-no-color']);
    return validate.ok ? failed('plan', init.output + validate.output + plan.output) : failed('validate', init.output + validate.output);
  }
  const counts = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plan.output);
  return {
    stack,
    ok: true,
    output: init.output + plan.output,
    toAdd: Number(counts?.[1] ?? 0),
    toChange: Number(counts?.[2] ?? 0),
    toDestroy: Number(counts?.[3] ?? 0),
    seconds: elapsed(started),
  };
}

async function runStep(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(binary, args, cwd, env);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (failure.stdout ?? '') + (failure.stderr ?? failure.message) };
  }
}

export function formatResult(result: StackPlanResult): string {
  const steps = ['init', 'validate', 'plan'].map((step) => {
    if (result.ok) return `${step} ok`;
    const order = ['init', 'validate', 'plan'];
    const failedAt = order.indexOf(result.failedStep!);
    const at = order.indexOf(step);
    return at < failedAt ? `${step} ok` : at === failedAt ? `${step} FAILED` : `${step} -`;
  });
  const summary = result.ok ? `${result.toAdd} to add` : 'see output';
  return `${result.stack.padEnd(24)} ${steps.join('  ')}  ${summary}  (${result.seconds.toFixed(1)} s)`;
}

function elapsed(started: number): number {
  return (Date.now() - started) / 1000;
}

/** Runs Terraform (or another binary) in `cwd`: resolves with its output, rejects with `stdout`, `stderr` and the exit `code` when it fails. */
export function run(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return runChecked({ program: binary, args, cwd, env });
}

async function runWithConcurrency<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await worker(item);
  });
  await Promise.all(lanes);
}
