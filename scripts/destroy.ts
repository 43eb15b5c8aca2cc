import { destroyEnvironment } from '../tools/deploy/destroy-environment';
import { environmentCommand } from './support/environment-command';

const USAGE = `usage: npm run destroy -- <environment> [--auto-approve]
  --auto-approve   destroy without Terraform's prompt (a production environment still asks for its name typed out)
Destroys the platform stack; the state bucket (bootstrap stack) is kept (docs/deploy.md, "Teardown").`;

/** `npm run destroy -- <env>`: the platform stack destroyed, what is kept said first (tools/deploy/destroy-environment.ts). */
// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = environmentCommand({ name: 'destroy', usage: USAGE, options: { 'auto-approve': { type: 'boolean' } } }, ({ environment, root, values }) => {
  destroyEnvironment({ environment, root, autoApprove: values['auto-approve'] });
});
if (require.main === module) command();
