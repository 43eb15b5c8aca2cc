import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runScript } from '../helpers/run-script';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join('__tests__', 'envoy', 'fixtures');
const valid = fs.readdirSync(path.join(root, fixtures, 'valid')).map((file) => path.join(fixtures, 'valid', file));

function envoyCheck(...files: string[]) {
  const result = runScript('scripts/envoy-check.ts', files);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.trimEnd().split('\n') };
}

describe('npm run envoy:check', () => {
  test('GIVEN valid YAML and JSON bootstrap files THEN each is valid, the summary counts them and the exit code is 0', () => {
    const result = envoyCheck(...valid);
    expect(valid.some((file) => file.endsWith('.json'))).toBe(true);
    expect(result.lines).toEqual([...valid.map((file) => `${file}: valid`), `${valid.length} files, ${valid.length} valid, 0 invalid`]);
    expect(result.status).toBe(0);
  });

  test('GIVEN an invalid file among valid ones THEN its problems are listed with line, column and path, and the exit code is 1', () => {
    const invalid = path.join(fixtures, 'invalid', 'v2-hosts.yaml');
    const result = envoyCheck(valid[0], invalid);
    expect(result.lines).toEqual([
      `${valid[0]}: valid`,
      `${invalid}: invalid`,
      expect.stringMatching(new RegExp(`^  ${invalid.replace(/[./]/g, '\\$&')}:26:7: static_resources\\.clusters\\[0\\]\\.hosts: unknown field "hosts" in envoy\\.config\\.cluster\\.v3\\.Cluster: "hosts" is v2 API configuration, removed in v3; use load_assignment`)),
      '2 files, 1 valid, 1 invalid',
    ]);
    expect(result.status).toBe(1);
  });

  test('GIVEN a YAML syntax error, a duplicate key or a missing file THEN each is invalid with its position', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-check-'));
    const broken = path.join(work, 'broken.yaml');
    const duplicate = path.join(work, 'duplicate.yaml');
    fs.writeFileSync(broken, 'static_resources:\n  listeners: [unclosed\n');
    fs.writeFileSync(duplicate, 'admin: {}\nadmin: {}\n');
    const result = envoyCheck(broken, duplicate, path.join(work, 'missing.yaml'));
    expect(result.lines).toEqual([
      `${broken}: invalid`,
      expect.stringMatching(new RegExp(`^  ${broken.replace(/[./]/g, '\\$&')}:\\d+:\\d+: YAML: `)),
      `${duplicate}: invalid`,
      expect.stringMatching(new RegExp(`^  ${duplicate.replace(/[./]/g, '\\$&')}:2:1: YAML: Map keys must be unique`)),
      `${path.join(work, 'missing.yaml')}: invalid`,
      `  ${path.join(work, 'missing.yaml')}: file not found`,
      '3 files, 0 valid, 3 invalid',
    ]);
    expect(result.status).toBe(1);
  });

  test('GIVEN no file THEN it prints its usage and exits 2', () => {
    const result = envoyCheck();
    expect(result.stderr).toMatch(/^usage: npm run envoy:check -- FILE\.\.\./);
    expect(result.status).toBe(2);
  });
});
