import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVOY_IMAGE_DIGEST_VARIABLE } from '../../lib/ecs/envoy-image';
import type { Progress } from '../../lib/synth/progress';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { deployedEnvoyDigest, unpinnedEnvoyRepositories } from './deployed-digest';
import { addonProblems, synthesizedAddons } from './addon-preflight';
import type { RunOptions } from '../process/run-command';
import { OFFLINE_VARIABLE_VALUES, offlineOverride, PROVIDER_MIRROR_VARIABLE, resolvePluginCacheDir, run, terraformEnvironment } from '../offline-plan/offline-plan';
import { UserError } from '../../lib/util/user-error';
import { runSync } from '../process/run-process';

/** One job of a plan matrix: the `plan` job of .github/workflows/pull-request.yml, and drift.yml's. */
export interface PlanMatrixEntry {
  readonly environment: string;
  readonly stack: string;
  /** account.planRoleArn: the read-only role the pull request's OIDC token assumes. */
  readonly 'plan-role': string;
  readonly region: string;
}

/**
 * Plans one synthesized stack into a plan file, as the `plan` job of a pull
 * request does: `terraform init` against the stack's real S3 backend, `plan
 * -lock=false -out` (read-only: a plan takes no state lock, so it never blocks
 * a deploy), `show -json` of the plan file for the comment, and a metadata file
 * that binds the plan to its commit and checksum (an apply of the approved
 * plan checks both). Offline, the override file of the offline plans swaps
 * the backend for a local one and the provider for fake credentials.
 *
 * The output folder holds exactly what the plan artifact is:
 * - `plan.tfplan`: the plan file (`terraform apply plan.tfplan` applies it)
 * - `plan.json`: `terraform show -json plan.tfplan`
 * - `plan.txt`: `terraform show -no-color plan.tfplan`, for people
 * - `terraform.lock.hcl`: the dependency lock file `terraform init` wrote for
 *   the plan, which the plan file records: the apply restores it (see
 *   {@link LOCK_FILE})
 * - `metadata.json`: {@link PlanMetadata}
 * - `failure.json` instead, when a step failed: {@link PlanFailure}
 *
 * With {@link PlanStackOptions.summary} (the drift check, and the pull-request
 * plans, which are never applied) the folder keeps a summary of the plan
 * instead of `plan.tfplan` and `plan.json`: both hold sensitive values in clear
 * text (https://developer.hashicorp.com/terraform/cli/commands/show#json-output),
 * and an artifact is readable by whoever can read the workflow runs.
 */

export const PLAN_FILE = 'plan.tfplan';
export const PLAN_JSON = 'plan.json';
export const PLAN_TEXT = 'plan.txt';
export const METADATA_FILE = 'metadata.json';
export const FAILURE_FILE = 'failure.json';
/**
 * The dependency lock file of the plan's working directory, as the plan
 * artifact carries it. A saved plan records the provider hashes of the lock
 * file it was made with, and `terraform apply` refuses it when the applying
 * directory's lock file differs ("Inconsistent dependency lock file"). Without
 * a committed lock file each job writes its own: the plan job on a cold plugin
 * cache records the registry's signed `zh:` hashes with `h1:`, the apply job on
 * a warm cache (TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE) `h1:` only, and
 * the first approved apply fails. The apply restores this file as
 * `.terraform.lock.hcl` and runs `terraform init -lockfile=readonly`, which
 * installs exactly these selections without adding hashes
 * (https://developer.hashicorp.com/terraform/cli/commands/init#general-options).
 * No leading dot: actions/upload-artifact leaves hidden files out (include-hidden-files).
 */
export const LOCK_FILE = 'terraform.lock.hcl';
/** The name Terraform reads the dependency lock file under (https://developer.hashicorp.com/terraform/language/files/dependency-lock). */
export const TERRAFORM_LOCK_FILE = '.terraform.lock.hcl';
/** What `npm run plan:stack -- --summary-only` keeps of a plan: the StackPlanSummary (tools/stack-plan/plan-summary.ts). */
export const SUMMARY_FILE = 'summary.json';

/** Environment variable with the Envoy image digest the platform plan uses (the deploy reads it from the pull through cache). */
export const PLAN_DIGEST_VARIABLE = 'ENVOY_IMAGE_DIGEST';

export type PlanStep = 'synth' | 'init' | 'state' | 'plan' | 'show';

export interface PlanMetadata {
  readonly environment: string;
  readonly stack: string;
  /** The commit the stack was synthesized from. */
  readonly commit: string;
  readonly planFile: typeof PLAN_FILE;
  /** sha256 of the plan file, hex. */
  readonly planSha256: string;
  /** sha256 of the plan's dependency lock file ({@link LOCK_FILE}), hex: the apply restores exactly it. */
  readonly lockFileSha256?: string;
  /** sha256 of the synthesized cdk.tf.json the plan was made from, hex. */
  readonly configurationSha256: string;
  /** ISO 8601 time the plan was made. */
  readonly createdAt: string;
  readonly terraformVersion: string;
  /** Planned offline: local empty state, fake credentials, no refresh. Never apply such a plan. */
  readonly offline: boolean;
  /** Variables given a visibly fake value because the real one was not available (see docs/review.md). */
  readonly placeholders: readonly string[];
  /** With `detailedExitCode`: the plan has changes (`terraform plan -detailed-exitcode` exited 2). */
  readonly changes?: boolean;
  /** Where the platform plan's `envoy_image_digest` came from: ENVOY_IMAGE_DIGEST, the deployed task definitions (state), or the placeholder. */
  readonly envoyImageDigestSource?: 'environment' | 'state' | 'placeholder';
}

export interface PlanFailure {
  readonly environment: string;
  readonly stack: string;
  readonly commit: string;
  readonly step: PlanStep;
  /** The last lines of the failed step's output. */
  readonly output: string;
}

export interface PlanStackOptions {
  readonly environment: string;
  readonly stack: string;
  /** The cdktf output folder holding `stacks/<stack>`. */
  readonly synthDir: string;
  /** Where the plan artifact is written (created; emptied first). */
  readonly outDir: string;
  readonly offline: boolean;
  readonly commit: string;
  /** Scratch folder for terraform's working directory. @default - a temporary folder, removed afterwards */
  readonly workDir?: string;
  readonly terraformBinary?: string;
  /** @default - the process environment */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - now */
  readonly now?: Date;
  /** `plan -detailed-exitcode` (the drift check): exit 2 means changes, recorded as `changes`, not a failure. @default false */
  readonly detailedExitCode?: boolean;
  /** Keep this summary instead of `plan.tfplan` and `plan.json`, which never reach the output folder. @default - keep the plan */
  readonly summary?: PlanSummaryOutput;
  /** Prints progress lines for `terraform init` and `plan` (each starts the provider: seconds each). @default - none */
  readonly progress?: Progress;
}

/** A summary kept instead of the plan file and its `show -json` (see the file comment). */
export interface PlanSummaryOutput {
  /** Written into the output folder as JSON, e.g. `drift.json` or `summary.json`. */
  readonly file: string;
  /**
   * Holds no value Terraform marks sensitive: the pull-request summary only addresses, actions,
   * attribute names and counts; the drift summary also the values of changed attributes, redacted
   * where sensitive (drift.ts), as plan.txt shows them.
   */
  readonly summarize: (plan: Record<string, any>, metadata: PlanMetadata) => unknown;
  /**
   * Keep `plan.txt` too. `terraform show` redacts the values marked sensitive
   * but prints every other one (user data, container definitions, policies):
   * keep it only where people read it (the drift issue points to it).
   */
  readonly keepText: boolean;
}

const OUTPUT_TAIL_LINES = 40;

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Writes `failure.json` for a step that failed and returns the error to throw. */
export function recordFailure(outDir: string, failure: Omit<PlanFailure, 'output'> & { output: string }): UserError {
  const record: PlanFailure = { ...failure, output: failure.output.trimEnd().split('\n').slice(-OUTPUT_TAIL_LINES).join('\n') };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, FAILURE_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return new UserError({ where: record.stack, message: `terraform ${record.step} failed at ${record.commit.slice(0, 7)}:\n${record.output}` });
}

/**
 * With credentials, the EKS add-on builds the stack pins are checked as `npm run deploy` checks them
 * (tools/deploy/addon-preflight.ts): a build EKS does not list would pass the plan and fail the apply after the
 * cluster was created. Recorded as a failure of the plan step, whose output is the add-on lines.
 */
function preflightAddons(environment: string, document: Record<string, any>, options: RunOptions, fail: (output: string) => Error): void {
  const stack = SynthesizedStack.of(document);
  const pinned = synthesizedAddons(stack);
  if (!pinned) return;
  let problems: string[];
  try {
    problems = addonProblems(environment, stack.provider('aws')?.region, pinned, options);
  } catch (error) {
    throw fail(`EKS add-on preflight, before terraform plan: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw fail(['EKS add-on preflight, before terraform plan: the apply would create the cluster, then fail CreateAddon:', ...problems].join('\n'));
}

/** Plans the stack; throws a UserError (after writing failure.json) when a step fails. */
export async function planStack(options: PlanStackOptions): Promise<PlanMetadata> {
  const { environment, stack, outDir, commit } = options;
  const binary = options.terraformBinary ?? 'terraform';
  const baseEnv = options.env ?? process.env;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const fail = (step: PlanStep, output: string) => recordFailure(outDir, { environment, stack, commit, step, output });

  const source = path.join(options.synthDir, 'stacks', stack);
  const configuration = path.join(source, 'cdk.tf.json');
  if (!fs.existsSync(configuration)) throw fail('synth', `${configuration}: no such stack in the synthesis`);
  const scratch = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
  const dir = path.join(scratch, stack);
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
    const document = JSON.parse(fs.readFileSync(configuration, 'utf8'));
    const placeholders: string[] = [];
    const planArgs = ['plan', '-input=false', '-lock=false', '-no-color', `-out=${PLAN_FILE}`];
    let env: NodeJS.ProcessEnv;
    if (options.offline) {
      fs.writeFileSync(path.join(dir, 'zz_offline_override.tf.json'), JSON.stringify(offlineOverride(document), null, 2));
      const mirror = baseEnv[PROVIDER_MIRROR_VARIABLE];
      env = terraformEnvironment(scratch, resolvePluginCacheDir(undefined, mirror), mirror);
      planArgs.push('-refresh=false');
    } else {
      env = { ...baseEnv, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
      // Terraform uses a plugin cache folder only when it exists (CI restores it with actions/cache),
      // and without a lock file only with this flag (hashicorp/terraform#32129, offline-plan.ts).
      if (env.TF_PLUGIN_CACHE_DIR) {
        fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
        env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE = 'true';
      }
    }
    if (options.detailedExitCode) planArgs.push('-detailed-exitcode');
    let changes = false;
    // `terraform state pull`: read-only, no lock; stdout only (an empty state prints nothing).
    const stateText = async (): Promise<string> => {
      try {
        return (await run(binary, ['state', 'pull'], dir, env)).stdout;
      } catch (error) {
        const failure = error as { stdout?: string; stderr?: string; message: string };
        throw fail('state', (failure.stdout ?? '') + (failure.stderr ?? failure.message));
      }
    };
    const step = async (name: PlanStep, args: string[]): Promise<string> => {
      const command = () =>
        run(binary, args, dir, env).catch((error: { code?: unknown; stdout?: string; stderr?: string }) => {
          // -detailed-exitcode: 0 no changes, 1 error, 2 changes (https://developer.hashicorp.com/terraform/cli/commands/plan#detailed-exitcode).
          if (name !== 'plan' || !options.detailedExitCode || error.code !== 2) throw error;
          changes = true;
          return { stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
        });
      try {
        // init and plan start the provider and take seconds each; the others are quick.
        const shown = options.progress && (name === 'init' || name === 'plan') ? options.progress : undefined;
        const { stdout, stderr } = await (shown ? shown.step(`terraform ${name}`, stack, command) : command());
        return stdout + stderr;
      } catch (error) {
        const failure = error as { stdout?: string; stderr?: string; message: string };
        throw fail(name, (failure.stdout ?? '') + (failure.stderr ?? failure.message));
      }
    };
    if (!options.offline) preflightAddons(environment, document, { root: dir, env: baseEnv, stdio: 'pipe' }, (problems) => fail('plan', problems));
    await step('init', ['init', '-input=false', '-lock=false', '-no-color']);
    let digestSource: PlanMetadata['envoyImageDigestSource'];
    const variable = SynthesizedStack.of(document).variables[ENVOY_IMAGE_DIGEST_VARIABLE] as { default?: unknown } | undefined;
    if (!options.offline && variable && variable.default === undefined) {
      // The deploy reads the digest from the pull through cache after warming it, which a read-only
      // plan cannot do. CI may pass one; else the one the stack runs today (its state), so the plan
      // shows what the pull request changes; else (a new environment) a visibly fake one, said in the comment.
      let digest = baseEnv[PLAN_DIGEST_VARIABLE];
      digestSource = 'environment';
      if (!digest) {
        const state = await stateText();
        try {
          digest = deployedEnvoyDigest(state, unpinnedEnvoyRepositories(document));
        } catch (error) {
          throw fail('state', `terraform state pull printed no readable state: ${(error as Error).message}`);
        }
        digestSource = 'state';
      }
      if (!digest) {
        digest = OFFLINE_VARIABLE_VALUES[ENVOY_IMAGE_DIGEST_VARIABLE];
        digestSource = 'placeholder';
        placeholders.push(ENVOY_IMAGE_DIGEST_VARIABLE);
      }
      planArgs.push(`-var=${ENVOY_IMAGE_DIGEST_VARIABLE}=${digest}`);
    }
    await step('plan', planArgs);
    const json = await step('show', ['show', '-json', PLAN_FILE]);
    const { summary } = options;
    // Each `show` starts the provider (seconds on a large stack): the text only where it is kept.
    const keepText = !summary || summary.keepText;
    const text = keepText ? await step('show', ['show', '-no-color', PLAN_FILE]) : undefined;
    const version = await step('show', ['version', '-json']);
    const lockFile = path.join(dir, TERRAFORM_LOCK_FILE);
    const locked = fs.existsSync(lockFile);
    if (!summary) {
      fs.copyFileSync(path.join(dir, PLAN_FILE), path.join(outDir, PLAN_FILE));
      fs.writeFileSync(path.join(outDir, PLAN_JSON), json);
      if (locked) fs.copyFileSync(lockFile, path.join(outDir, LOCK_FILE));
    }
    if (text !== undefined) fs.writeFileSync(path.join(outDir, PLAN_TEXT), text);
    const metadata: PlanMetadata = {
      environment,
      stack,
      commit,
      planFile: PLAN_FILE,
      planSha256: sha256File(path.join(dir, PLAN_FILE)),
      ...(locked ? { lockFileSha256: sha256File(lockFile) } : {}),
      configurationSha256: sha256File(configuration),
      createdAt: (options.now ?? new Date()).toISOString(),
      terraformVersion: (JSON.parse(version) as { terraform_version: string }).terraform_version,
      offline: options.offline,
      placeholders,
      ...(options.detailedExitCode ? { changes } : {}),
      ...(digestSource ? { envoyImageDigestSource: digestSource } : {}),
    };
    fs.writeFileSync(path.join(outDir, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
    if (summary) fs.writeFileSync(path.join(outDir, summary.file), `${JSON.stringify(summary.summarize(JSON.parse(json), metadata), null, 2)}\n`);
    return metadata;
  } finally {
    if (options.workDir === undefined) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The commit of a checkout (`git rev-parse HEAD`), or `unknown` outside git. */
export function headCommit(root: string): string {
  const result = runSync({ program: 'git', args: ['-C', root, 'rev-parse', 'HEAD'] });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}
