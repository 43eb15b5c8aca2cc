import * as fs from 'fs';
import * as path from 'path';

/**
 * `npm test` and its parts. The pull-request workflow runs `npm run test:static` and `npm run test:unit` in one job
 * and `npm run test:plan` in another, at the same time (.github/workflows/pull-request.yml): together they must be
 * exactly `npm test`, or a pull request could pass with a check that `npm test` would fail.
 */
const root = path.resolve(__dirname, '../..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
const jestConfig = require(path.join(root, 'jest.config.js')) as { projects: { displayName: string }[] };

describe('npm test and its parts (npm run test:static, npm run test:unit, npm run test:plan)', () => {
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
});
