import type { CostLine, EnvironmentEstimate, Range } from './estimate';
import { usd } from './render';

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
  for (const k of [...new Set([...old.keys(), ...now.keys()])]) {
    const b = old.get(k);
    const a = now.get(k);
    const priced = (b === undefined || b.monthly) && (a === undefined || a.monthly);
    const delta = priced ? minus(a?.monthly ?? ZERO, b?.monthly ?? ZERO) : undefined;
    const quantityChanged = JSON.stringify(b?.quantity) !== JSON.stringify(a?.quantity) || b?.component !== a?.component;
    if ((delta && changed(delta)) || (!delta && quantityChanged)) changes.push({ key: k, before: b, after: a, delta });
  }
  const totalBefore = before?.total ?? ZERO;
  const totalAfter = after?.total ?? ZERO;
  return { environment, before: totalBefore, after: totalAfter, delta: minus(totalAfter, totalBefore), changes, alertAbove: (after ?? before)!.assumptions.deltaAlertUsdPerMonth };
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${usd(Math.abs(value))}`;
const trio = (r: Range) => `${signed(r.min)} / ${signed(r.expected)} / ${signed(r.max)}`;

/** The cost section of the diff report: per environment the monthly delta (min / expected / max), the changed lines, and a callout above the threshold. */
export function renderCostDelta(deltas: readonly EnvironmentCostDelta[]): string[] {
  const shown = deltas.filter((d) => d.changes.length > 0);
  if (shown.length === 0) return [];
  const out = ['### Monthly cost (USD, min / expected / max)', '', '| environment | before (expected) | after (expected) | delta |', '| --- | ---: | ---: | ---: |'];
  for (const d of shown) out.push(`| ${d.environment} | ${usd(d.before.expected)} | ${usd(d.after.expected)} | ${trio(d.delta)} |`);
  out.push('');
  for (const d of shown.filter((x) => x.delta.expected > x.alertAbove)) {
    out.push('> [!WARNING]', `> **${d.environment}** costs ${signed(d.delta.expected)} more per month (expected), above the ${usd(d.alertAbove)} threshold (\`cost.deltaAlertUsdPerMonth\`).`, '');
  }
  out.push('<details><summary>Changed cost lines</summary>', '', '| environment | resource | component | before | after | delta (min / expected / max) |', '| --- | --- | --- | --- | --- | --- |');
  for (const d of shown) {
    for (const c of d.changes) {
      const line = (c.after ?? c.before)!;
      const side = (l?: CostLine) => (l === undefined ? '–' : l.monthly ? `${usd(l.monthly.expected)} (${Number(l.quantity.expected.toFixed(2))} ${l.unit})` : `not priced (${Number(l.quantity.expected.toFixed(2))} ${l.unit})`);
      out.push(`| ${d.environment} | \`${line.address}\` | ${(c.after ?? c.before)!.component} | ${side(c.before)} | ${side(c.after)} | ${c.delta ? trio(c.delta) : 'not priced'} |`);
    }
  }
  out.push('', '</details>', '');
  return out;
}
