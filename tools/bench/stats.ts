/** The middle of some measurements and how far they spread. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `median (min–max)` with the given unit and decimals. */
export function formatSummary(summary: Summary | undefined, unit: string, decimals = 2): string {
  if (!summary) return 'n/a';
  const value = (n: number) => n.toFixed(decimals);
  return summary.runs === 1 ? `${value(summary.median)} ${unit}` : `${value(summary.median)} ${unit} (${value(summary.min)}–${value(summary.max)})`;
}

/** The median of `samples` summarized, or undefined when any sample is missing. */
export function summarizeDefined(samples: readonly (number | undefined)[]): Summary | undefined {
  return samples.length > 0 && samples.every((s): s is number => s !== undefined) ? summarize(samples) : undefined;
}
