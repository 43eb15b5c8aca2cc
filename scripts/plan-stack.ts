import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { runCommandMain } from './support/command-main';
import { DRIFT_FILE, hasDrift, summarizeDrift, type DriftSummary } from '../tools/deploy/drift';
import { digestFromCache } from '../tools/deploy/plan-digest';
import { headCommit, PLAN_DIGEST_VARIABLE, planStack, recordFailure, SUMMARY_FILE, type PlanSummaryOutput } from '../tools/stack-plan/plan-stack';
import { summarizePlan } from '../tools/stack-plan/plan-summary';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';
import { Progress } from '../lib/synth/progress';

const USAGE = `usage: npm run plan:stack -- <environment> <stack> --out DIR [--offline] [--commit SHA] [--synth DIR] [--digest-from-cache] [--detailed-exitcode | --summary-only]
  Synthesizes <environment> (or reads the cdktf output folder --synth DIR), then
  terraform init against the stack's real backend (read-only), plan -lock=false -out,
  show -json, and writes DIR/{plan.tfplan,plan.json,plan.txt,metadata.json}
  (DIR/failure.json when a step fails, exit 1).
options:
  --offline      the offline plans' override: local empty state, fake credentials, no refresh
  --commit SHA   the commit recorded in metadata.json (default: git rev-parse HEAD)
  --digest-from-cache   envoy_image_digest: the digest ECR's pull through cache holds for the
                 Envoy image's tag, as npm run deploy reads it (aws ecr describe-images; read only)
  --detailed-exitcode   the drift check: plan -detailed-exitcode; writes DIR/drift.json (the drift
                 summary: changes and drift relevant to the plan, values redacted where sensitive) instead
                 of plan.tfplan and plan.json (sensitive values), exits 2 on changes or relevant drift
  --summary-only        a plan that is never applied (pull requests): writes DIR/summary.json (what the
                 comment shows: addresses, actions, attribute names, counts) and metadata.json only;
                 no plan.tfplan, plan.json or plan.txt (plan.txt prints every value not marked sensitive)
ENVOY_IMAGE_DIGEST=sha256:… gives the platform stack's envoy_image_digest; else (--digest-from-cache) the pull
through cache's; else the digest its task definitions run today (terraform state pull, read-only); else (empty
state) a placeholder, said in the comment.`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    'plan:stack',
    {
      out: { type: 'string' },
      offline: { type: 'boolean', default: false },
      commit: { type: 'string' },
      synth: { type: 'string' },
      'digest-from-cache': { type: 'boolean', default: false },
      'detailed-exitcode': { type: 'boolean', default: false },
      'summary-only': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
    { allowPositionals: true },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [environment, stack, ...extra] = positionals;
  if (!environment || !stack || extra.length > 0 || !values.out) throw new UserError(`give <environment> <stack> and --out DIR\n${USAGE}`);
  if (values['detailed-exitcode'] && values['summary-only']) throw new UserError('give --detailed-exitcode or --summary-only, not both');
  if (!stack.startsWith(`${environment}-`)) throw new UserError(`${stack} is not a stack of ${environment} (stacks are named <environment>-<layer>)`);
  const root = path.resolve(__dirname, '..');
  const outDir = path.resolve(values.out);
  const commit = values.commit ?? headCommit(root);
  const progress = new Progress('plan:stack');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-stack-'));
  try {
    let synthDir = values.synth;
    if (synthDir === undefined) {
      const into = path.join(scratch, 'cdktf.out');
      synthDir = into;
      try {
        progress.step('synthesizing', environment, () => synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [environment]), into, addEnvironmentStacks));
      } catch (error) {
        throw recordFailure(outDir, { environment, stack, commit, step: 'synth', output: (error as Error).message });
      }
    }
    let env = process.env;
    if (values['digest-from-cache'] && !values.offline && !env[PLAN_DIGEST_VARIABLE]) {
      const digest = digestFromCache(root, synthDir, environment, env);
      if (digest) env = { ...env, [PLAN_DIGEST_VARIABLE]: digest };
    }
    const started = Date.now();
    const detailed = values['detailed-exitcode'];
    // Neither a drift check nor a pull request's plan is ever applied: they keep a summary, not
    // the plan file and its show -json, which hold sensitive values in clear text.
    let drift: DriftSummary | undefined;
    let summary: PlanSummaryOutput | undefined;
    if (detailed) summary = { file: DRIFT_FILE, summarize: (plan, metadata) => (drift = summarizeDrift(plan, metadata)), keepText: true };
    else if (values['summary-only']) summary = { file: SUMMARY_FILE, summarize: summarizePlan, keepText: false };
    const metadata = await planStack({
      environment,
      stack,
      synthDir,
      outDir,
      offline: values.offline,
      commit,
      env,
      workDir: path.join(scratch, 'work'),
      detailedExitCode: detailed,
      summary,
      progress,
    });
    process.stdout.write(
      `${stack}: planned${metadata.offline ? ' offline' : ''} at ${commit.slice(0, 7)} into ${path.relative(process.cwd(), outDir) || '.'} (sha256 ${metadata.planSha256.slice(0, 16)}…, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    if (!drift) return 0;
    // Terraform's exit code counts drift that does not matter (ignore_changes): the summary decides.
    const ignored = drift.ignored.length > 0 ? ` (${drift.ignored.length} changed outside Terraform in attributes the plan ignores: not drift)` : '';
    const drifting = hasDrift(drift);
    process.stdout.write(`${stack}: ${drifting ? `drift: ${drift.drifted.length} changed outside Terraform, ${drift.changes.length} to change (exit 2)` : 'no drift'}${ignored}\n`);
    return drifting ? 2 : 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('plan:stack', main);
if (require.main === module) command();
