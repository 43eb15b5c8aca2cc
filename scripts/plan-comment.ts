import * as fs from 'fs';
import type { NotPlanned, PlanCostFile } from '../tools/pull-request/affected';
import type { PlanMatrixEntry } from '../tools/stack-plan/plan-stack';
import { runCommandMain } from './support/command-main';
import { workflowRunUrl } from '../tools/github-comment/workflow-run';
import { renderFailureComment, renderPlanReport } from '../tools/pull-request/plan-comment';
import { readPlanResults } from '../tools/stack-plan/plan-summary';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage:
  npm run plan:comment -- --plans DIR [--plans DIR...] --output FILE --commit SHA [--merge-commit SHA] [--report FILE] [--affected FILE] [--cost FILE]
      the plan comment from plan:stack folders (or folders of them)
  npm run plan:comment -- --failed-step NAME --commit SHA [--merge-commit SHA] --output FILE [--title TEXT]
      the comment saying which step failed at which commit
options:
  --commit SHA        the pull request's head commit: what the comment names
  --merge-commit SHA  the commit the run checked out and planned (github.sha: the merge of the head into the base)
  --output FILE       the comment, fitted to GitHub's limit
  --report FILE       the full report (the artifact)
  --affected FILE     npm run affected's --json: stacks expected to have a plan, stacks not planned
  --cost FILE         npm run affected's --cost: the monthly cost delta per environment and stack
  --title TEXT        the failure comment's heading (default: "## Terraform plans")`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('plan:comment', {
    plans: { type: 'string', multiple: true },
    output: { type: 'string' },
    report: { type: 'string' },
    commit: { type: 'string' },
    'merge-commit': { type: 'string' },
    affected: { type: 'string' },
    cost: { type: 'string' },
    'failed-step': { type: 'string' },
    title: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.output || !values.commit) throw new UserError(`give --output FILE and --commit SHA\n${USAGE}`);
  const runUrl = workflowRunUrl(process.env);
  if (values['failed-step'] !== undefined) {
    if (values.plans || values.report || values.affected || values.cost) throw new UserError(`--failed-step renders the failure comment only: no --plans, --report, --affected or --cost\n${USAGE}`);
    fs.writeFileSync(values.output, renderFailureComment({ step: values['failed-step'], commit: values.commit, mergeCommit: values['merge-commit'], runUrl, title: values.title }));
    return 0;
  }
  if (values.title !== undefined) throw new UserError(`--title goes with --failed-step\n${USAGE}`);
  const affected = values.affected ? (JSON.parse(fs.readFileSync(values.affected, 'utf8')) as { include: PlanMatrixEntry[]; notPlanned: NotPlanned[] }) : undefined;
  const cost = values.cost ? (JSON.parse(fs.readFileSync(values.cost, 'utf8')) as PlanCostFile) : undefined;
  const { report, comment } = renderPlanReport(readPlanResults(values.plans ?? []), { commit: values.commit, mergeCommit: values['merge-commit'], affected, runUrl, cost });
  fs.writeFileSync(values.output, comment);
  if (values.report) fs.writeFileSync(values.report, report);
  process.stdout.write(`plan comment: ${comment.length} characters${comment.length < report.length ? ` (report ${report.length}, detail left out)` : ''}\n`);
  return 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('plan:comment', main);
if (require.main === module) command();
