import * as path from 'path';

/** The part of jest's `--json` output read here (https://jestjs.io/docs/cli#--json). */
export interface JestJsonReport {
  readonly testResults: readonly { readonly name: string; readonly startTime: number; readonly endTime: number; readonly status: string }[];
}

export interface SuiteTime {
  /** The test file, relative to the repository. */
  readonly suite: string;
  readonly project: 'unit' | 'plan';
  readonly seconds: number;
}

/** Which jest project a test file belongs to: the plan project's testMatch in jest.config.js. */
export function projectOf(suite: string): SuiteTime['project'] {
  return suite.startsWith('__tests__/plan/') || suite.endsWith('.plan.test.ts') ? 'plan' : 'unit';
}

/** Every test file of a jest run with its wall time in its worker, slowest first. */
function suiteTimes(report: JestJsonReport, root: string): SuiteTime[] {
  return report.testResults
    .map((result) => {
      const suite = path.relative(root, result.name).split(path.sep).join('/');
      return { suite, project: projectOf(suite), seconds: (result.endTime - result.startTime) / 1000 };
    })
    .sort((a, b) => b.seconds - a.seconds || a.suite.localeCompare(b.suite));
}

/** The `count` slowest test files of a jest run, slowest first (wall time of each file in its worker). */
export function slowestSuites(report: JestJsonReport, root: string, count = 10): SuiteTime[] {
  return suiteTimes(report, root).slice(0, count);
}

/**
 * Seconds per test file (to 0.1 s, at least 0.1), keyed by path in path order: the table by which
 * `npm run test:shard` balances its shards (__tests__/helpers/shard-sequencer.cjs).
 */
export function shardTable(report: JestJsonReport, root: string): Record<string, number> {
  const times = suiteTimes(report, root).sort((a, b) => (a.suite < b.suite ? -1 : a.suite > b.suite ? 1 : 0));
  return Object.fromEntries(times.map((t) => [t.suite, Math.max(0.1, Math.round(t.seconds * 10) / 10)]));
}
