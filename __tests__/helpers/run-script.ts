import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const runner = path.join(root, 'scripts', 'run-ts.cjs');

export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript entry point as `npm run synth`, the other npm scripts and
 * cdktf.json run it (`node scripts/run-ts.cjs <entry> [args]`), in its own
 * process. `entry` is relative to `cwd` (default: the repository).
 */
export function runScript(entry: string, args: readonly string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ScriptResult {
  const result = spawnSync(process.execPath, [runner, entry, ...args], { cwd: options.cwd ?? root, env: options.env ?? process.env, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * stderr without the timings of progress lines (lib/synth/progress.ts), so a
 * test can pin the lines: `policy: synthesizing into cdktf.out: 4.2 s` reads
 * `policy: synthesizing into cdktf.out: … s`.
 */
export function withoutTimings(stderr: string): string {
  return stderr.replace(/: \d+\.\d s$/gm, ': … s');
}

/** process.exit called by a script run in process: it ends the run, not the jest worker. */
class ExitCalled extends Error {
  constructor(readonly status: number) {
    super(`process.exit(${status})`);
  }
}

/**
 * Runs a script's exported `command` (what its file runs as the command,
 * `require.main === module`) in this process, as `runScript` runs it as a
 * process: the same argv, environment and working directory, stdout and
 * stderr captured, the exit code the command sets (process.exitCode, or
 * process.exit, which ends the run there: what it would have written after
 * is dropped), without the second or so a process costs to bundle the script
 * and load cdktf again. Each command also keeps a test that runs it as a
 * process (script-flags.test.ts checks that). `env` replaces process.env for
 * the run; os.tmpdir() follows its TMPDIR.
 */
export async function runScriptInProcess(entry: string, args: readonly string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ScriptResult> {
  const file = path.resolve(options.cwd ?? root, entry);
  const { command } = require(file) as { command?: () => void };
  if (typeof command !== 'function') throw new Error(`${entry} exports no command function`);
  const saved = { argv: process.argv, env: process.env, cwd: process.cwd(), exitCode: Object.getOwnPropertyDescriptor(process, 'exitCode') };
  let stdout = '';
  let stderr = '';
  let exited = false;
  let settle!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (settle = resolve));
  const env = { ...(options.env ?? process.env) };
  const os = require('os') as typeof import('os');
  const systemTmpdir = os.tmpdir.bind(os);
  /** A write of the command, kept unless it came after process.exit. */
  const capture = (write: (text: string) => void) => (chunk: string | Uint8Array) => {
    if (!exited) write(chunk.toString());
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture((text) => (stdout += text))),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture((text) => (stderr += text))),
    jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      if (!exited) settle(Number(code ?? 0));
      exited = true;
      throw new ExitCalled(Number(code ?? 0));
    }),
    // jest gives test code a copy of process.env; node's os module reads the real one.
    jest.spyOn(os, 'tmpdir').mockImplementation(() => env.TMPDIR || systemTmpdir()),
  ];
  // The command's result: the first exit code it sets.
  Object.defineProperty(process, 'exitCode', { configurable: true, get: () => undefined, set: (code?: number) => settle(Number(code ?? 0)) });
  process.argv = [process.execPath, file, ...args];
  process.env = env;
  if (options.cwd) process.chdir(options.cwd);
  try {
    try {
      command();
    } catch (error) {
      if (!(error instanceof ExitCalled)) throw error;
    }
    return { status: await finished, stdout, stderr };
  } finally {
    process.argv = saved.argv;
    process.env = saved.env;
    process.chdir(saved.cwd);
    if (saved.exitCode) Object.defineProperty(process, 'exitCode', saved.exitCode);
    else delete (process as { exitCode?: number }).exitCode;
    for (const spy of spies) spy.mockRestore();
  }
}
