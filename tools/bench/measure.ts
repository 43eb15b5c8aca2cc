import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSync } from '../process/run-process';

/**
 * Runs commands the way `npm run` does (`sh -c`), timing them. Wall time is
 * measured here; CPU time and peak memory come from GNU time (`/usr/bin/time`)
 * when the machine has it: its maximum resident set size is that of the
 * largest process of the command's tree (Linux wait4), here the Node app.
 */

export interface Sample {
  readonly wallSeconds: number;
  /** User + system time of the command's whole process tree. */
  readonly cpuSeconds?: number;
  readonly maxRssMiB?: number;
}

export interface CommandSpec {
  readonly label: string;
  /** A shell command line, as in package.json scripts. */
  readonly command: string;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface CommandMeasurement {
  readonly spec: CommandSpec;
  readonly samples: Sample[];
  /** Set when a run failed: the end of its output; the command was not run again. */
  readonly failure?: string;
}

const GNU_TIME = '/usr/bin/time';
const TIME_FORMAT = '%U %S %M';

/** Whether `/usr/bin/time` is GNU time (it takes -f and -o). */
export function gnuTimeAvailable(): boolean {
  return runSync({ program: GNU_TIME, args: ['-f', '%e', '-o', os.devNull, 'true'] }).status === 0;
}

/** CPU seconds and peak memory from GNU time's `%U %S %M` line (the last line; a failed command adds one before it). */
export function parseTimeOutput(text: string): { cpuSeconds: number; maxRssMiB: number } | undefined {
  const last = text.trim().split('\n').pop() ?? '';
  const match = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last.trim());
  if (!match) return undefined;
  return { cpuSeconds: Number(match[1]) + Number(match[2]), maxRssMiB: Number(match[3]) / 1024 };
}

export function runTimed(spec: CommandSpec, withGnuTime: boolean): { sample: Sample; exitCode: number | null; output: string } {
  const usageFile = path.join(os.tmpdir(), `bench-usage-${process.pid}.txt`);
  const [binary, ...args] = withGnuTime ? [GNU_TIME, '-o', usageFile, '-f', TIME_FORMAT, 'sh', '-c', spec.command] : ['sh', '-c', spec.command];
  const started = process.hrtime.bigint();
  const result = runSync({ program: binary, args, cwd: spec.cwd, env: spec.env ?? process.env });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = withGnuTime ? parseTimeOutput(fs.readFileSync(usageFile, 'utf8')) : undefined;
  // GNU time's output file is this run's alone: nothing of a measurement stays in the temp dir.
  fs.rmSync(usageFile, { force: true });
  return { sample: { wallSeconds, ...usage }, exitCode: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export interface MeasureOptions {
  readonly runs: number;
  readonly withGnuTime: boolean;
  /** @default true */
  readonly warmUp?: boolean;
  readonly onRound?: (round: number) => void;
}

/**
 * A warm-up run of each command, then `runs` rounds running each command
 * once, interleaved, so load from other processes that comes and goes hits
 * all of them alike and their ratios stay meaningful. A command that fails is
 * not run again; its output is kept.
 */
export function measureInterleaved(specs: readonly CommandSpec[], options: MeasureOptions): CommandMeasurement[] {
  const measurements: { spec: CommandSpec; samples: Sample[]; failure?: string }[] = specs.map((spec) => ({ spec, samples: [] }));
  const runOnce = (measurement: (typeof measurements)[number], keep: boolean) => {
    const run = runTimed(measurement.spec, options.withGnuTime);
    if (run.exitCode !== 0) measurement.failure = tail(run.output, 12) || `exit code ${run.exitCode}`;
    else if (keep) measurement.samples.push(run.sample);
  };
  if (options.warmUp ?? true) measurements.forEach((measurement) => runOnce(measurement, false));
  for (let round = 1; round <= options.runs; round++) {
    for (const measurement of measurements) if (!measurement.failure) runOnce(measurement, true);
    options.onRound?.(round);
  }
  return measurements;
}

/** CPU seconds used by the finished child processes of this process and their own children (Linux /proc), or undefined. */
export function childrenCpuSeconds(): number | undefined {
  const stat = '/proc/self/stat';
  return fs.existsSync(stat) ? parseChildrenCpuTicks(fs.readFileSync(stat, 'utf8')) / clockTicksPerSecond() : undefined;
}

/** cutime + cstime (fields 16 and 17 of proc(5) stat), in clock ticks. */
export function parseChildrenCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[13]) + Number(fields[14]);
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(runSync({ program: 'getconf', args: ['CLK_TCK'] }).stdout.trim());
  return ticksPerSecond;
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
