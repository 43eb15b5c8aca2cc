import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkEnvoyFile } from '../../tools/envoy/check-envoy-file';
import { HOSTILE_CASES } from '../config/hostile-inputs';

/**
 * The hostile inputs that are about YAML itself (not about environment
 * settings) must be refused by `npm run envoy:check` too, with a position and
 * no crash.
 */
const YAML_LEVEL = ['duplicate-service-name', 'yaml-syntax-error', 'tab-indentation', 'alias-bomb', 'top-level-list', 'empty-file', 'binary-garbage', 'ten-megabyte-file', 'deep-nesting'];
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-envoy-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('envoy:check on hostile files', () => {
  test.each(HOSTILE_CASES.filter((c) => YAML_LEVEL.includes(c.name)).map((c) => [c.name, c] as const))('GIVEN %s THEN it is reported invalid with file:line:col', (name, hostile) => {
    const file = path.join(folder, `${name}.yaml`);
    fs.writeFileSync(file, typeof hostile.text === 'string' ? hostile.text : hostile.text());
    const problems = checkEnvoyFile(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThan(20);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:\\d+:\\d+: \\S`));
  });
});
