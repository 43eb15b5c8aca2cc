/**
 * Fits a Markdown report into one pull-request comment. GitHub refuses a
 * comment body longer than 65,536 characters (the REST API answers 422
 * "body is too long"), so the synth-diff comment and the plan comment both
 * pass through here, and the full report stays the workflow run's artifact.
 *
 * Detail is dropped in a fixed order, each stage only until the report fits:
 * 1. `<details>` blocks (outermost ones), from the last to the first: each
 *    becomes its summary line followed by "omitted". These hold the bulk: file
 *    diffs, diagrams, per-stack resource lists.
 * 2. The bodies of headed sections, deepest heading level first (`####`
 *    stacks, then `###` environments; never the `##` title), from the last to
 *    the first: the heading stays, its body becomes "omitted".
 * 3. A cut at a line boundary, with an open code fence and `<details>` closed.
 * Whatever comes before the first `###` heading (the title, summary table,
 * the destructive-change caution) is only ever touched by stage 3. A note at the
 * end names the artifact with everything.
 */

/** GitHub's limit on a comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The budget of a report: GitHub's limit less room for the sticky comment's marker line. */
export const COMMENT_LIMIT = 65_000;

export interface FitOptions {
  /** @default COMMENT_LIMIT */
  readonly limit?: number;
  /** Where the full report is, e.g. "the `synth-diff` artifact of this workflow run". */
  readonly fullReport?: string;
}

const OMITTED = '_Omitted to fit a comment: see the full report._';

interface Block {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/** The report, fitted into `limit` characters; unchanged when it already fits. */
export function fitForComment(report: string, options: FitOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  if (report.length <= limit) return report;
  const note = [
    '',
    '> [!NOTE]',
    `> Detail was left out to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: the full report is ${options.fullReport ?? 'in the workflow run'}.`,
    '',
  ].join('\n');
  const budget = limit - note.length;
  let lines = report.trimEnd().split('\n');
  const size = () => lines.join('\n').length;

  for (let blocks = detailsBlocks(lines); size() > budget && blocks.length > 0; blocks = detailsBlocks(lines).filter((b) => !isOmitted(lines, b))) {
    const last = blocks[blocks.length - 1];
    lines = [...lines.slice(0, last.start), `${summaryOf(lines[last.start])}: ${OMITTED}`, ...lines.slice(last.end)];
  }
  // Not level 2 or 1: the report's title is one, and its body is the summary this keeps.
  for (const level of [6, 5, 4, 3]) {
    const sections = headedSections(lines, level);
    for (let i = sections.length - 1; i >= 0 && size() > budget; i--) {
      const section = sections[i];
      if (section.end - section.start <= 2 && lines[section.start + 1] === OMITTED) continue;
      lines = [...lines.slice(0, section.start + 1), '', OMITTED, '', ...lines.slice(section.end)];
    }
  }
  if (size() > budget) lines = cutAtLine(lines, budget);
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n${note}`;
}

function isOmitted(lines: readonly string[], block: Block): boolean {
  return block.end - block.start === 1 && lines[block.start].endsWith(OMITTED);
}

/** `<details><summary>X</summary>` → `X`, HTML tags removed but code kept as backticks. */
function summaryOf(line: string): string {
  const summary = /<summary>(.*?)<\/summary>/.exec(line)?.[1] ?? 'Details';
  return summary.replace(/<\/?code>/g, '`').replace(/<[^>]+>/g, '');
}

/** Outermost `<details>` blocks outside code fences, in document order. */
function detailsBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let fence: string | undefined;
  let depth = 0;
  let start = -1;
  lines.forEach((line, index) => {
    const run = /^(?:> )?\s*(`{3,})/.exec(line)?.[1];
    if (run && fence === undefined) fence = run;
    else if (run && line.replace(/^> /, '').trim() === fence) fence = undefined;
    else if (fence === undefined) {
      const opened = (line.match(/<details>/g) ?? []).length;
      const closed = (line.match(/<\/details>/g) ?? []).length;
      if (depth === 0 && opened > 0) start = index;
      depth += opened - closed;
      if (depth <= 0 && start >= 0) {
        blocks.push({ start, end: index + 1 });
        start = -1;
        depth = 0;
      }
    }
  });
  return blocks;
}

/** Sections headed at exactly `level` (`#` × level), each up to the next heading of that level or higher. */
function headedSections(lines: readonly string[], level: number): Block[] {
  const headings: { index: number; level: number }[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const run = /^(?:> )?\s*(`{3,})/.exec(line)?.[1];
    if (run && fence === undefined) fence = run;
    else if (run && line.replace(/^> /, '').trim() === fence) fence = undefined;
    else if (fence === undefined) {
      const hashes = /^(#{1,6}) /.exec(line)?.[1];
      if (hashes) headings.push({ index, level: hashes.length });
    }
  });
  return headings
    .filter((h) => h.level === level)
    .map((h) => {
      const next = headings.find((other) => other.index > h.index && other.level <= level);
      return { start: h.index, end: next?.index ?? lines.length };
    });
}

/** The lines up to `budget` characters, with an open code fence and `<details>` closed. */
function cutAtLine(lines: readonly string[], budget: number): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > budget - 100) break;
    kept.push(line);
    length += line.length + 1;
  }
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of kept) {
    const run = /^(?:> )?(`{3,})/.exec(line)?.[1];
    if (run && fence === undefined) fence = run;
    else if (run && line.replace(/^> /, '').trim() === fence) fence = undefined;
    if (fence === undefined) openDetails += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  return [...kept, ...(fence ? [fence] : []), ...Array<string>(Math.max(0, openDetails)).fill('</details>')];
}
