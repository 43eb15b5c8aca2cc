import * as fs from 'fs';
import * as path from 'path';
import { planStacksOffline } from '../offline-plan/offline-plan';
import { childrenCpuSeconds, runTimed, type Sample } from './measure';

/** One way of running the offline plan of every stack. */
export interface PlanVariant {
  readonly label: string;
  readonly concurrency: number;
  /** As OfflinePlanOptions.pluginCacheDir; `'in-work-dir'` is a fresh cache inside the emptied work folder. */
  readonly pluginCache: 'default' | 'none' | 'in-work-dir' | { readonly dir: string };
}

export interface PlanMeasurement {
  readonly variant: PlanVariant;
  /** One per measured run in which every stack planned. */
  readonly samples: Sample[];
  /** Measured runs, and those in which some stack failed. */
  runs: number;
  failedRuns: number;
  warmUpFailed: boolean;
  /** Stacks that failed, with the step, from the first run (warm-up included) that had failures. */
  readonly failures: string[];
}

/** The result column of a variant: whether its timed runs and its warm-up planned every stack. */
export function describeOutcome(measurement: Pick<PlanMeasurement, 'runs' | 'failedRuns' | 'warmUpFailed' | 'failures'>): string {
  const { runs, failedRuns, warmUpFailed, failures } = measurement;
  if (failedRuns === 0 && !warmUpFailed) return 'all planned';
  const first = failures.join('; ');
  if (failedRuns === 0) return `all ${runs} timed runs planned; the warm-up failed (${first})`;
  return `${failedRuns} of ${runs} timed runs failed${warmUpFailed ? ', and the warm-up' : ''} (first: ${first})`;
}

/** Concurrency levels worth comparing: 1, 2, the core count and twice that, without repeats. */
export function concurrencyLevels(cores: number): number[] {
  return [...new Set([1, 2, cores, 2 * cores])].sort((a, b) => a - b);
}

/**
 * Runs every variant once as a warm-up (a shared cache fills then), then
 * `runs` interleaved rounds. CPU time is that of the Terraform processes
 * (and the providers they start), from /proc where the machine has it. A run
 * in which a stack fails gives no sample but is counted: a variant that
 * fails now and then is a finding, not noise.
 */
export async function measurePlanVariants(
  synthDir: string,
  workRoot: string,
  variants: readonly PlanVariant[],
  runs: number,
  onRun?: (variant: PlanVariant, sample: Sample | undefined) => void,
): Promise<PlanMeasurement[]> {
  const measurements: PlanMeasurement[] = variants.map((variant) => ({ variant, samples: [], runs: 0, failedRuns: 0, warmUpFailed: false, failures: [] }));
  for (let round = 0; round <= runs; round++) {
    for (const measurement of measurements) {
      const sample = await planOnce(synthDir, workRoot, measurement);
      if (round === 0) measurement.warmUpFailed = !sample;
      else {
        measurement.runs++;
        if (sample) measurement.samples.push(sample);
        else measurement.failedRuns++;
      }
      onRun?.(measurement.variant, round > 0 ? sample : undefined);
    }
  }
  return measurements;
}

async function planOnce(synthDir: string, workRoot: string, measurement: PlanMeasurement): Promise<Sample | undefined> {
  const workDir = path.join(workRoot, 'stacks');
  const { pluginCache } = measurement.variant;
  const pluginCacheDir = pluginCache === 'default' ? undefined : pluginCache === 'none' ? false : pluginCache === 'in-work-dir' ? path.join(workDir, 'plugin-cache') : pluginCache.dir;
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const results = await planStacksOffline({ synthDir, workDir, concurrency: measurement.variant.concurrency, pluginCacheDir });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    if (measurement.failures.length === 0) measurement.failures.push(...failed.map((r) => `${r.stack}: ${r.failedStep} failed`));
    return undefined;
  }
  return { wallSeconds, cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/**
 * What a separate `terraform validate` per stack costs, one after the other,
 * in the stacks of a fresh default plan (the offline plan now runs it only
 * when a plan fails). Stacks whose plan or validate failed are listed, not
 * timed.
 */
export async function measureSeparateValidate(synthDir: string, workRoot: string, withGnuTime: boolean): Promise<{ stacks: number; sample: Sample; failures: string[] }> {
  const workDir = path.join(workRoot, 'validate');
  const planned = await planStacksOffline({ synthDir, workDir });
  const failures = planned.filter((r) => !r.ok).map((r) => `${r.stack}: ${r.failedStep} failed`);
  const cliConfig = path.join(workDir, 'terraform.rc');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    ...(fs.existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
  };
  let stacks = 0;
  let wallSeconds = 0;
  let cpuSeconds: number | undefined = 0;
  for (const { stack } of planned.filter((r) => r.ok)) {
    const run = runTimed({ label: stack, command: 'terraform validate -no-color', cwd: path.join(workDir, stack), env }, withGnuTime);
    if (run.exitCode !== 0) {
      failures.push(`${stack}: validate failed`);
      continue;
    }
    stacks++;
    wallSeconds += run.sample.wallSeconds;
    cpuSeconds = cpuSeconds === undefined || run.sample.cpuSeconds === undefined ? undefined : cpuSeconds + run.sample.cpuSeconds;
  }
  return { stacks, sample: { wallSeconds, cpuSeconds }, failures };
}
