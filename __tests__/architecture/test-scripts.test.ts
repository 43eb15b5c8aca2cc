import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';

/**
 * `npm test` and its parts. The pull-request and deploy workflows run `npm run test:static` in one job and
 * `npm run test:shard -- k/n` on n runners at once (.github/workflows/pull-request.yml, deploy.yml); a developer
 * runs `npm run test:unit` or `npm run test:plan`. Each way of splitting must be exactly `npm test`, or a pull
 * request could pass with a check that `npm test` would fail.
 */
const root = path.resolve(__dirname, '../..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
const jestConfig = require(path.join(root, 'jest.config.js')) as { projects: { displayName: string }[] };

const execFileAsync = promisify(execFile);

/** The test files a command would run, as jest lists them (`--listTests --json` appended), relative and sorted. */
async function listedTests(command: string, args: readonly string[]): Promise<string[]> {
  const { stdout } = await execFileAsync(command, [...args, '--listTests', '--json'], { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as string[]).map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
}

describe('npm test and its parts (npm run test:static, npm run test:unit, npm run test:plan, npm run test:shard)', () => {
  test('THEN npm test is the static checks, then jest over every project, jest last (npm run bench appends its report flags)', () => {
    expect(scripts.test).toBe('npm run -s test:static && jest');
  });

  test('THEN the static checks are the type check, the dependency rules, lint, dead code and format, each failing the run', () => {
    const checks = scripts['test:static'].split(' && ');
    expect(checks).toEqual(['tsc --noEmit', 'npm run -s deps', 'npm run -s lint', 'npm run -s knip', 'npm run -s format:check']);
    for (const check of checks.slice(1)) expect(scripts[check.replace('npm run -s ', '')]).toBeDefined();
  });

  test('THEN test:unit and test:plan each select one jest project, and together every project of jest.config.js', () => {
    const selected = ['test:unit', 'test:plan'].map((name) => /^jest --selectProjects (\w+)$/.exec(scripts[name])?.[1]);
    expect(selected).toEqual(['unit', 'plan']);
    expect(jestConfig.projects.map((project) => project.displayName).sort()).toEqual([...selected].sort());
  });

  test('THEN test:shard is jest over every project with --shard, the shard given as its one argument', () => {
    expect(scripts['test:shard']).toBe('jest --shard');
  });

  test('WHEN jest lists the tests of npm run test:shard -- 1/3, 2/3 and 3/3 THEN together every test file of npm test, each once', async () => {
    // jest as npm test runs it (after the static checks), and each shard through its npm script.
    const jest = path.join(root, 'node_modules', '.bin', 'jest');
    const [all, ...shards] = await Promise.all([listedTests(jest, []), ...[1, 2, 3].map((k) => listedTests('npm', ['run', '-s', 'test:shard', '--', `${k}/3`]))]);
    expect(all.length).toBeGreaterThan(100);
    for (const shard of shards) expect(shard.length).toBeGreaterThan(0);
    expect(shards.flat().sort()).toEqual(all);
  }, 120_000);
});
