import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runScript, runScriptInProcess, type ScriptResult } from '../helpers/run-script';

/**
 * Every script under scripts/ refuses an unknown flag: one line on stderr and
 * a non-zero exit, before it does any work (no synth, no Terraform, no AWS
 * call), so a typo never runs the command with a default. New scripts are
 * picked up by listing the folder. Each TypeScript script is checked in this
 * process through its exported command (a process per script costs a second of
 * bundling and loading cdktf); the shell scripts, and the commands no other
 * test runs as a process, are checked as processes too.
 */
const root = path.resolve(__dirname, '../..');
const scripts = fs
  .readdirSync(path.join(root, 'scripts'))
  .filter((file) => /\.(ts|sh)$/.test(file))
  .sort();
const typescript = scripts.filter((script) => script.endsWith('.ts'));
const testFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? testFiles(path.join(dir, entry.name)) : /\.test\.ts$/.test(entry.name) ? [path.join(dir, entry.name)] : []));
const sources = testFiles(path.join(root, '__tests__'))
  .filter((file) => file !== __filename)
  .map((file) => fs.readFileSync(file, 'utf8'));
/** A test file other than this one runs the script as a process (through run-ts.cjs or runScript). */
const runAsProcessElsewhere = (script: string) => sources.some((source) => source.includes(script) && /runScript\(|run-ts\.cjs|'run-ts\.cjs'/.test(source));
/**
 * Checked as a process only: its command handles no rejection (`void main().then(…)`), and in this process
 * process.exit must throw to stop the command where a real exit would, which would leave that rejection unhandled.
 */
const NOT_IN_PROCESS = ['cost-refresh.ts'];
const inProcess = typescript.filter((script) => !NOT_IN_PROCESS.includes(script));
const processChecked = scripts.filter((script) => script.endsWith('.sh') || NOT_IN_PROCESS.includes(script) || !runAsProcessElsewhere(script));

const CHILD_PROCESS_FUNCTIONS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

/** A private temporary folder and cdktf output folder for `check`: both staying empty shows the flags were refused first. */
async function withPrivateFolders(check: (env: NodeJS.ProcessEnv) => Promise<ScriptResult> | ScriptResult): Promise<{ result: ScriptResult; left: string[] }> {
  // Every script that synthesizes, plans or generates starts with a scratch folder in the temporary directory, or
  // synthesizes into cdktf.out (CDKTF_OUTDIR).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'script-flags-'));
  try {
    const result = await check({ ...process.env, TMPDIR: tmp, CDKTF_OUTDIR: path.join(tmp, 'cdktf.out'), ENVIRONMENTS: '' });
    return { result, left: fs.readdirSync(tmp) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function expectRefused({ result, left }: { result: ScriptResult; left: string[] }): void {
  expect(result.status).not.toBe(0);
  expect(result.status).not.toBeNull();
  expect(result.stderr).toMatch(/^[^\n]*--no-such-flag[^\n]*\n$/);
  expect(result.stdout).toBe('');
  expect(left).toEqual([]);
}

describe('unknown flags', () => {
  test('the scripts folder has entry points', () => {
    expect(scripts).toEqual(expect.arrayContaining(['diff.ts', 'policy.ts', 'put-random-secret.sh']));
  });

  test.each(typescript)('scripts/%s exports its command and does nothing when imported (it runs only as the command)', (script) => {
    const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write'), jest.spyOn(process, 'exit').mockImplementation(() => undefined as never)];
    try {
      // This file's first require of the script, so its top level runs here, under the spies (the tests run in
      // order, these before any other test of this file loads a script); the modules scripts share load once.
      const { command } = require(path.join(root, 'scripts', script)) as { command?: unknown };
      expect(typeof command).toBe('function');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(process.exitCode).toBeUndefined();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  test.each(inProcess)('GIVEN scripts/%s --no-such-flag (in process) THEN one line on stderr and a non-zero exit, before any work', async (script) => {
    const started = CHILD_PROCESS_FUNCTIONS.map((name) => jest.spyOn(childProcess, name));
    try {
      expectRefused(await withPrivateFolders((env) => runScriptInProcess(path.join('scripts', script), ['--no-such-flag'], { env })));
      // No synth in a process of its own, no Terraform, no git.
      for (const spy of started) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of started) spy.mockRestore();
    }
  });

  test('every command is run as a process by some test: here when no other test does', () => {
    expect(processChecked).toEqual(expect.arrayContaining(scripts.filter((script) => script.endsWith('.sh'))));
    for (const script of typescript) expect(processChecked.includes(script) || runAsProcessElsewhere(script)).toBe(true);
  });

  test.each(processChecked)('GIVEN scripts/%s --no-such-flag (as a process) THEN one line on stderr and a non-zero exit, before any work', async (script) => {
    expectRefused(
      await withPrivateFolders((env) =>
        script.endsWith('.sh')
          ? (({ status, stdout, stderr }) => ({ status, stdout, stderr }))(childProcess.spawnSync('bash', [path.join('scripts', script), '--no-such-flag'], { cwd: root, encoding: 'utf8', env }))
          : runScript(path.join('scripts', script), ['--no-such-flag'], { env }),
      ),
    );
  });
});
