import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { ENVOY_IMAGE_DIGEST_VARIABLE } from '../../lib/ecs/envoy-image';
import { checkAccount } from './deploy-environment';
import { PLACEHOLDER_DIGEST, synthCommand } from './deploy-steps';
import { formatCommand, runCommand, type Command, type RunOptions } from '../process/run-command';
import { readSynthesizedEnvironment, type SynthesizedEnvironment } from './synthesized-environment';
import { UserError } from '../../lib/util/user-error';

export interface DestroyOptions extends RunOptions {
  readonly environment: string;
  /** Destroy without Terraform's own prompt (CI). @default false */
  readonly autoApprove?: boolean;
  /** Reads one line the person types (the production confirmation). @default - standard input */
  readonly readLine?: () => string;
  /** Progress lines. @default process.stdout */
  readonly log?: (line: string) => void;
}

/** What a person must type before a production environment is destroyed. */
export function productionConfirmation(environment: string): string {
  return `destroy ${environment}`;
}

/**
 * `npm run destroy -- <env>`: the deploy in reverse. Synthesizes the environment, checks the account, says what is
 * kept and what may stop the destroy before anything is deleted, asks a production environment's name typed out,
 * then `terraform destroy` of the platform stack. The bootstrap stack (the state bucket with every state version,
 * and the lock table) is kept: `prevent_destroy` protects it, and it holds the history a rollback needs; removing it
 * is a separate, manual step (docs/deploy.md, "Teardown").
 */
export function destroyEnvironment(options: DestroyOptions): SynthesizedEnvironment {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const [config] = loadEnvironments(path.join(options.root, 'environments'), [options.environment]);
  const production = config.tier === 'production';
  const synth = synthCommand(options.environment);
  log(`==> 1. Synthesize ${options.environment}: ${formatCommand(synth)}`);
  runCommand(synth, options);
  const env = readSynthesizedEnvironment(options.root, 'cdktf.out', options.environment);
  log(`==> 2. Credentials of account ${env.accountId}`);
  checkAccount(env, options);
  log(`==> 3. What is kept, and what may stop the destroy`);
  for (const line of keptAndBlocking(env, production, config.state.locking === 'dynamodb' ? config.state.dynamodbTable : undefined)) log(`    ${line}`);
  if (production) {
    const expected = productionConfirmation(options.environment);
    log(`    ${options.environment} is production: type "${expected}" to go on`);
    const typed = (options.readLine ?? readStdinLine)().trim();
    if (typed !== expected) throw new UserError(`${options.environment} not destroyed: expected "${expected}", got ${JSON.stringify(typed)}`);
  }
  const commands = destroyCommands(env, options.autoApprove ?? false);
  log(`==> 4. Platform (${env.platformStack}): ${commands.map(formatCommand).join(' && ')}`);
  for (const command of commands) runCommand(command, options);
  log(`==> ${env.platformStack} destroyed; ${env.bootstrapStack} (the state bucket ${env.stateBucket}) kept`);
  return env;
}

/** `terraform init` and `destroy` of the platform stack; a destroy needs every variable set, and any digest does. */
export function destroyCommands(env: SynthesizedEnvironment, autoApprove: boolean): Command[] {
  const terraform = (...args: string[]): Command => ({ program: 'terraform', args: [`-chdir=${env.platformDir}`, ...args] });
  return [
    terraform('init', '-input=false'),
    terraform('destroy', '-input=false', ...(autoApprove ? ['-auto-approve'] : []), ...(env.digestVariable ? ['-var', `${ENVOY_IMAGE_DIGEST_VARIABLE}=${PLACEHOLDER_DIGEST}`] : [])),
  ];
}

/** Said before anything is deleted. */
export function keptAndBlocking(env: SynthesizedEnvironment, production: boolean, lockTable: string | undefined): string[] {
  return [
    `kept: the state bucket ${env.stateBucket} with every version of the state (${env.bootstrapStack} is not destroyed: prevent_destroy)${lockTable ? ` and the lock table ${lockTable}` : ''}`,
    'deleted with their events: the CloudWatch log groups of the services, flow logs, API Gateway and EKS; the log encryption key is scheduled for deletion (30 days, cancellable)',
    ...(production
      ? [
          'kept for 30 days: the secrets, scheduled for deletion (their names stay reserved; restore-secret undoes it)',
          'stops the destroy: load balancer deletion protection (apply with it off first), and a non-empty ALB access-log bucket or Envoy image cache repository (not force-deleted in production): empty them first',
        ]
      : ['deleted at once: the secrets (no recovery window), the ALB access-log bucket and the Envoy image cache with their contents']),
  ];
}

/** One line from standard input (the terminal), synchronously: the destroy is a sequence of blocking steps. */
function readStdinLine(): string {
  const buffer = Buffer.alloc(256);
  let text = '';
  for (;;) {
    let read = 0;
    try {
      read = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch {
      break;
    }
    if (read === 0) break;
    text += buffer.subarray(0, read).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0];
}
