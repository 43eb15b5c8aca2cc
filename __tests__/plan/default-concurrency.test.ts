import { defaultConcurrency } from '../../tools/offline-plan/offline-plan';

const GiB = 1024 ** 3;

describe('defaultConcurrency', () => {
  test.each([
    [2, 24 * GiB, 4],
    [16, 64 * GiB, 32],
    [8, 6 * GiB, 6],
    [4, 0.5 * GiB, 1],
  ])('GIVEN %i cores and %d bytes of memory THEN %i stacks at once', (cores, memory, expected) => {
    expect(defaultConcurrency(cores, memory)).toBe(expected);
  });
});
