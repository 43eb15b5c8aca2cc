import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthEnvironment } from '../helpers/environment-fixture';
import { EXAMPLE_SYNTH_FOLDER, exampleStacks, exampleSynth, exampleSynthCopy, exampleSynthReports, removeExampleSynths, takeLock } from '../helpers/example-synth';
import { RUN_TEMP_DIR_VARIABLE } from '../helpers/run-temp-dir';
import { scratchDir } from '../helpers/scratch';

/** The run's shared synthesis of the example environments (__tests__/helpers/example-synth.ts). */
describe('exampleSynth', () => {
  test('GIVEN one set asked for twice, in any order THEN one synthesis in the run folder, with its stacks, its policy results, and copies apart from it', () => {
    const first = exampleSynth(['prod', 'dev']);
    expect(exampleSynth(['dev', 'prod'])).toEqual(first);
    expect(path.relative(process.env[RUN_TEMP_DIR_VARIABLE]!, first.outdir)).toBe(path.join(EXAMPLE_SYNTH_FOLDER, 'dev+prod', 'cdktf.out'));
    const manifest = JSON.parse(fs.readFileSync(path.join(first.outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform']);
    expect(
      exampleSynthReports(['dev', 'prod'])
        .map((report) => report.stack)
        .sort(),
    ).toEqual(['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform']);
    // A copy is changed without touching the shared synthesis.
    const copy = exampleSynthCopy(['dev', 'prod']);
    fs.rmSync(path.join(copy.outdir, 'stacks', 'dev-platform'), { recursive: true });
    expect(fs.existsSync(path.join(first.outdir, 'stacks', 'dev-platform', 'cdk.tf.json'))).toBe(true);
  });

  test("GIVEN an example's stacks THEN they are the Terraform JSON synthEnvironment makes of it (the suites that read them synthesized it so)", () => {
    const [dev] = loadEnvironments(path.join(__dirname, '../../environments'), ['dev']);
    const own = synthEnvironment(dev);
    const shared = exampleStacks('dev');
    expect(shared.platform.json).toEqual(own.platform.json);
    expect(shared.bootstrap.json).toEqual(own.bootstrap.json);
  });

  test('GIVEN an environment that is not an example THEN it says which there are', () => {
    expect(() => exampleSynth(['qa'])).toThrow('no example environment qa (there are dev, prod, stg)');
  });

  test('GIVEN the lock held by a live process THEN it waits; held by a process that is gone THEN it is taken over', () => {
    const lock = path.join(scratchDir('example-synth-lock-'), 'dev.lock');
    expect(takeLock(lock)).toBe(true);
    expect(fs.readFileSync(path.join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
    expect(takeLock(lock)).toBe(false);
    // A worker that crashed mid-synth: its process id names no process any more.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(path.join(lock, 'pid'), String(gone));
    expect(takeLock(lock)).toBe(false);
    expect(takeLock(lock)).toBe(true);
  });

  test('GIVEN the run ends THEN globalTeardown removes the syntheses before the leak check', () => {
    const runDir = scratchDir('example-synth-run-');
    fs.mkdirSync(path.join(runDir, EXAMPLE_SYNTH_FOLDER, 'dev', 'cdktf.out'), { recursive: true });
    removeExampleSynths(runDir);
    expect(fs.readdirSync(runDir)).toEqual([]);
  });
});
