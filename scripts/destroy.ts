import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { reportFailure } from '../lib/synth/report-failure';
import { destroyEnvironment } from '../tools/deploy/destroy-environment';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage: npm run destroy -- <environment> [--auto-approve]
  --auto-approve   destroy without Terraform's prompt (a production environment still asks for its name typed out)
Destroys the platform stack; the state bucket (bootstrap stack) is kept (docs/deploy.md, "Teardown").`;

/** `npm run destroy -- <env>`: the platform stack destroyed, what is kept said first (tools/deploy/destroy-environment.ts). */
function main(): number {
  const { values, positionals } = parseCommandLine('destroy', { 'auto-approve': { type: 'boolean' }, help: { type: 'boolean' } }, { allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    destroyEnvironment({ environment: positionals[0], root: path.resolve(__dirname, '..'), autoApprove: values['auto-approve'] });
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`destroy: ${error.message}\n`);
      return 1;
    }
    reportFailure(error, 'destroy failed');
    return 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  process.exitCode = main();
};
if (require.main === module) command();
