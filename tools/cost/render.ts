import type { CostLine, EnvironmentEstimate, Range } from './estimate';

export const usd = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unitPrice = (value: number): string => `$${Number(value.toPrecision(4))}`;
const quantity = (value: number): string => Number(value.toFixed(2)).toLocaleString('en-US');
const range = (r: Range | undefined): [string, string, string] => (r ? [usd(r.min), usd(r.expected), usd(r.max)] : ['not priced', 'not priced', 'not priced']);

/** A total as the reader may act on it: `$X` when every line is priced, else the lower bound `≥ $X`. */
export const totalUsd = (value: number, estimate: Pick<EnvironmentEstimate, 'complete'>): string => `${estimate.complete ? '' : '≥ '}${usd(value)}`;
const totals = (e: EnvironmentEstimate): [string, string, string] => [totalUsd(e.total.min, e), totalUsd(e.total.expected, e), totalUsd(e.total.max, e)];

/** The priced share of the billed resources: `100 %`, or `87 % (34 of 39 billed resources)`. */
export function pricedShareText(estimate: EnvironmentEstimate): string {
  const { billedResources, pricedResources } = estimate.coverage;
  const percent = billedResources === 0 ? 100 : Math.floor((pricedResources / billedResources) * 100);
  return `${percent} % of billed resources priced (${pricedResources} of ${billedResources})`;
}

/** What the total leaves out: nothing, or why it is a lower bound. */
export function coverageText(estimate: EnvironmentEstimate): string {
  return estimate.complete ? `every line priced: ${pricedShareText(estimate)}` : `lower bound: ${pricedShareText(estimate)}; not priced: ${notPricedSummary(estimate)}`;
}

function rows(estimate: EnvironmentEstimate): string[][] {
  return estimate.lines.map((line: CostLine) => [
    line.group,
    `${line.address} ${line.component}`,
    `${quantity(line.quantity.expected)} ${line.unit}`,
    line.unitPrice === undefined ? '–' : unitPrice(line.unitPrice),
    ...range(line.monthly),
  ]);
}

const HEADER = ['group', 'resource / component', 'monthly quantity (expected)', 'unit price', 'min', 'expected', 'max'];

function assumptionText(estimate: EnvironmentEstimate): string[] {
  return Object.entries(estimate.assumptions).map(([key, value]) => `${key}: ${value}`);
}

/** The terminal table of one environment: one line per resource component, totals, assumptions, unpriced types. */
export function renderTerminal(estimate: EnvironmentEstimate): string {
  const all = [HEADER, ...rows(estimate), ['', estimate.complete ? 'total' : 'total (lower bound: priced lines only)', '', '', ...totals(estimate)]];
  const widths = HEADER.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i >= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    `${estimate.environment} (${estimate.region}, prices checked ${estimate.catalogDate}), USD per month`,
    format(all[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...all.slice(1).map(format),
    coverageText(estimate),
    `${spotSavingsText(estimate)}`,
    ...(estimate.spotAges.length > 0 ? [spotAgeText(estimate)] : []),
    `assumptions: ${assumptionText(estimate).join(', ')}`,
    ...(estimate.thirdPartyPrices.length > 0 ? [thirdPartyText(estimate)] : []),
    ...(estimate.inferredPrices.length > 0 ? [inferredText(estimate)] : []),
    '',
  ].join('\n');
}

/** The Spot savings against on demand; Spot lines without a price are named, not counted as saving nothing. */
export function spotSavingsText(estimate: EnvironmentEstimate): string {
  const unpriced = estimate.lines.filter((l) => /^(Spot|Fargate Spot) /.test(l.component) && !l.monthly).length;
  const saved = `Spot and Fargate Spot save ${usd(estimate.spotSavings.expected)} (${usd(estimate.spotSavings.min)}–${usd(estimate.spotSavings.max)}) against the same capacity on demand`;
  return unpriced > 0 ? `${saved}; ${unpriced} Spot line${unpriced === 1 ? ' is' : 's are'} not priced and not included` : saved;
}

/** How old each Spot figure is (Spot prices move: docs/cost.md, "Spot"). */
export function spotAgeText(estimate: EnvironmentEstimate): string {
  return `Spot figures: ${estimate.spotAges.map((a) => `${a.what} of ${a.date}${a.days === undefined ? '' : ` (${a.days} days old)`}`).join(', ')}`;
}

/** Which prices are inferred rather than published for the region. */
export function inferredText(estimate: EnvironmentEstimate): string {
  return `inferred prices (not published for ${estimate.region}; see the line notes): ${estimate.inferredPrices.join(', ')}`;
}

/** Which prices were read from a third party rather than from AWS (docs/cost.md). */
export function thirdPartyText(estimate: EnvironmentEstimate): string {
  return `third-party prices (confirm with npm run cost:refresh): ${estimate.thirdPartyPrices.join(', ')}`;
}

export function notPricedSummary(estimate: EnvironmentEstimate): string {
  const lines = estimate.lines.filter((l) => !l.monthly).length;
  const types = estimate.unpricedTypes.map((t) => `${t.type} (${t.count})`).join(', ');
  return [lines > 0 ? `${lines} line${lines === 1 ? '' : 's'} above` : '', types ? `resource types ${types}` : ''].filter(Boolean).join('; ');
}

/** The Markdown report of every environment. */
export function renderMarkdown(estimates: readonly EnvironmentEstimate[]): string {
  const out: string[] = ['# Monthly cost estimate', '', '| environment | min | expected | max | priced share | Spot savings (expected) |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const e of estimates) out.push(`| ${e.environment} | ${totals(e).join(' | ')} | ${pricedShareText(e).replace(/ of billed resources priced/, '')} | ${usd(e.spotSavings.expected)} |`);
  out.push('', 'A total with "≥" is a lower bound: it counts priced lines only; "not priced" lines and types are listed, never counted as zero (docs/cost.md).', '');
  for (const e of estimates) {
    out.push(
      `## ${e.environment}`,
      '',
      `Region ${e.region}, prices checked ${e.catalogDate}.`,
      '',
      `| ${HEADER.join(' | ')} | note |`,
      `| ${HEADER.map((_, i) => (i >= 3 ? '---:' : '---')).join(' | ')} | --- |`,
    );
    const cells = rows(e);
    e.lines.forEach((line, i) => out.push(`| ${cells[i].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} | ${line.note ?? ''} |`));
    out.push(
      `| | **total** | | | ${totals(e)
        .map((c) => `**${c}**`)
        .join(' | ')} | |`,
      '',
    );
    out.push(`${coverageText(e)}.`, '', `${spotSavingsText(e)}.`, '');
    if (e.spotAges.length > 0) out.push(`${spotAgeText(e)}.`, '');
    if (e.inferredPrices.length > 0) out.push(`${inferredText(e)}.`, '');
    for (const warning of e.warnings) out.push('> [!WARNING]', `> ${warning}`, '');
    out.push(
      `Assumptions: ${assumptionText(e)
        .map((a) => `\`${a}\``)
        .join(', ')}.`,
      '',
    );
    if (e.thirdPartyPrices.length > 0)
      out.push(
        `${thirdPartyText(e).replace(
          /: (.*)$/,
          (_, keys: string) =>
            `: ${keys
              .split(', ')
              .map((k) => `\`${k}\``)
              .join(', ')}`,
        )}.`,
        '',
      );
    if (e.unpricedTypes.length > 0) out.push(`Not priced resource types: ${e.unpricedTypes.map((t) => `\`${t.type}\` (${t.count})`).join(', ')}.`, '');
  }
  return `${out.join('\n')}\n`;
}
