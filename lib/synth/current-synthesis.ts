import * as path from 'path';
import { loadEnvironments } from '../config/environments';
import type { StackPolicyReport } from '../guardrails/evaluate-stack';
import type { Progress } from './progress';
import { synthesizeEnvironments, type EnvironmentStackBuilder } from './synthesize';
import { reusableSynth, synthInputs } from './synth-record';

export interface CurrentSynthesisOptions {
  /** The repository whose environments and code are synthesized. */
  readonly root: string;
  /** The synth output folder to reuse or (re)write: `cdktf.out`, or CDKTF_OUTDIR. */
  readonly outdir: string;
  /** The environments wanted (ENVIRONMENTS); empty: all. */
  readonly environments: readonly string[];
  readonly today: Date;
  readonly buildStacks: EnvironmentStackBuilder;
  readonly progress: Progress;
}

/**
 * Makes `outdir` hold a synthesis of the repository's current inputs, as `npm
 * run synth` writes it: the synth already there when its record
 * (synth-record.ts) says it was made from the same files on the same day for
 * (at least) these environments, said in one line; else a new synth, shown
 * as a progress step. Returns the policy results of the environments wanted.
 */
export function currentSynthesis(options: CurrentSynthesisOptions): StackPolicyReport[] {
  const { root, outdir, environments, today, progress } = options;
  const inputs = synthInputs(root, environments, today);
  const where = path.relative(process.cwd(), outdir) || outdir;
  const reused = reusableSynth(outdir, inputs);
  if (reused) {
    progress.note(`reusing ${where}: synthesized today from the same inputs (environments/, envoy/, lib/, stacks/, main.ts, package-lock.json, …)`);
    return reused;
  }
  const configs = loadEnvironments(path.join(root, 'environments'), environments, { today });
  return progress.step(`synthesizing into ${where}`, configs.map((config) => config.name).join(', '), () => synthesizeEnvironments(configs, outdir, options.buildStacks, { today, inputs }));
}

/** Where `npm run synth` and the commands keep the synthesis: CDKTF_OUTDIR (as the cdktf CLI sets it), else `<root>/cdktf.out`. */
export function synthOutdir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.CDKTF_OUTDIR ? path.resolve(env.CDKTF_OUTDIR) : path.join(root, 'cdktf.out');
}
