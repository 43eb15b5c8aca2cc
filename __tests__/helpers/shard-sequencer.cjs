// @ts-check
'use strict';
/**
 * jest's test sequencer (jest.config.js `testSequencer`) with one change: `--shard=k/n` splits the test files by
 * their measured time instead of by a hash of their paths. The pull-request and deploy workflows run `npm run
 * test:shard -- k/n` on n runners at once; jest's own split puts the heavy plan suites wherever their path hashes
 * fall, so one runner could get most of the Terraform work and the check would wait for it.
 *
 * The split: every test file's seconds from suite-seconds.json (written by `npm run bench`: each file's wall time in
 * its worker during a whole `npm test`), the longest first, each to the shard with the least time so far (ties to the
 * lower shard); a file the table does not know yet counts as the median of the table. Only the paths and the
 * committed table decide, so every runner computes the same split, and the n shards run every test file exactly once
 * whatever the table says: a stale table costs balance, never a test (__tests__/architecture/test-scripts.test.ts).
 */
const fs = require('fs');
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds per test file, keyed by its path relative to the repository with `/` separators. */
const SECONDS_FILE = path.join(__dirname, 'suite-seconds.json');

/** @param {string} file @returns {Record<string, number>} */
function readSeconds(file) {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** @param {readonly number[]} values */
function median(values) {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The files of each of `count` shards, balanced by seconds (longest processing time first).
 * @param {readonly string[]} files paths relative to the repository
 * @param {Readonly<Record<string, number>>} seconds
 * @param {number} count
 * @returns {string[][]}
 */
function balancedShards(files, seconds, count) {
  const unknown = median(Object.values(seconds));
  const weighed = [...new Set(files)].map((file) => ({ file, seconds: Object.hasOwn(seconds, file) ? seconds[file] : unknown }));
  weighed.sort((a, b) => b.seconds - a.seconds || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const shards = Array.from({ length: count }, () => ({ files: /** @type {string[]} */ ([]), seconds: 0 }));
  for (const entry of weighed) {
    const lightest = shards.reduce((best, shard) => (shard.seconds < best.seconds ? shard : best));
    lightest.files.push(entry.file);
    lightest.seconds += entry.seconds;
  }
  return shards.map((shard) => shard.files);
}

class ShardSequencer extends Sequencer {
  /**
   * @template {{ path: string, context: { config: { rootDir: string } } }} T jest's Test
   * @param {readonly T[]} tests
   * @param {{ shardIndex: number, shardCount: number }} options
   */
  shard(tests, { shardIndex, shardCount }) {
    /** @param {T} test */
    const relative = (test) => path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    const mine = new Set(balancedShards(tests.map(relative), readSeconds(SECONDS_FILE), shardCount)[shardIndex - 1]);
    return tests.filter((test) => mine.has(relative(test)));
  }
}

module.exports = ShardSequencer;
module.exports.balancedShards = balancedShards;
module.exports.SECONDS_FILE = SECONDS_FILE;
