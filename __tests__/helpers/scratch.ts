import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type App, Testing } from 'cdktf';

/** The temporary folders made by the current test file (each jest test file has its own module registry). */
const made: string[] = [];

/**
 * A temporary folder for the current test file, removed after its tests
 * (jest-after-env.ts): a test that forgets its own cleanup, or fails before
 * it, leaves nothing behind (run-temp-dir.ts checks the whole run).
 */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder scratchDir made; registered once per test file by jest-after-env.ts. */
export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** cdktf's Testing.app(), whose output folder (otherwise a `cdktf.outdir.*` folder nobody removes) is a scratchDir. */
export function testingApp(): App {
  return Testing.app({ outdir: scratchDir('cdktf.outdir.') });
}
