import * as fs from 'fs';
import { runCommandMain } from './support/command-main';
import { pullRequestNumber, upsertStickyComment } from '../tools/github-comment/sticky-comment';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage: npm run comment:sticky -- --file FILE --marker NAME
  Creates or updates the pull request's one comment starting with <!-- NAME --> with FILE's text.
  Environment: GH_TOKEN, GITHUB_REPOSITORY, PULL_REQUEST (else GITHUB_EVENT_PATH's pull_request.number),
  GITHUB_API_URL (default https://api.github.com).`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('comment:sticky', { file: { type: 'string' }, marker: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.file || !values.marker) throw new UserError(`give --file FILE and --marker NAME\n${USAGE}`);
  const { GH_TOKEN: token, GITHUB_REPOSITORY: repository } = process.env;
  if (!token) throw new UserError('GH_TOKEN is not set: the workflow passes github.token');
  if (!repository) throw new UserError('GITHUB_REPOSITORY is not set: expected owner/name');
  const result = await upsertStickyComment({
    repository,
    issue: pullRequestNumber(process.env, (file) => fs.readFileSync(file, 'utf8')),
    marker: values.marker,
    body: fs.readFileSync(values.file, 'utf8'),
    token,
    apiUrl: process.env.GITHUB_API_URL,
  });
  process.stdout.write(`comment ${result.id} ${result.action}${result.url ? `: ${result.url}` : ''}\n`);
  return 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('comment:sticky', main);
if (require.main === module) command();
