import * as fs from 'fs';

/**
 * The split behind `npm run test:shard -- k/n` (__tests__/helpers/shard-sequencer.cjs): each runner of the
 * workflows computes its own shard, so the split must be complete, disjoint and the same everywhere, whatever the
 * committed table of seconds says. The real jest run of each shard is in __tests__/architecture/test-scripts.test.ts.
 */
const { balancedShards, SECONDS_FILE } = require('../helpers/shard-sequencer.cjs') as {
  balancedShards: (files: readonly string[], seconds: Readonly<Record<string, number>>, count: number) => string[][];
  SECONDS_FILE: string;
};

const table: Record<string, number> = JSON.parse(fs.readFileSync(SECONDS_FILE, 'utf8'));

describe('balancedShards', () => {
  test.each([1, 2, 3, 4, 7])('GIVEN the committed table WHEN split in %i THEN every file is in exactly one shard', (count) => {
    const files = Object.keys(table);
    const shards = balancedShards(files, table, count);
    expect(shards).toHaveLength(count);
    expect(shards.flat().sort()).toEqual([...files].sort());
  });

  test.each([2, 3, 4])('GIVEN the committed table WHEN split in %i THEN no shard holds more than its share plus the longest file', (count) => {
    const files = Object.keys(table);
    const seconds = (shard: string[]) => shard.reduce((sum, file) => sum + table[file], 0);
    const total = seconds(files);
    const longest = Math.max(...Object.values(table));
    for (const shard of balancedShards(files, table, count)) expect(seconds(shard)).toBeLessThanOrEqual(total / count + longest);
  });

  test('GIVEN the same files in another order THEN the same shards (each runner computes its own)', () => {
    const files = Object.keys(table);
    expect(balancedShards([...files].reverse(), table, 4)).toEqual(balancedShards(files, table, 4));
  });

  test('GIVEN files of known seconds THEN the longest first, each to the lightest shard', () => {
    const seconds = { 'a.test.ts': 50, 'b.test.ts': 40, 'c.test.ts': 30, 'd.test.ts': 20, 'e.test.ts': 10 };
    expect(balancedShards(Object.keys(seconds), seconds, 2)).toEqual([
      ['a.test.ts', 'd.test.ts', 'e.test.ts'],
      ['b.test.ts', 'c.test.ts'],
    ]);
  });

  test('GIVEN a file the table does not know THEN it weighs the median, and a file the table names but jest did not find is left out', () => {
    const seconds = { 'heavy.test.ts': 30, 'a.test.ts': 2, 'b.test.ts': 2, 'gone.test.ts': 1 };
    const shards = balancedShards(['heavy.test.ts', 'a.test.ts', 'b.test.ts', 'new.test.ts'], seconds, 2);
    expect(shards).toEqual([['heavy.test.ts'], ['a.test.ts', 'b.test.ts', 'new.test.ts']]);
  });

  test('GIVEN no table at all THEN every file weighs the same and the split stays complete', () => {
    const files = Array.from({ length: 9 }, (_, i) => `s${i}.test.ts`);
    const shards = balancedShards(files, {}, 4);
    expect(shards.map((shard) => shard.length)).toEqual([3, 2, 2, 2]);
    expect(shards.flat().sort()).toEqual(files);
  });

  // A file renamed or removed since the table was written only unbalances the shards: not checked here.
  test('THEN the committed table names test files relative to the repository, each with a positive number of seconds', () => {
    expect(Object.keys(table).length).toBeGreaterThan(0);
    for (const [file, seconds] of Object.entries(table)) {
      expect(file).toMatch(/^__tests__\/[\w./-]+\.test\.ts$/);
      expect(seconds).toBeGreaterThan(0);
    }
  });
});
