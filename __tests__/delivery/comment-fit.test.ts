import { COMMENT_LIMIT, fitForComment, GITHUB_COMMENT_LIMIT } from '../../tools/github-comment/comment-fit';

/** A report shaped like both comments: title, summary, caution, then headed sections with <details>. */
function report(stacks: number, linesPerStack: number): string {
  const lines = ['## Title', '', '| a | b |', '| --- | --- |', '| 1 | 2 |', '', '> [!CAUTION]', '> **1 destructive change**', ''];
  for (let i = 0; i < stacks; i++) {
    lines.push(`### env${i}`, '', `#### \`stack${i}\``, '', `<details><summary><code>stack${i}</code>: changes</summary>`, '', '```diff');
    lines.push(...Array.from({ length: linesPerStack }, (_, n) => `+ line ${n} of stack ${i}`));
    lines.push('```', '', '</details>', '', `after details ${i}`, '');
  }
  return `${lines.join('\n')}\n`;
}

describe('fitForComment (the synth-diff and the plan comment)', () => {
  test('GIVEN a report that fits THEN it is unchanged', () => {
    expect(fitForComment('short\n', { limit: 100 })).toBe('short\n');
    expect(COMMENT_LIMIT).toBeLessThan(GITHUB_COMMENT_LIMIT);
  });

  test('GIVEN too much detail THEN <details> blocks go first, from the last, and the summary, caution and headings stay', () => {
    const full = report(5, 40);
    const fitted = fitForComment(full, { limit: full.length - 500, fullReport: 'the `x` artifact' });
    expect(fitted.length).toBeLessThanOrEqual(full.length - 500);
    expect(fitted).toContain('`stack4`: changes: _Omitted to fit a comment: see the full report._');
    expect(fitted).toContain('+ line 39 of stack 0');
    expect(fitted).toContain('> **1 destructive change**');
    expect(fitted).toContain('after details 4');
    expect(fitted).toMatch(/> Detail was left out to fit GitHub's 65,536-character comment limit: the full report is the `x` artifact\.\n$/);
  });

  test('GIVEN details dropped everywhere and still too long THEN section bodies go, deepest first, from the last', () => {
    const full = report(40, 2).replace(/after details (\d+)/g, (_, i) => `after details ${i} ${'x'.repeat(200)}`);
    const fitted = fitForComment(full, { limit: 6_000 });
    expect(fitted.length).toBeLessThanOrEqual(6_000);
    expect(fitted).not.toContain('<details>');
    expect(fitted).toContain('#### `stack39`\n\n_Omitted to fit a comment: see the full report._');
    expect(fitted).toContain('after details 0 ');
    expect(fitted).toContain('| 1 | 2 |');
  });

  test("GIVEN too many sections even without their bodies THEN the title's summary stays and the line cut takes the last sections", () => {
    const full = report(400, 1);
    const fitted = fitForComment(full, { limit: 5_000 });
    expect(fitted.length).toBeLessThanOrEqual(5_000);
    expect(fitted).toMatch(/^## Title\n\n\| a \| b \|\n\| --- \| --- \|\n\| 1 \| 2 \|\n\n> \[!CAUTION\]\n> \*\*1 destructive change\*\*\n\n### env0\n/);
    expect(fitted).not.toContain('env399');
  });

  test('GIVEN one huge unheaded block THEN a line cut closes the open fence and details', () => {
    const long = ['<details><summary>x</summary>', '', '```diff', ...Array.from({ length: 200 }, (_, i) => `+line ${i}`), '```', '</details>', ''].join('\n');
    const fitted = fitForComment(`intro\n${long.replace('<details><summary>x</summary>', '<details>\n<summary>x</summary>')}`, { limit: 1500 });
    expect(fitted.length).toBeLessThanOrEqual(1500);
    const withSummaryOnOwnLine = fitForComment(['intro', '', '```text', ...Array.from({ length: 300 }, (_, i) => `line ${i}`), '```'].join('\n'), { limit: 1500 });
    expect(withSummaryOnOwnLine.length).toBeLessThanOrEqual(1500);
    expect(withSummaryOnOwnLine).toMatch(/line \d+\n```\n\n> \[!NOTE\]/);
  });
});
