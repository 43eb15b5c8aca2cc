import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeRunTempDir, leftBehindMessage, openRunTempDir, persistentCaches, RUN_TEMP_DIR_VARIABLE } from '../helpers/run-temp-dir';

const root = path.resolve(__dirname, '../..');

/**
 * The check that `npm test` leaves the system temp folder as it found it
 * (jest.config.js: globalSetup/globalTeardown over both projects).
 */
describe('the run temp folder', () => {
  let systemTemp: string;
  beforeEach(() => {
    systemTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'system-temp-'));
  });
  afterEach(() => fs.rmSync(systemTemp, { recursive: true, force: true }));

  test('GIVEN a run WHEN it opens THEN TMPDIR is a private folder under the system temp folder, reused by a second hook', () => {
    const env: NodeJS.ProcessEnv = {};
    const dir = openRunTempDir(env, systemTemp);
    expect(path.dirname(dir)).toBe(systemTemp);
    expect(env.TMPDIR).toBe(dir);
    expect(openRunTempDir(env, systemTemp)).toBe(dir);
    // A jest run started by a test (another process) gets a folder of its own.
    expect(openRunTempDir({ ...env }, dir, process.pid + 1)).not.toBe(dir);
    expect(fs.readdirSync(systemTemp).sort()).toEqual([path.basename(dir), ...persistentCaches()].sort());
    // The caches kept between runs are linked, used through the link, and kept.
    fs.writeFileSync(path.join(dir, persistentCaches()[0], 'cached'), '');
    const nested = fs.readdirSync(dir).filter((name) => name.startsWith('jest-run-'));
    fs.rmSync(path.join(dir, nested[0]), { recursive: true });
    expect(closeRunTempDir(env)).toEqual([]);
    expect(fs.readdirSync(path.join(systemTemp, persistentCaches()[0]))).toEqual(['cached']);
    expect(env[RUN_TEMP_DIR_VARIABLE]).toBeUndefined();
    expect(env.TMPDIR).toBe(systemTemp);
  });

  test('GIVEN a planted leak WHEN the run closes THEN it names what was left and removes it all the same', () => {
    const env: NodeJS.ProcessEnv = {};
    const dir = openRunTempDir(env, systemTemp);
    fs.mkdirSync(path.join(dir, 'secret-scan-abc123'));
    fs.writeFileSync(path.join(dir, 'cdktf.outdir.xyz'), '');
    const left = closeRunTempDir(env);
    expect(left).toEqual(['cdktf.outdir.xyz', 'secret-scan-abc123']);
    expect(fs.readdirSync(systemTemp).sort()).toEqual(persistentCaches().sort());
    expect(leftBehindMessage(left)).toMatch(/^the tests left 2 entries in the temporary folder .*\n {2}cdktf\.outdir\.xyz\n {2}secret-scan-abc123\n/);
  });

  test('GIVEN a jest run whose test leaks WHEN it ends THEN jest fails naming the leak, and the system temp folder is as it was', () => {
    // A real jest run with this repository's hooks: proves a throwing globalTeardown fails `npm test`.
    const project = path.join(systemTemp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'leak.test.js'),
      `const fs = require('fs'); const os = require('os'); const path = require('path');
test('leaks', () => { fs.mkdtempSync(path.join(os.tmpdir(), 'planted-leak-')); });\n`,
    );
    const config = {
      rootDir: project,
      cacheDirectory: path.join(project, '.jest-cache'),
      globalSetup: path.join(root, '__tests__/helpers/global-setup.ts'),
      globalTeardown: path.join(root, '__tests__/helpers/global-teardown.ts'),
      transform: { '^.+\\.ts$': [require.resolve('@swc/jest'), { jsc: { target: 'es2022' } }] },
      testEnvironment: 'node',
      watchman: false,
    };
    const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci'], {
      cwd: project,
      env: { ...process.env, TMPDIR: systemTemp, [RUN_TEMP_DIR_VARIABLE]: '' },
      encoding: 'utf8',
    });
    expect(result.stderr).toMatch(/the tests left 1 entry in the temporary folder[^\n]*\n {2}planted-leak-\w+\n/);
    expect(result.status).toBe(1);
    expect(fs.readdirSync(systemTemp).sort()).toEqual(['project', ...persistentCaches()].sort());
  });
});
