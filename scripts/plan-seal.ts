import * as fs from 'fs';
import { runCommandMain } from './support/command-main';
import { workflowRunUrl } from '../tools/github-comment/workflow-run';
import { renderPlanReport } from '../tools/pull-request/plan-comment';
import { planKey, sealPlanFolder } from '../tools/deploy/plan-crypto';
import { readPlanResults, planHasChanges } from '../tools/stack-plan/plan-summary';
import { renderPlannedValues } from '../tools/pull-request/plan-values';
import { PLAN_JSON } from '../tools/stack-plan/plan-stack';
import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage: npm run plan:seal --silent -- --dir DIR [--github-output FILE] >> "$GITHUB_STEP_SUMMARY"
  For the deploy workflow's plan job, after npm run plan:stack -- … --out DIR:
  prints what the approver sees (the plan summary of DIR, as the pull request's
  plan comment renders it, and the planned values, collapsed, sensitive ones redacted) on stdout, then encrypts DIR/plan.tfplan and
  DIR/plan.json into *.enc (AES-256-GCM) and removes the plain files, so the
  artifact holds no plain plan (docs/deploy.md, "Approved plans").
  --github-output FILE appends changes=true|false to FILE ($GITHUB_OUTPUT): a plan without
  changes asks for no approval and is not applied.
Environment: PLAN_ENCRYPTION_KEY (at least 32 characters; a GitHub secret).`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('plan:seal', { dir: { type: 'string' }, 'github-output': { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.dir) throw new UserError(`give --dir DIR\n${USAGE}`);
  // The key first: without it nothing is printed or changed.
  const key = planKey(process.env);
  const results = readPlanResults([values.dir]);
  if (results.length !== 1 || results[0].kind !== 'plan') throw new UserError(`${values.dir}: expected the folder of one successful npm run plan:stack`);
  const { metadata } = results[0].summary;
  const { report } = renderPlanReport(results, { commit: metadata.commit, runUrl: workflowRunUrl(process.env) });
  const approval = [
    `> **Approving the \`${metadata.environment}\` deployment applies exactly this plan** of \`${metadata.stack}\``,
    `> (commit \`${metadata.commit.slice(0, 7)}\`, plan file sha256 \`${metadata.planSha256.slice(0, 16)}…\`, made ${metadata.createdAt}).`,
    '> A plan whose state changed since, or older than the allowed age, is refused: re-run all jobs of the newest deploy run to plan and ask again.',
    '',
  ].join('\n');
  // The values, collapsed and redacted where sensitive, read before plan.json is encrypted.
  const planned = renderPlannedValues(JSON.parse(fs.readFileSync(path.join(values.dir, PLAN_JSON), 'utf8')), results[0].summary);
  const sealed = sealPlanFolder(values.dir, key);
  process.stdout.write(`${approval}\n${report}${planned ? `\n${planned}` : ''}`);
  process.stderr.write(`${metadata.stack}: sealed ${sealed.join(', ')}\n`);
  const changes = planHasChanges(results[0].summary);
  if (values['github-output']) fs.appendFileSync(values['github-output'], `changes=${changes}\n`);
  if (!changes) process.stdout.write('\n> **No changes**: nothing to approve or apply; the apply job is skipped.\n');
  return 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('plan:seal', main);
if (require.main === module) command();
