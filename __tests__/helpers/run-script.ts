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
