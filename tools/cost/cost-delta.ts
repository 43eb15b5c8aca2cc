import type { CostLine, EnvironmentEstimate, Range } from './estimate';
import { totalUsd, usd } from './render';

export interface LineChange {
  readonly key: string;
  readonly before?: CostLine;
  readonly after?: CostLine;
  readonly delta?: Range;
}

export interface EnvironmentCostDelta {
  readonly environment: string;
  readonly before: Range;
  readonly after: Range;
  readonly delta: Range;
  readonly changes: readonly LineChange[];
  /** Monthly amount (expected) above which the change is called out. */
  readonly alertAbove: number;
  /** Changed lines without a price on one side or both: the delta is unknown, `delta` sums the others. */
  readonly unknown: number;
  /** Whether each side's total is a lower bound (something not priced). */
  readonly lowerBound: { readonly before: boolean; readonly after: boolean };
}

const key = (line: CostLine) => `${line.path} ${line.component.replace(/\s*\(.*\)$/, '')}`;
const minus = (a: Range, b: Range): Range => ({ min: a.min - b.min, expected: a.expected - b.expected, max: a.max - b.max });
const ZERO: Range = { min: 0, expected: 0, max: 0 };
const changed = (r: Range) => [r.min, r.expected, r.max].some((v) => Math.abs(v) >= 0.005);

/** The cost difference of one environment between two estimates (base → head), line by line. */
export function costDelta(before: EnvironmentEstimate | undefined, after: EnvironmentEstimate | undefined): EnvironmentCostDelta {
  const environment = (after ?? before)!.environment;
  const lines = (e?: EnvironmentEstimate) => new Map((e?.lines ?? []).map((l) => [key(l), l]));
  const old = lines(before);
  const now = lines(after);
  const changes: LineChange[] = [];
  // The delta sums the lines priced on both sides: a line that becomes (or stops being) not priced is
  // listed, never counted as a saving (or a cost) of its whole price.
  let delta: Range = ZERO;
  for (const k of [...new Set([...old.keys(), ...now.keys()])]) {
    const b = old.get(k);
    const a = now.get(k);
    const priced = (b === undefined || b.monthly) && (a === undefined || a.monthly);
    const lineDelta = priced ? minus(a?.monthly ?? ZERO, b?.monthly ?? ZERO) : undefined;
    if (lineDelta) delta = minus(delta, minus(ZERO, lineDelta));
    const quantityChanged = JSON.stringify(b?.quantity) !== JSON.stringify(a?.quantity) || b?.component !== a?.component;
    if ((lineDelta && changed(lineDelta)) || (!lineDelta && quantityChanged)) changes.push({ key: k, before: b, after: a, delta: lineDelta });
  }
  const totalBefore = before?.total ?? ZERO;
  const totalAfter = after?.total ?? ZERO;
  return {
    environment,
    before: totalBefore,
    after: totalAfter,
    delta,
    changes,
    alertAbove: (after ?? before)!.assumptions.deltaAlertUsdPerMonth,
    unknown: changes.filter((c) => !c.delta).length,
    lowerBound: { before: before !== undefined && !before.complete, after: after !== undefined && !after.complete },
  };
}

/** A signed amount: `+$1.00`, `−$1.00`; a float residue below half a cent is `+$0.00`, never `−$0.00`. */
export const signedUsd = (value: number) => `${value > -0.005 ? '+' : '−'}${usd(Math.abs(value))}`;
const signed = signedUsd;
const trio = (r: Range) => `${signed(r.min)} / ${signed(r.expected)} / ${signed(r.max)}`;

/**
 * The delta of an environment: `+$1.00 / +$2.00 / +$3.00`, or `unknown` when a changed line is not
 * priced on one side (then the priced lines' sum follows, never a bare `+$0.00`).
 */
export function deltaText(d: Pick<EnvironmentCostDelta, 'delta' | 'unknown'>): string {
  if (!d.unknown) return trio(d.delta);
  return `unknown: ${d.unknown} changed line${d.unknown === 1 ? '' : 's'} not priced${changed(d.delta) ? ` (priced lines ${trio(d.delta)})` : ''}`;
}

/** Whether the environment's change is called out: its expected monthly delta is above `cost.deltaAlertUsdPerMonth`. */
export const aboveAlert = (d: Pick<EnvironmentCostDelta, 'delta' | 'alertAbove'>): boolean => d.delta.expected > d.alertAbove;

/** The callout of a change above the threshold (the diff report and the plan comment both show it). */
export function costCallout(d: Pick<EnvironmentCostDelta, 'environment' | 'delta' | 'alertAbove'>): string[] {
  if (!aboveAlert(d)) return [];
  return ['> [!WARNING]', `> **${d.environment}** costs ${signed(d.delta.expected)} more per month (expected), above the ${usd(d.alertAbove)} threshold (\`cost.deltaAlertUsdPerMonth\`).`, ''];
}

/**
 * One changed line as table cells: resource, component, before, after, delta
 * (min / expected / max). A side without a price says "not priced" and the delta
 * "unknown", never $0.
 */
export function changeCells(c: LineChange): string[] {
  const line = (c.after ?? c.before)!;
  const side = (l?: CostLine) =>
    l === undefined ? '–' : l.monthly ? `${usd(l.monthly.expected)} (${Number(l.quantity.expected.toFixed(2))} ${l.unit})` : `not priced (${Number(l.quantity.expected.toFixed(2))} ${l.unit})`;
  return [`\`${line.address}\``, line.component, side(c.before), side(c.after), c.delta ? trio(c.delta) : 'unknown'];
}

/** The cost section of the diff report: per environment the monthly delta (min / expected / max), the changed lines, and a callout above the threshold. */
export function renderCostDelta(deltas: readonly EnvironmentCostDelta[]): string[] {
  const shown = deltas.filter((d) => d.changes.length > 0);
  if (shown.length === 0) return [];
  const out = ['### Monthly cost (USD, min / expected / max)', '', '| environment | before (expected) | after (expected) | delta |', '| --- | ---: | ---: | ---: |'];
  for (const d of shown) {
    out.push(`| ${d.environment} | ${totalUsd(d.before.expected, { complete: !d.lowerBound.before })} | ${totalUsd(d.after.expected, { complete: !d.lowerBound.after })} | ${deltaText(d)} |`);
  }
  out.push('');
  for (const d of shown) out.push(...costCallout(d));
  out.push('<details><summary>Changed cost lines</summary>', '', '| environment | resource | component | before | after | delta (min / expected / max) |', '| --- | --- | --- | --- | --- | --- |');
  for (const d of shown) {
    for (const c of d.changes) out.push(`| ${d.environment} | ${changeCells(c).join(' | ')} |`);
  }
  out.push('', '</details>', '');
  return out;
}
