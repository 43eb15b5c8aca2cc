import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * One private temporary folder per jest run. The run's own processes (jest's
 * workers, and every script, Terraform and git they start) get it as TMPDIR,
 * so whatever a test or command leaves behind lands there, and other
 * processes of the machine writing to the system temp folder meanwhile cannot
 * make the check flaky. At the end the folder must be empty; it is removed
 * either way, so a run never leaves anything in the system temp folder.
 */
export const RUN_TEMP_DIR_VARIABLE = 'JEST_RUN_TMPDIR';

/**
 * Caches that tools keep in the system temp folder on purpose, between runs:
 * jest's transform cache (its default cacheDirectory, for the jest runs tests
 * start) and tsx's compile cache (the workflow validator). The run's folder
 * links to them, so they stay warm and are not counted as left behind.
 */
export function persistentCaches(uid = os.userInfo().uid): string[] {
  return [`jest_${uid.toString(36)}`, `tsx-${uid}`];
}

/**
 * Creates the run's folder under `systemTemp` and points TMPDIR at it; a
 * second call by the same jest process (the project hooks, then the run's)
 * reuses it. A jest run started by a test opens a folder of its own inside.
 */
export function openRunTempDir(env: NodeJS.ProcessEnv = process.env, systemTemp = os.tmpdir(), pid = process.pid): string {
  const open = env[RUN_TEMP_DIR_VARIABLE];
  if (open && env[`${RUN_TEMP_DIR_VARIABLE}_PID`] === String(pid) && fs.existsSync(open)) return open;
  const dir = fs.mkdtempSync(path.join(systemTemp, 'jest-run-'));
  for (const cache of persistentCaches()) {
    fs.mkdirSync(path.join(systemTemp, cache), { recursive: true });
    fs.symlinkSync(path.join(systemTemp, cache), path.join(dir, cache), 'dir');
  }
  env[RUN_TEMP_DIR_VARIABLE] = dir;
  env[`${RUN_TEMP_DIR_VARIABLE}_PID`] = String(pid);
  // os.tmpdir() reads TMPDIR on every call, in this process and every child started after this.
  env.TMPDIR = dir;
  return dir;
}

/**
 * Removes the run's folder (links to the caches only, never what they point
 * to) and returns what was left in it besides those links (entry names,
 * sorted), restoring TMPDIR to the system temp folder it was opened under.
 */
export function closeRunTempDir(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env[RUN_TEMP_DIR_VARIABLE];
  if (!dir) return [];
  const caches = new Set(persistentCaches());
  const isCacheLink = (name: string) => caches.has(name) && fs.lstatSync(path.join(dir, name)).isSymbolicLink();
  const left = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => !isCacheLink(name))
        .sort()
    : [];
  fs.rmSync(dir, { recursive: true, force: true });
  delete env[RUN_TEMP_DIR_VARIABLE];
  delete env[`${RUN_TEMP_DIR_VARIABLE}_PID`];
  env.TMPDIR = path.dirname(dir);
  return left;
}

/** The error for a run that left entries behind: each name, and what to do. */
export function leftBehindMessage(left: readonly string[]): string {
  return [
    `the tests left ${left.length} ${left.length === 1 ? 'entry' : 'entries'} in the temporary folder (removed now, but a test or command does not clean up after itself):`,
    ...left.map((name) => `  ${name}`),
    'every test and command must remove what it creates under os.tmpdir() (docs/bench.md, "Nothing left behind")',
  ].join('\n');
}
