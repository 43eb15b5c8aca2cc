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
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/**
 * Runs a script's exported `main` in this process, as `runScript` runs the
 * command (the same argv, environment and working directory; stdout and
 * stderr captured; process.exit ends the run with its code), without the
 * cost of a process that bundles the script and loads cdktf again. Every
 * script runs main only when it is the command (`require.main === module`),
 * and each command also keeps a test that runs it as a process.
 * `env` replaces process.env for the run; os.tmpdir() follows its TMPDIR.
 */
export async function runScriptInProcess(entry: string, args: readonly string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ScriptResult> {
  const file = path.resolve(options.cwd ?? root, entry);
  const { main } = require(file) as { main?: () => number | Promise<number> };
  if (typeof main !== 'function') throw new Error(`${entry} exports no main function`);
  const saved = { argv: process.argv, env: process.env, cwd: process.cwd() };
  let stdout = '';
  let stderr = '';
  const env = { ...(options.env ?? process.env) };
  const os = require('os') as typeof import('os');
  const systemTmpdir = os.tmpdir.bind(os);
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)),
    jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      throw new ExitCalled(Number(code ?? 0));
    }),
    // jest gives test code a copy of process.env; node's os module reads the real one.
    jest.spyOn(os, 'tmpdir').mockImplementation(() => env.TMPDIR || systemTmpdir()),
  ];
  process.argv = [process.execPath, file, ...args];
  process.env = env;
  if (options.cwd) process.chdir(options.cwd);
  try {
    return { status: await main(), stdout, stderr };
  } catch (error) {
    if (error instanceof ExitCalled) return { status: error.code, stdout, stderr };
    throw error;
  } finally {
    process.argv = saved.argv;
    process.env = saved.env;
    process.chdir(saved.cwd);
    for (const spy of spies) spy.mockRestore();
  }
}
