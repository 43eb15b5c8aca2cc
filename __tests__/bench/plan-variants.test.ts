import { concurrencyLevels, describeOutcome } from '../../tools/bench/plan-variants';

describe('plan variant outcomes', () => {
  const base = { runs: 3, failedRuns: 0, warmUpFailed: false, failures: [] as string[] };

  test('GIVEN every run planned THEN all planned', () => {
    expect(describeOutcome(base)).toBe('all planned');
  });

  test('GIVEN only the warm-up failed THEN the timed runs count as planned and the warm-up failure is named', () => {
    expect(describeOutcome({ ...base, warmUpFailed: true, failures: ['stg-bootstrap: init failed'] })).toBe('all 3 timed runs planned; the warm-up failed (stg-bootstrap: init failed)');
  });

  test('GIVEN timed runs failed THEN how many, whether the warm-up did too, and the first failure', () => {
    expect(describeOutcome({ ...base, failedRuns: 2, warmUpFailed: true, failures: ['dev-platform: init failed'] })).toBe(
      '2 of 3 timed runs failed, and the warm-up (first: dev-platform: init failed)',
    );
    expect(describeOutcome({ ...base, failedRuns: 1, failures: ['a: plan failed', 'b: init failed'] })).toBe('1 of 3 timed runs failed (first: a: plan failed; b: init failed)');
  });
});

test('concurrency levels: 1, 2, the cores and twice that, without repeats', () => {
  expect(concurrencyLevels(2)).toEqual([1, 2, 4]);
  expect(concurrencyLevels(8)).toEqual([1, 2, 8, 16]);
});
