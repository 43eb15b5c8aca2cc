import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderDeploySteps } from '../tools/deploy/render-deploy-steps';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from '../lib/core/command-line';

/**
 * `npm run deploy:steps -- <env>`: prints, as Markdown, the steps of
 * `npm run deploy -- <env>` in order, with their commands and what each waits
 * for. Synthesizes the environment into a temporary folder (cdktf.out is left alone).
 */
export function main(): number {
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

// Run as a command (node scripts/run-ts.cjs); imported by a test, it only exports main.
if (require.main === module) process.exitCode = main();
