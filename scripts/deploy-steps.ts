import { deploySteps, formatSteps } from '../tools/deploy/deploy-steps';
import { synthesizedEnvironmentCommand } from './support/environment-command';

/**
 * `npm run deploy:steps -- <env>`: prints, as Markdown, the steps of
 * `npm run deploy -- <env>` in order, with their commands and what each waits
 * for. Synthesizes the environment into a temporary folder (cdktf.out is left alone).
 */
// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = synthesizedEnvironmentCommand({ name: 'deploy:steps', usage: 'usage: npm run deploy:steps -- <environment>' }, ({ synthesized }) => {
  process.stdout.write(formatSteps(synthesized, deploySteps(synthesized)));
});
if (require.main === module) command();
