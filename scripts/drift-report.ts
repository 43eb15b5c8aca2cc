import * as fs from 'fs';
import type { PlanMatrixEntry } from '../tools/stack-plan/plan-stack';
import { runCommandMain } from './support/command-main';
import { workflowRunUrl } from '../tools/github-comment/workflow-run';
import { driftEnvironments, readDriftResults, renderDriftIssue, upsertDriftIssue } from '../tools/deploy/drift';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage: npm run drift:report -- --results DIR --stacks FILE --commit SHA
  For each environment of FILE (npm run affected -- --all --json FILE), reads its stacks'
  drift checks from DIR/<stack>/ (npm run plan:stack -- … --detailed-exitcode: drift.json, or
  failure.json; nothing when the job died) and opens, updates, reopens or closes the
  environment's one issue labelled "drift". Prints one line per environment.
Environment: GH_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL (default https://api.github.com).`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('drift:report', { results: { type: 'string' }, stacks: { type: 'string' }, commit: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.results || !values.stacks || !values.commit) throw new UserError(`give --results DIR, --stacks FILE and --commit SHA\n${USAGE}`);
  const { GH_TOKEN: token, GITHUB_REPOSITORY: repository } = process.env;
  if (!token) throw new UserError('GH_TOKEN is not set: the workflow passes github.token');
  if (!repository) throw new UserError('GITHUB_REPOSITORY is not set: expected owner/name');
  const { include } = JSON.parse(fs.readFileSync(values.stacks, 'utf8')) as { include: PlanMatrixEntry[] };
  const runUrl = workflowRunUrl(process.env);
  for (const [environment, stacks] of driftEnvironments(include)) {
    const content = renderDriftIssue(environment, readDriftResults(values.results, stacks), { commit: values.commit, runUrl });
    const result = await upsertDriftIssue({ repository, content, token, apiUrl: process.env.GITHUB_API_URL });
    process.stdout.write(
      `${environment}: ${content.state === 'open' ? 'drift or a failed check' : 'no drift'}: issue ${result.number === undefined ? '(none)' : `#${result.number}`} ${result.action}\n`,
    );
  }
  return 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('drift:report', main);
if (require.main === module) command();
