import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { applyPlan, DEFAULT_MAX_AGE_HOURS, rolloutCheck } from '../tools/deploy/apply-plan';
import { runCommandMain } from './support/command-main';
import { checkDeployGate } from '../tools/deploy/deploy-gate';
import { planKey } from '../tools/deploy/plan-crypto';
import { headCommit } from '../tools/stack-plan/plan-stack';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage: npm run apply:plan -- --dir DIR --environment ENV [--max-age-hours N] [--commit SHA] [--synth DIR] [--branch NAME [--reviewers required|optional]]
  Applies the approved plan in DIR (the deploy workflow's plan artifact: metadata.json,
  plan.tfplan.enc) after checking it is of ENV, of the checked-out commit, unchanged
  (sha256), made from this commit's synthesized cdk.tf.json, with this Terraform
  version, with its lock file, and at most N hours old; then the plan's lock file restored,
  terraform init -lockfile=readonly and terraform apply plan.tfplan,
  then the rollout checks of npm run deploy (services stable, on the task definitions applied).
  Any refusal ends in one line naming the action that works (docs/deploy.md, "What refuses").
options:
  --max-age-hours N  the oldest plan applied (default ${DEFAULT_MAX_AGE_HOURS})
  --commit SHA       the checked-out commit (default GITHUB_SHA, else git rev-parse HEAD)
  --synth DIR        the cdktf output folder of this checkout (default: synthesize ENV)
  --branch NAME      first ask GitHub: refuse unless the commit is still the tip of NAME
  --reviewers required  with --branch: refuse unless the GitHub environment ENV exists with
                     required reviewers (GitHub creates a missing one unprotected); default required
Environment: PLAN_ENCRYPTION_KEY, the key npm run plan:seal encrypted the plan with; with --branch,
GH_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL (default https://api.github.com).`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('apply:plan', {
    dir: { type: 'string' },
    environment: { type: 'string' },
    'max-age-hours': { type: 'string' },
    commit: { type: 'string' },
    synth: { type: 'string' },
    branch: { type: 'string' },
    reviewers: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.dir || !values.environment) throw new UserError(`give --dir DIR and --environment ENV\n${USAGE}`);
  const maxAge = values['max-age-hours'];
  if (maxAge !== undefined && !(/^\d+(\.\d+)?$/.test(maxAge) && Number(maxAge) > 0)) throw new UserError(`--max-age-hours: expected a positive number of hours, got ${JSON.stringify(maxAge)}`);
  const key = planKey(process.env);
  const root = path.resolve(__dirname, '..');
  const commit = values.commit ?? (process.env.GITHUB_SHA || headCommit(root));
  if (values.reviewers !== undefined && !values.branch) throw new UserError('--reviewers asks GitHub: give --branch NAME too');
  if (values.reviewers !== undefined && !['required', 'optional'].includes(values.reviewers))
    throw new UserError(`--reviewers: expected required or optional, got ${JSON.stringify(values.reviewers)}`);
  if (values.branch) {
    const { GH_TOKEN: token, GITHUB_REPOSITORY: repository } = process.env;
    if (!token) throw new UserError('GH_TOKEN is not set: the workflow passes github.token');
    if (!repository) throw new UserError('GITHUB_REPOSITORY is not set: expected owner/name');
    await checkDeployGate({ repository, token, apiUrl: process.env.GITHUB_API_URL, environment: values.environment, requireReviewers: values.reviewers !== 'optional', branch: values.branch, commit });
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-plan-'));
  try {
    let synthDir = values.synth;
    if (synthDir === undefined) {
      synthDir = path.join(scratch, 'cdktf.out');
      synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [values.environment]), synthDir, addEnvironmentStacks);
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const afterApply = rolloutCheck(root, synthDir, values.environment, { root, stdio: 'inherit' }, log);
    const metadata = await applyPlan({
      dir: path.resolve(values.dir),
      environment: values.environment,
      commit,
      synthDir,
      key,
      maxAgeHours: maxAge === undefined ? undefined : Number(maxAge),
      afterApply,
    });
    process.stderr.write(`${metadata.stack}: applied the approved plan of ${metadata.commit.slice(0, 7)}\n`);
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('apply:plan', main);
if (require.main === module) command();
