import { markdownTable } from '../../tools/bench/markdown';
import { formatSummary, summarize, summarizeDefined } from '../../tools/bench/stats';
import { evaluateTargets } from '../../tools/bench/targets';
import { concurrencyLevels } from '../../tools/bench/plan-variants';

describe('summarize', () => {
  test.each([
    [[3, 1, 2], { median: 2, min: 1, max: 3, runs: 3 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4, runs: 4 }],
    [[0.7], { median: 0.7, min: 0.7, max: 0.7, runs: 1 }],
  ])('GIVEN samples %j THEN the median, spread and count are %j', (samples, expected) => {
    expect(summarize(samples)).toEqual(expected);
  });

  test('GIVEN no samples THEN it refuses', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });

  test('GIVEN a missing sample THEN there is no summary rather than a median of the rest', () => {
    expect(summarizeDefined([1, undefined, 3])).toBeUndefined();
    expect(summarizeDefined([])).toBeUndefined();
    expect(summarizeDefined([1, 3])?.median).toBe(2);
  });

  test('formatSummary prints the median with the range, or the single value', () => {
    expect(formatSummary(summarize([1.234, 0.5, 2]), 's')).toBe('1.23 s (0.50–2.00)');
    expect(formatSummary(summarize([12.34]), 's', 1)).toBe('12.3 s');
    expect(formatSummary(undefined, 's')).toBe('n/a');
  });
});

describe('evaluateTargets', () => {
  test('GIVEN values at, over and without a measurement THEN met, missed and not measured', () => {
    const results = evaluateTargets({ npmSynthSeconds: 3.5, floorRatio: 1.9 });
    expect(results.find((r) => r.target.includes('of all example environments'))).toMatchObject({ limit: '≤ 3.5 s', measured: '3.50 s', verdict: 'met' });
    expect(results.find((r) => r.target.includes('script alone'))).toMatchObject({ limit: '≤ 1.5×', measured: '1.90×', verdict: 'missed' });
    expect(results.find((r) => r.target.includes('whole'))).toMatchObject({ measured: 'n/a', verdict: 'not measured' });
    expect(results).toHaveLength(7);
  });
});

describe('markdownTable', () => {
  test('GIVEN cells with pipes and line breaks THEN they are escaped and joined', () => {
    expect(markdownTable(['a', 'b'], [['x | y', 'one\n  two']])).toBe('| a | b |\n| --- | --- |\n| x \\| y | one two |');
  });
});

describe('concurrencyLevels', () => {
  test.each([
    [1, [1, 2]],
    [2, [1, 2, 4]],
    [8, [1, 2, 8, 16]],
  ])('GIVEN %i cores THEN %j', (cores, levels) => {
    expect(concurrencyLevels(cores)).toEqual(levels);
  });
});
