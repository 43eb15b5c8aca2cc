/**
 * The speed targets of the benchmarks issue, compared with what a run
 * measured. A missed target is reported, never a failure: benchmarks are not
 * tests, and a slow or busy machine is not a broken build.
 */
export interface TargetMeasurements {
  /** Median wall time of `npm run synth`, end to end. */
  readonly npmSynthSeconds?: number;
  /** Median wall time of `npm run synth` on the examples over the same on the floor app. */
  readonly floorRatioEndToEnd?: number;
  /** The same for the synth script alone, without npm's start-up on both sides. */
  readonly floorRatio?: number;
  /** Largest median peak memory of any synth measured. */
  readonly synthPeakMiB?: number;
  /** Synth time with 100 services and node groups over the time with 10. */
  readonly growth100Over10?: number;
  readonly unitTestSeconds?: number;
  readonly wholeTestSeconds?: number;
}

export interface TargetResult {
  readonly target: string;
  readonly limit: string;
  readonly measured: string;
  readonly verdict: 'met' | 'missed' | 'not measured';
}

const TARGETS: readonly { key: keyof TargetMeasurements; target: string; limit: number; unit: string; decimals: number }[] = [
  { key: 'npmSynthSeconds', target: '`npm run synth` of all example environments, end to end', limit: 3.5, unit: ' s', decimals: 2 },
  { key: 'floorRatioEndToEnd', target: '(a) over the floor (b), `npm run synth` end to end', limit: 1.5, unit: '×', decimals: 2 },
  { key: 'floorRatio', target: '(a) over the floor (b), the synth script alone', limit: 1.5, unit: '×', decimals: 2 },
  { key: 'synthPeakMiB', target: 'peak memory of synth', limit: 250, unit: ' MiB', decimals: 0 },
  { key: 'growth100Over10', target: 'synth with 100 services over 10', limit: 5, unit: '×', decimals: 2 },
  { key: 'unitTestSeconds', target: 'unit part of `npm test`', limit: 30, unit: ' s', decimals: 1 },
  { key: 'wholeTestSeconds', target: 'whole `npm test`, every plan included', limit: 90, unit: ' s', decimals: 1 },
];

export function evaluateTargets(measured: TargetMeasurements): TargetResult[] {
  return TARGETS.map(({ key, target, limit, unit, decimals }) => {
    const value = measured[key];
    return {
      target,
      limit: `≤ ${limit}${unit}`,
      measured: value === undefined ? 'n/a' : `${value.toFixed(decimals)}${unit}`,
      verdict: value === undefined ? 'not measured' : value <= limit ? 'met' : 'missed',
    };
  });
}
