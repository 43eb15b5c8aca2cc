import { spawnSync } from 'child_process';
import * as path from 'path';
import { callerAccountCommand, deploySteps, formatCommand, listVersionsCommand, synthCommand, type Command, type DeployStep, type StepOptions } from './deploy-steps';
import { readSynthesizedEnvironment, type SynthesizedEnvironment } from './synthesized-environment';

/** A deploy stopped on purpose: the message says what to do; no stack trace. */
export class DeployRefused extends Error {
  override readonly name = 'DeployRefused';
}

export interface DeployOptions extends StepOptions {
  readonly environment: string;
  /** Project root: commands run here. */
  readonly root: string;
  /** Generate missing TLS pairs and HMAC keys. @default true */
  readonly generate?: boolean;
  /** Where program output goes: the terminal, or captured (tests). @default 'inherit' */
  readonly stdio?: 'inherit' | 'pipe';
  /** Environment of the commands (PATH finds terraform, aws, npm). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines. @default process.stdout */
  readonly log?: (line: string) => void;
}

/**
 * `npm run deploy -- <env>`: runs `deploySteps` in order and stops at the
 * first failure. The secret step checks each proxy secret for an AWSCURRENT
 * version with the aws CLI (ids and stages only; no value is read), generates
 * the ones any value will do for, and refuses with one line per secret a
 * person must fill, so the platform apply never starts tasks on an empty
 * secret.
 */
export function deployEnvironment(options: DeployOptions): SynthesizedEnvironment {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const run = (command: Command) => runCommand(command, options);
  const synth = synthCommand(options.environment);
  log(`==> 1. Synthesize ${options.environment}: ${formatCommand(synth)}`);
  run(synth);
  const env = readSynthesizedEnvironment(options.root, 'cdktf.out', options.environment);
  const steps = deploySteps(env, options);
  steps.slice(1).forEach((step, index) => {
    log(`==> ${index + 2}. ${step.title}`);
    if (step.account) checkAccount(env, options);
    else if (step.secrets) checkSecrets(env, step, options, log);
    else for (const command of step.commands) run(command);
  });
  log(`==> ${options.environment} deployed`);
  return env;
}

/** The aws CLI must act in the environment's account: it puts secrets there, and Terraform's provider refuses any other. */
function checkAccount(env: SynthesizedEnvironment, options: DeployOptions): void {
  const account = capture(callerAccountCommand(env.region), options).trim();
  if (account !== env.accountId) {
    throw new DeployRefused(
      `the aws CLI's credentials are account ${account}'s, but ${env.environment} is account ${env.accountId}: use a profile of that account (AWS_PROFILE=…)`,
    );
  }
}

function checkSecrets(env: SynthesizedEnvironment, step: DeployStep, options: DeployOptions, log: (line: string) => void): void {  const missing: string[] = [];
  for (const fill of step.secrets ?? []) {
    const { name } = fill.secret;
    if (hasCurrentVersion(env, name, options)) {
      log(`    ${name}: has a value`);
    } else if (fill.generate && options.generate !== false) {
      log(`    ${name}: empty, generating: ${fill.command}`);
      runCommand(fill.generate, options);
      if (!hasCurrentVersion(env, name, options)) throw new DeployRefused(`${name}: still no AWSCURRENT version after ${fill.command}`);
    } else {
      missing.push(`${name}: no value (no AWSCURRENT version); fill it with: ${fill.command}`);
    }
  }
  if (missing.length > 0) {
    throw new DeployRefused(
      [`${env.platformStack} not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.`, ...missing, `then run npm run deploy -- ${env.environment} again.`].join('\n'),
    );
  }
}

function hasCurrentVersion(env: SynthesizedEnvironment, secretName: string, options: DeployOptions): boolean {
  const output = capture(listVersionsCommand(secretName, env.region), options);
  let versions: { VersionStages?: string[] }[];
  try {
    versions = JSON.parse(output).Versions ?? [];
  } catch {
    throw new DeployRefused(`aws secretsmanager list-secret-version-ids --secret-id ${secretName}: expected JSON, got ${JSON.stringify(output.slice(0, 200))}`);
  }
  return versions.some((version) => (version.VersionStages ?? []).includes('AWSCURRENT'));
}

function runCommand(command: Command, options: DeployOptions): void {
  const result = spawn(command, options, options.stdio ?? 'inherit');
  if (result.status !== 0) throw new DeployRefused(`${formatCommand(command)} failed (${result.error?.message ?? `exit ${result.status}`})${result.stderr ? `:\n${result.stderr}` : ''}`);
}

function capture(command: Command, options: DeployOptions): string {
  const result = spawn(command, options, 'pipe');
  if (result.status !== 0) throw new DeployRefused(`${formatCommand(command)} failed (${result.error?.message ?? `exit ${result.status}`})${result.stderr ? `:\n${result.stderr}` : ''}`);
  return result.stdout;
}

function spawn(command: Command, options: DeployOptions, stdio: 'inherit' | 'pipe') {
  // Repository scripts are named relative to the project root.
  const program = command.program.startsWith('scripts/') ? path.join(options.root, command.program) : command.program;
  return spawnSync(program, [...command.args], {
    cwd: options.root,
    env: { ...(options.env ?? process.env), ...command.env },
    stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
}
