import * as fs from 'fs';
import * as path from 'path';
import type { StackPolicyReport } from '../../lib/guardrails/evaluate-stack';
import type { SynthInputs } from '../../lib/synth/synth-record';
import { RUN_TEMP_DIR_VARIABLE } from './run-temp-dir';
import type { TerraformJson } from './terraform-json';

/**
 * The example environments (environments/*.yaml, as committed) synthesized as
 * `npm run synth` synthesizes them (synthesizeEnvironments with
 * stacks/environment-stacks.ts, the real clock), once per jest run and set of
 * environments, shared by every suite that reads them: about twenty suites
 * synthesized the same examples again, seconds each. A suite that synthesizes
 * a changed environment still synthesizes it itself.
 *
 * The syntheses live in the run's private temp folder (run-temp-dir.ts), in
 * `example-synth/<set>/cdktf.out`, with the policy results beside it
 * (`policy/`, exampleSynthReports); the first worker that needs a set takes a
 * lock (a folder made atomically) and synthesizes; `policy/` appears last, by
 * a rename, so a second worker waits or reads, never half-reads. globalTeardown removes the folder before
 * checking the run left nothing behind. Outside such a run (no run folder),
 * each test file synthesizes into a scratch folder of its own.
 *
 * The synth modules are required only by the worker that synthesizes: a suite
 * that gets a cached synthesis does not load lib/stacks at all.
 */
const repository = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(repository, 'environments');

/** The folder of the run's example syntheses, under the run's temp folder. */
export const EXAMPLE_SYNTH_FOLDER = 'example-synth';

/** The folder beside `cdktf.out` holding the synth record (lib/synth/synth-record.ts) of its policy results. */
const POLICY_FOLDER = 'policy';

/** A set of example environments synthesized. */
export interface ExampleSynth {
  /** The synthesis (`cdktf.out`): read it, never change it (other suites read the same folder); exampleSynthCopy gives a copy to change. */
  readonly outdir: string;
  /** The folder holding `cdktf.out`, for the readers that take a root and `cdktf.out` relative to it. */
  readonly root: string;
}

/** How long a worker waits for another one's synthesis of the same set. */
const LOCK_WAIT_MS = 300_000;

/** This test file's syntheses when no run folder is open (`<set>` → ExampleSynth). */
const local = new Map<string, ExampleSynth>();

/**
 * The examples `environments` (default: all of them, as with ENVIRONMENTS unset) synthesized; read only.
 * The same set always gives the same folder within one jest run.
 */
export function exampleSynth(environments: readonly string[] = []): ExampleSynth {
  const names = selection(environments);
  const key = names.join('+');
  const runDir = process.env[RUN_TEMP_DIR_VARIABLE];
  if (!runDir || !fs.existsSync(runDir)) {
    if (!local.has(key)) {
      const root = scratchFolder(`example-synth-${key}-`);
      synthesize(names, path.join(root, 'cdktf.out'));
      local.set(key, { root, outdir: path.join(root, 'cdktf.out') });
    }
    return local.get(key)!;
  }
  const root = path.join(runDir, EXAMPLE_SYNTH_FOLDER, key);
  const outdir = path.join(root, 'cdktf.out');
  const lock = `${root}.lock`;
  fs.mkdirSync(path.dirname(root), { recursive: true });
  const record = path.join(root, POLICY_FOLDER);
  const giveUp = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    // The policy record beside cdktf.out is written last, by a rename: when it exists, the synthesis is complete.
    if (fs.existsSync(record)) return { root, outdir };
    if (!takeLock(lock)) {
      // A synth takes seconds; this long means the holder hangs (or its id now names another process).
      if (Date.now() > giveUp)
        throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for ${lock} (held by process ${fs.readFileSync(path.join(lock, 'pid'), 'utf8')}); remove it if that process is not a jest worker`);
      sleep(50);
      continue;
    }
    try {
      if (!fs.existsSync(record)) {
        fs.rmSync(root, { recursive: true, force: true });
        fs.mkdirSync(root, { recursive: true });
        synthesize(names, outdir);
      }
      return { root, outdir };
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * The policy results (StackPolicyReport, as synthesizeEnvironments returns them) of the examples' synthesis:
 * recorded beside it by the synthesizing worker, in the record format commands reuse (lib/synth/synth-record.ts).
 * A run that crossed midnight (UTC) since synthesizes again here: date-based rules may answer otherwise.
 */
export function exampleSynthReports(environments: readonly string[] = []): StackPolicyReport[] {
  const { root } = exampleSynth(environments);
  const { reusableSynth } = require('../../lib/synth/synth-record') as typeof import('../../lib/synth/synth-record');
  const reports = reusableSynth(path.join(root, POLICY_FOLDER), recordInputs(selection(environments), new Date()));
  if (reports) return reports;
  const again = scratchFolder('example-synth-again-');
  return synthesize(selection(environments), path.join(again, 'cdktf.out'));
}

/**
 * One example environment's stacks (`<environment>-platform`, `<environment>-bootstrap`) from the run's shared
 * synthesis of it, read as environment-fixture.ts's synthEnvironment reads the stacks it synthesizes (the pipeline
 * writes the same Terraform JSON: it adds the guardrail checks and the Envoy review bundle beside the stacks).
 */
export function exampleStacks(environment: string): { platform: TerraformJson; bootstrap: TerraformJson } {
  const { outdir } = exampleSynth([environment]);
  const { TerraformJson: Reader } = require('./terraform-json') as typeof import('./terraform-json');
  const read = (layer: string) => new Reader(fs.readFileSync(path.join(outdir, 'stacks', `${environment}-${layer}`, 'cdk.tf.json'), 'utf8'));
  return { platform: read('platform'), bootstrap: read('bootstrap') };
}

/** A copy of the examples' synthesis in a scratch folder of this test file (`<scratch>/cdktf.out`), for a test that changes it or runs a command in it. */
export function exampleSynthCopy(environments: readonly string[] = [], prefix = 'example-synth-copy-'): ExampleSynth {
  const { outdir } = exampleSynth(environments);
  const root = scratchFolder(prefix);
  fs.cpSync(outdir, path.join(root, 'cdktf.out'), { recursive: true });
  return { root, outdir: path.join(root, 'cdktf.out') };
}

/** Removes the run's example syntheses (globalTeardown, before it checks that the run left nothing behind). */
export function removeExampleSynths(runDir: string | undefined = process.env[RUN_TEMP_DIR_VARIABLE]): void {
  if (runDir) fs.rmSync(path.join(runDir, EXAMPLE_SYNTH_FOLDER), { recursive: true, force: true });
}

/** The environment names `environments` selects, sorted (loadEnvironments reads the files in this order); all when empty. */
function selection(environments: readonly string[]): string[] {
  const available = fs
    .readdirSync(EXAMPLES)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => file.replace(/\.ya?ml$/, ''))
    .sort();
  const unknown = environments.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new Error(`no example environment ${unknown.join(', ')} (there are ${available.join(', ')})`);
  return environments.length === 0 ? available : available.filter((name) => environments.includes(name));
}

/** scratch.ts's scratchDir, required when used: globalTeardown loads this file too, and scratch.ts loads cdktf. */
function scratchFolder(prefix: string): string {
  return (require('./scratch') as typeof import('./scratch')).scratchDir(prefix);
}

/** What the record beside a synthesis says it was made of: these examples, on this day (UTC). */
function recordInputs(names: readonly string[], today: Date): SynthInputs {
  return { sha256: 'the example environments, as committed', environments: names, day: today.toISOString().slice(0, 10) };
}

/** Synthesizes the examples `names` into `outdir` and records the policy results beside it (written last, by a rename). */
function synthesize(names: readonly string[], outdir: string): StackPolicyReport[] {
  // Required here, not imported: only the worker that synthesizes loads the stacks.
  const { loadEnvironments } = require('../../lib/config/environments') as typeof import('../../lib/config/environments');
  const { synthesizeEnvironments } = require('../../lib/synth/synthesize') as typeof import('../../lib/synth/synthesize');
  const { addEnvironmentStacks } = require('../../stacks/environment-stacks') as typeof import('../../stacks/environment-stacks');
  const { writeSynthRecord } = require('../../lib/synth/synth-record') as typeof import('../../lib/synth/synth-record');
  const today = new Date();
  const reports = synthesizeEnvironments(loadEnvironments(EXAMPLES, names), outdir, addEnvironmentStacks, { today });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `${POLICY_FOLDER}.staging-`));
  writeSynthRecord(staging, recordInputs(names, today), reports);
  fs.renameSync(staging, path.join(path.dirname(outdir), POLICY_FOLDER));
  return reports;
}

/**
 * Makes `lock` (mkdir is atomic) with this process's id in it; false when
 * another live process holds it. A lock whose process is gone (a worker that
 * crashed mid-synth) is removed, for the next attempt to take. Exported for
 * the test of this helper.
 */
export function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let holder: number;
  try {
    holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just made, its id not yet written
  }
  if (holder && !alive(holder)) fs.rmSync(lock, { recursive: true, force: true });
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks this worker for `ms` (the synth it waits for runs in another process). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
