import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';
import { runCommandMain } from './support/command-main';

/**
 * `npm run deploy-role --silent -- <env>`: the role CI assumes through
 * GitHub's OIDC token to deploy one environment, and the region to ask STS
 * in, as `name=value` lines for $GITHUB_OUTPUT. The environment file stays
 * the only place that names them (docs/credentials.md).
 */
export function deployRoleOutputs(config: EnvironmentConfig, role: 'deploy' | 'plan' = 'deploy'): string {
  if (role === 'plan') {
    // The deploy workflow's plan job: read-only, so it needs no approval (docs/deploy.md, "Approved plans").
    if (!config.account.planRoleArn) {
      throw new UserError(`${config.sourceFile}: account.planRoleArn: expected the read-only role the deploy workflow plans ${config.name} with, got nothing`);
    }
    return `role-arn=${config.account.planRoleArn}\nregion=${config.account.region}\n`;
  }
  if (!config.account.deployRoleArn) {
    throw new UserError(`${config.sourceFile}: account.deployRoleArn: expected the role GitHub's OIDC token assumes to deploy ${config.name}, got nothing`);
  }
  return `role-arn=${config.account.deployRoleArn}\nregion=${config.account.region}\n`;
}

function main(): number {
  const { values, positionals } = parseCommandLine('deploy-role', { plan: { type: 'boolean', default: false } }, { allowPositionals: true });
  const [name, ...rest] = positionals;
  if (!name || rest.length > 0) {
    process.stderr.write('usage: npm run deploy-role --silent -- <environment> [--plan]\n  --plan  the read-only plan role (account.planRoleArn) instead of the deploy role\n');
    return 2;
  }
  try {
    const [config] = loadEnvironments(path.resolve(__dirname, '..', 'environments'), [name]);
    process.stdout.write(deployRoleOutputs(config, values.plan ? 'plan' : 'deploy'));
    return 0;
  } catch (error) {
    reportFailure(error, 'deploy-role failed');
    return 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('deploy-role', main);
if (require.main === module) command();
