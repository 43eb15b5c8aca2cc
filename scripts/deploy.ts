import { deployEnvironment } from '../tools/deploy/deploy-environment';
import { environmentCommand } from './support/environment-command';

const USAGE = `usage: npm run deploy -- <environment> [--auto-approve] [--skip-bootstrap] [--no-generate] [--no-write-pin]
  --auto-approve     apply without asking (CI)
  --skip-bootstrap   the state bucket exists: start at the platform stack (every deploy after the first)
  --no-generate      do not generate missing TLS pairs and HMAC keys: stop and name them
  --no-write-pin     CI: leave environments/<environment>.yaml alone; when envoy.image names no digest,
                     stop before the platform apply with the line that pins it, to commit
The steps, with their commands: npm run deploy:steps -- <environment> (docs/deploy.md).`;

/** `npm run deploy -- <env>`: the enforced, ordered deploy of one environment (tools/deploy/deploy-steps.ts). */
// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = environmentCommand(
  {
    name: 'deploy',
    usage: USAGE,
    options: {
      'auto-approve': { type: 'boolean' },
      'skip-bootstrap': { type: 'boolean' },
      'no-generate': { type: 'boolean' },
      'no-write-pin': { type: 'boolean' },
    },
  },
  ({ environment, root, values }) => {
    deployEnvironment({
      environment,
      root,
      autoApprove: values['auto-approve'],
      skipBootstrap: values['skip-bootstrap'],
      generate: !values['no-generate'],
      writePin: !values['no-write-pin'],
    });
  },
);
if (require.main === module) command();
