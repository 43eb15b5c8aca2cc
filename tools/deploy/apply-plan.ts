import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { servicesStableCommands } from './deploy-steps';
import type { RunOptions } from '../process/run-command';
import { readSynthesizedEnvironment } from './synthesized-environment';
import { checkRollouts, waitServicesStable, type RolloutPolling } from './verify-deploy';
import { unsealPlanFile } from './plan-crypto';
import { FAILURE_FILE, METADATA_FILE, PLAN_FILE, sha256File, type PlanFailure, type PlanMetadata, LOCK_FILE, TERRAFORM_LOCK_FILE } from '../stack-plan/plan-stack';
import { UserError } from '../../lib/util/user-error';
import { runAsync } from '../process/run-process';

/**
 * Applies exactly the plan an approver saw (issue 17, item 2): the deploy
 * workflow's `plan` job made it (npm run plan:stack, sealed by npm run
 * plan:seal); after the environment's approval the `apply` job hands its
 * folder here. Before Terraform sees the file, each binding is checked:
 * the environment, the commit (the checked-out one, GITHUB_SHA), the plan
 * file's sha256, the sha256 of this commit's synthesized cdk.tf.json, the
 * Terraform version (a plan file applies only with the version that made it:
 * https://developer.hashicorp.com/terraform/cli/commands/plan#out-filename),
 * a real plan (never an offline one, never one with a placeholder variable)
 * and its age. Then the plan's dependency lock file is restored (LOCK_FILE in
 * plan-stack.ts: a saved plan applies only with the lock file it was made
 * with), `terraform init -lockfile=readonly` (exactly those providers, and the
 * backend of the stack) and `terraform apply plan.tfplan`: a saved plan applies without a
 * prompt and without a new plan (https://developer.hashicorp.com/terraform/cli/commands/apply#saved-plan-mode).
 * A plan whose state changed since is refused by Terraform itself ("Saved
 * plan is stale"); like every refusal here it ends in one line saying to run
 * the workflow again, which plans again and asks for a new approval.
 */

/** The default of --max-age-hours: an approval waiting longer than a day re-plans. */
export const DEFAULT_MAX_AGE_HOURS = 24;
/** What Terraform prints when the state changed after the plan was made (checked with Terraform 1.11: a plan of a state whose serial changed since). */
export const STALE_PLAN_MESSAGE = 'Saved plan is stale';
/**
 * The one action that recovers from a refusal. "Re-run failed jobs" re-runs the apply job alone,
 * which downloads the same refused plan; only a new run of the plan job plans again.
 */
export const REPLAN =
  're-run all jobs of the newest deploy workflow run (Actions › deploy › Re-run all jobs; "Re-run failed jobs" applies this same plan again): it plans again and asks for a new approval';

export interface ApplyPlanOptions {
  /** The plan folder (the downloaded artifact): metadata.json, plan.tfplan.enc. */
  readonly dir: string;
  /** The environment the job deploys: the plan must be of it. */
  readonly environment: string;
  /** The checked-out commit (GITHUB_SHA). */
  readonly commit: string;
  /** The cdktf output folder of this checkout (holding stacks/<stack>/cdk.tf.json). */
  readonly synthDir: string;
  /** PLAN_ENCRYPTION_KEY. */
  readonly key: string;
  /** @default DEFAULT_MAX_AGE_HOURS */
  readonly maxAgeHours?: number;
  /** @default - now */
  readonly now?: Date;
  readonly terraformBinary?: string;
  /** @default - the process environment */
  readonly env?: NodeJS.ProcessEnv;
  /** Where Terraform's output goes besides being read for the stale-plan message. @default process.stdout / stderr */
  readonly output?: (text: string) => void;
  readonly log?: (line: string) => void;
  /** Runs after a successful apply, with the initialized stack folder (e.g. rolloutCheck). */
  readonly afterApply?: (stackDir: string, metadata: PlanMetadata) => void | Promise<void>;
}

/** Runs a command, streaming its output, and returns its exit status and what it printed. */
async function stream(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, output: (text: string) => void): Promise<{ status: number; text: string }> {
  const result = await runAsync({ program: binary, args, cwd, env }, { onOutput: output });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, text: result.output };
}

/** The checks, in order; throws UserError at the first that fails. Returns the metadata of the plan. */
export function verifyPlan(options: Omit<ApplyPlanOptions, 'key'>): PlanMetadata {
  const { dir, environment, commit } = options;
  if (fs.existsSync(path.join(dir, FAILURE_FILE))) {
    const failure = JSON.parse(fs.readFileSync(path.join(dir, FAILURE_FILE), 'utf8')) as PlanFailure;
    throw new UserError(`${failure.stack}: the plan failed (terraform ${failure.step}) at ${failure.commit.slice(0, 7)}: nothing to apply; fix it and ${REPLAN}`);
  }
  const metadataFile = path.join(dir, METADATA_FILE);
  if (!fs.existsSync(metadataFile)) throw new UserError(`${metadataFile}: no such file: give the folder of the plan artifact; ${REPLAN}`);
  const metadata = JSON.parse(fs.readFileSync(metadataFile, 'utf8')) as PlanMetadata;
  const { stack } = metadata;
  if (metadata.environment !== environment) throw new UserError(`${stack}: the plan is of environment ${metadata.environment}, this job deploys ${environment}; ${REPLAN}`);
  if (metadata.offline) throw new UserError(`${stack}: an offline plan (local empty state, fake credentials) is never applied; ${REPLAN}`);
  if (metadata.placeholders.length > 0) throw new UserError(`${stack}: planned with placeholder values for ${metadata.placeholders.join(', ')}; ${REPLAN}`);
  if (metadata.commit !== commit) throw new UserError(`${stack}: the plan is of commit ${metadata.commit.slice(0, 7)}, this job checked out ${commit.slice(0, 7)}; ${REPLAN}`);
  const maxAgeHours = options.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS;
  const ageHours = ((options.now ?? new Date()).getTime() - Date.parse(metadata.createdAt)) / 3_600_000;
  if (!(ageHours <= maxAgeHours)) {
    throw new UserError(`${stack}: the plan is ${ageHours.toFixed(1)} hours old (made ${metadata.createdAt}), older than the ${maxAgeHours} hours allowed; ${REPLAN}`);
  }
  const lockFile = path.join(dir, LOCK_FILE);
  if (!metadata.lockFileSha256 || !fs.existsSync(lockFile)) {
    throw new UserError(`${stack}: the plan artifact carries no dependency lock file (${LOCK_FILE}), without which Terraform refuses the saved plan ("Inconsistent dependency lock file"); ${REPLAN}`);
  }
  const lock = sha256File(lockFile);
  if (lock !== metadata.lockFileSha256) {
    throw new UserError(`${stack}: ${LOCK_FILE} has sha256 ${lock.slice(0, 12)}…, the plan job recorded ${metadata.lockFileSha256.slice(0, 12)}…; ${REPLAN}`);
  }
  const configuration = path.join(options.synthDir, 'stacks', stack, 'cdk.tf.json');
  if (!fs.existsSync(configuration)) throw new UserError(`${stack}: this commit synthesizes no such stack (${configuration}); ${REPLAN}`);
  const synthesized = sha256File(configuration);
  if (synthesized !== metadata.configurationSha256) {
    throw new UserError(
      `${stack}: this commit synthesizes another cdk.tf.json (sha256 ${synthesized.slice(0, 12)}…) than the plan was made from (${metadata.configurationSha256.slice(0, 12)}…); ${REPLAN}`,
    );
  }
  return metadata;
}

export async function applyPlan(options: ApplyPlanOptions): Promise<PlanMetadata> {
  const metadata = verifyPlan(options);
  const { stack } = metadata;
  const binary = options.terraformBinary ?? 'terraform';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const output = options.output ?? ((text: string) => process.stdout.write(text));
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  if (env.TF_PLUGIN_CACHE_DIR) fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `apply-${stack}-`));
  try {
    const dir = path.join(scratch, stack);
    fs.cpSync(path.join(options.synthDir, 'stacks', stack), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
    const planFile = path.join(dir, PLAN_FILE);
    unsealPlanFile(options.dir, PLAN_FILE, options.key, planFile);
    const sha = sha256File(planFile);
    if (sha !== metadata.planSha256) {
      throw new UserError(`${stack}: plan.tfplan has sha256 ${sha.slice(0, 12)}…, the plan job recorded ${metadata.planSha256.slice(0, 12)}…; ${REPLAN}`);
    }
    const version = await stream(binary, ['version', '-json'], dir, env, () => undefined);
    const installed = version.status === 0 ? (JSON.parse(version.text) as { terraform_version?: string }).terraform_version : undefined;
    if (installed !== metadata.terraformVersion) {
      throw new UserError(`${stack}: the plan was made with Terraform ${metadata.terraformVersion}, this job has ${installed ?? 'none'}; ${REPLAN}`);
    }
    log(`${stack}: plan of ${metadata.commit.slice(0, 7)} made ${metadata.createdAt}, sha256 ${metadata.planSha256.slice(0, 16)}…: verified; applying it`);
    // The lock file the plan was made with, read only: a cold plugin cache would otherwise add the
    // registry's zh: hashes to it, and Terraform refuses a plan whose lock file differs.
    fs.copyFileSync(path.join(options.dir, LOCK_FILE), path.join(dir, TERRAFORM_LOCK_FILE));
    const init = await stream(binary, ['init', '-input=false', '-no-color', '-lockfile=readonly'], dir, env, output);
    if (init.status !== 0) throw new UserError(`${stack}: terraform init failed (exit ${init.status}): nothing was applied`);
    const apply = await stream(binary, ['apply', PLAN_FILE], dir, env, output);
    if (apply.status !== 0) {
      if (apply.text.includes(STALE_PLAN_MESSAGE)) throw new UserError(`${stack}: the state changed after the plan was made (Terraform: "${STALE_PLAN_MESSAGE}"): nothing was applied; ${REPLAN}`);
      throw new UserError(`${stack}: terraform apply failed (exit ${apply.status}): see its output above`);
    }
    await options.afterApply?.(dir, metadata);
    return metadata;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * After the approved apply of a platform stack, the rollout checks of `npm
 * run deploy` (tools/deploy/verify-deploy.ts), run by the same code: each ECS
 * service stable (`aws ecs wait services-stable`), then on the task
 * definition this apply set (read from the applied stack's output), not
 * rolled back by the deployment circuit breaker, a rollout still IN_PROGRESS
 * polled until COMPLETED or FAILED; a waiter that gave up still gets the
 * per-service diagnostics. A failure is an UserError
 * saying the plan was applied but a service did not roll out.
 */
export function rolloutCheck(
  root: string,
  synthDir: string,
  environment: string,
  options: RunOptions,
  log: (line: string) => void,
  polling?: RolloutPolling,
): NonNullable<ApplyPlanOptions['afterApply']> {
  return (stackDir, metadata) => {
    const synthesized = readSynthesizedEnvironment(root, path.relative(root, synthDir), environment);
    if (metadata.stack !== synthesized.platformStack || !synthesized.ecs) return;
    // The applied copy of the stack is the initialized one: `terraform output` reads its state there.
    const env = { ...synthesized, platformDir: stackDir };
    checkRollouts(env, options, log, waitServicesStable(servicesStableCommands(env), options), polling);
  };
}
