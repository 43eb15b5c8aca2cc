import * as path from 'path';
import { runSync, type ProcessResult } from './run-process';
import { UserError } from '../../lib/util/user-error';

/** One program run: what the deploy executes and what the steps print. */
export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  /** Variables set for this command only (printed in front of it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Its standard input is this command's output (printed `from | command`): a password never on a command line. */
  readonly stdinFrom?: Command;
  /** Its output, trimmed, is kept under this name (printed `NAME=$(command)`); a later argument `$NAME` is replaced by it. */
  readonly captureAs?: string;
}

/** Where and how the deploy runs its commands. */
export interface RunOptions {
  /** Project root: commands run here. */
  readonly root: string;
  /** Where program output goes: the terminal, or captured (tests). @default 'inherit' */
  readonly stdio?: 'inherit' | 'pipe';
  /** Environment of the commands (PATH finds terraform, aws, npm). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command (its `$NAME` arguments from `kept`; its output kept when it has captureAs); stops the deploy when it fails. */
export function runCommand(command: Command, options: RunOptions, kept: Record<string, string> = {}): void {
  const resolved = substitute(command, kept);
  const input = resolved.stdinFrom ? capture(resolved.stdinFrom, options) : undefined;
  if (resolved.captureAs) {
    kept[resolved.captureAs] = capture(resolved, options, input).trim();
    return;
  }
  // terraform init's output is read (and passed on) to recognize a backend changed under a kept .terraform/.
  const init = isTerraformInit(resolved);
  const stdio = options.stdio ?? 'inherit';
  const result = spawn(resolved, options, init ? 'pipe' : stdio, input);
  if (init && stdio === 'inherit') {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
  }
  if (result.status !== 0) throw (init ? backendChanged(resolved, result) : undefined) ?? failed(command, result);
}

function isTerraformInit(command: Command): boolean {
  return command.program === 'terraform' && command.args.filter((arg) => !arg.startsWith('-'))[0] === 'init';
}

/**
 * `terraform init` in a stack folder whose `.terraform/` recorded another backend configuration (synth keeps it:
 * lib/synth/terraform-working-files.ts) stops with "Backend configuration changed". When the backend only gained
 * `kms_key_id` (docs/state.md) the bucket and key are the same and `init -reconfigure` is safe, once; a changed
 * bucket or key needs `-migrate-state` instead. Says which command to run rather than running it.
 * https://developer.hashicorp.com/terraform/cli/commands/init#backend-initialization
 */
function backendChanged(command: Command, result: ProcessResult): UserError | undefined {
  if (!`${result.stdout ?? ''}${result.stderr ?? ''}`.includes('Backend configuration changed')) return undefined;
  const reconfigure: Command = { ...command, args: [...command.args, '-reconfigure'] };
  return new UserError(
    `${formatCommand(command)}: Backend configuration changed (the folder's .terraform/ recorded the backend as it was before). ` +
      `When only the state's KMS key changed (docs/state.md), run once: ${formatCommand(reconfigure)}, then run this command again; ` +
      `when state.bucket or the state key changed, move the state instead: ${formatCommand({ ...command, args: [...command.args, '-migrate-state'] })}`,
  );
}

/** `$NAME` arguments replaced by the output a command kept under NAME (never by the process environment). */
export function substitute(command: Command, kept: Readonly<Record<string, string>>): Command {
  const args = command.args.map((arg) =>
    arg.replace(/\$([A-Z_][A-Z0-9_]*)$/, (_, name: string) => {
      if (kept[name] === undefined) throw new UserError(`${formatCommand(command)}: no earlier step kept ${name}`);
      return kept[name];
    }),
  );
  return { ...command, args };
}

/** The command's output; stops the deploy when it fails. */
export function capture(command: Command, options: RunOptions, input?: string): string {
  const result = spawn(command, options, 'pipe', input);
  if (result.status !== 0) throw failed(command, result);
  return result.stdout;
}

/** The output, or undefined when the command fails (an image not in the cache). */
export function tryCapture(command: Command, options: RunOptions): string | undefined {
  const result = spawn(command, options, 'pipe');
  return result.status === 0 ? result.stdout : undefined;
}

/** Runs a command as given and returns its exit status and captured output (for a caller that reads the exit code itself). */
export function spawn(command: Command, options: RunOptions, stdio: 'inherit' | 'pipe', input?: string): ProcessResult {
  // Repository scripts are named relative to the project root.
  const program = command.program.startsWith('scripts/') ? path.join(options.root, command.program) : command.program;
  return runSync({ program, args: command.args, cwd: options.root, env: { ...(options.env ?? process.env), ...command.env }, ...(input === undefined ? {} : { input }) }, { stdio });
}

/** `<command> failed (exit N)` and its standard error, when captured. */
export function failed(command: Command, result: ProcessResult): UserError {
  return new UserError(`${formatCommand(command)} failed (${result.error?.message ?? `exit ${result.status}`})${result.stderr ? `:\n${result.stderr}` : ''}`);
}

/** A command as a shell line. */
export function formatCommand(command: Command): string {
  const env = Object.entries(command.env ?? {}).map(([name, value]) => `${name}=${quote(value)}`);
  const line = [...env, command.program, ...command.args.map(quote)].join(' ');
  const piped = command.stdinFrom ? `${formatCommand(command.stdinFrom)} | ${line}` : line;
  return command.captureAs ? `${command.captureAs}=$(${piped})` : piped;
}

function quote(word: string): string {
  if (/^[A-Za-z0-9_./:=@,+-]*\$[A-Z_][A-Z0-9_]*$/.test(word)) return `"${word}"`; // a kept output, expanded by the shell
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
