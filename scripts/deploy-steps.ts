import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderDeploySteps } from '../tools/deploy/render-deploy-steps';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from './support/command-line';

/**
 * `npm run deploy:steps -- <env>`: prints, as Markdown, the steps of
 * `npm run deploy -- <env>` in order, with their commands and what each waits
 * for. Synthesizes the environment into a temporary folder (cdktf.out is left alone).
 */
function main(): number {
  const [environment, ...rest] = parseCommandLine('deploy:steps', {}, { allowPositionals: true }).positionals;
  if (!environment || rest.length > 0) {
    process.stderr.write('usage: npm run deploy:steps -- <environment>\n');
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-steps-'));
  try {
    process.stdout.write(renderDeploySteps(path.resolve(__dirname, '..'), environment, scratch, addEnvironmentStacks));
    return 0;
  } catch (error) {
    reportFailure(error, 'deploy:steps failed');
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  process.exitCode = main();
};
if (require.main === module) command();
