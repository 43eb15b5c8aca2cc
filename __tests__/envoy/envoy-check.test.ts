import * as fs from 'fs';
import * as path from 'path';
import { runScript } from '../helpers/run-script';
import { scratchDir } from '../helpers/scratch';

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
      expect.stringMatching(
        new RegExp(
          `^  ${invalid.replace(/[./]/g, '\\$&')}:26:7: static_resources\\.clusters\\[0\\]\\.hosts: unknown field "hosts" in envoy\\.config\\.cluster\\.v3\\.Cluster: "hosts" is v2 API configuration, removed in v3; use load_assignment`,
        ),
      ),
      '2 files, 1 valid, 1 invalid',
    ]);
    expect(result.status).toBe(1);
  });

  test('GIVEN a YAML syntax error, a duplicate key or a missing file THEN each is invalid with its position', () => {
    const work = scratchDir('envoy-check-');
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

  describe('accepts what Envoy accepts', () => {
    const accepted = path.join(fixtures, 'accepted');
    const file = (name: string) => path.join(accepted, name);

    test('GIVEN the accepted corpus as a directory THEN every file in it, recursively, YAML and JSON, is valid and the exit code is 0', () => {
      const result = envoyCheck(accepted);
      const verdicts = result.lines.filter((line) => !line.startsWith('  '));
      expect(verdicts).toEqual([
        `${file('deprecated-field.yaml')}: valid`,
        `${file('ignore-tag.yaml')}: valid`,
        `${file(path.join('json', 'tab-indented.json'))}: valid`,
        `${file('lowercase-enums.yaml')}: valid`,
        '4 files, 4 valid, 0 invalid, 1 with warnings',
      ]);
      expect(result.status).toBe(0);
    });

    test('GIVEN a deprecated field THEN it is a warning naming the replacement field, and an error under --strict', () => {
      const deprecated = file('deprecated-field.yaml');
      const message = `${deprecated}:8:7: static_resources.clusters[0].max_requests_per_connection: "max_requests_per_connection" is deprecated in Envoy's v3 API (since API version 3.0): use envoy.config.core.v3.HttpProtocolOptions.max_requests_per_connection instead`;
      const lenient = envoyCheck(deprecated);
      expect(lenient.lines).toEqual([`${deprecated}: valid`, `  warning: ${message} (Envoy loads it with a warning)`, '1 files, 1 valid, 0 invalid, 1 with warnings']);
      expect(lenient.status).toBe(0);
      const strict = envoyCheck('--strict', deprecated);
      expect(strict.lines).toEqual([`${deprecated}: invalid`, `  ${message} (deprecated fields are errors under --strict)`, '1 files, 0 valid, 1 invalid']);
      expect(strict.status).toBe(1);
    });

    test('GIVEN an enum name with a typo in any case THEN it stays invalid', () => {
      const work = scratchDir('envoy-check-');
      const typo = path.join(work, 'typo.yaml');
      fs.writeFileSync(typo, fs.readFileSync(file('lowercase-enums.yaml'), 'utf8').replace('type: strict_dns', 'type: strict_dnz'));
      const result = envoyCheck(typo);
      expect(result.lines[1]).toMatch(/:29:7: static_resources\.clusters\[0\]\.type: unknown value string "strict_dnz" of enum envoy\.config\.cluster\.v3\.Cluster\.DiscoveryType/);
      expect(result.status).toBe(1);
    });

    test('GIVEN a key tagged !ignore THEN only that key is dropped: an unknown field elsewhere is still reported', () => {
      const work = scratchDir('envoy-check-');
      const other = path.join(work, 'ignore.yaml');
      fs.writeFileSync(other, `${fs.readFileSync(file('ignore-tag.yaml'), 'utf8')}not_ignored: {}\n`);
      const result = envoyCheck(other);
      expect(result.lines.slice(0, 2)).toEqual([
        `${other}: invalid`,
        expect.stringMatching(/:\d+:1: not_ignored: unknown field "not_ignored" in envoy\.config\.bootstrap\.v3\.Bootstrap: not in this checker's Envoy API snapshot/),
      ]);
    });

    test('GIVEN a JSON syntax error THEN it is invalid with its line and column', () => {
      const work = scratchDir('envoy-check-');
      const broken = path.join(work, 'broken.json');
      fs.writeFileSync(broken, '{\n  "admin": {,}\n}\n');
      const result = envoyCheck(broken);
      expect(result.lines.slice(0, 2)).toEqual([`${broken}: invalid`, expect.stringMatching(new RegExp(`^  ${broken.replace(/[./]/g, '\\$&')}:2:13: JSON: `))]);
      expect(result.status).toBe(1);
    });

    test("GIVEN the project's templates folder THEN each file is recognized as a template and explained, not reported invalid", () => {
      const result = envoyCheck(path.join('envoy', 'templates'));
      const templates = result.lines.filter((line) => line.includes(': template, not checked: '));
      expect(templates.length).toBeGreaterThanOrEqual(4);
      expect(templates[0]).toMatch(
        /^envoy\/templates\/\S+\.yaml: template, not checked: a template of envoy\/templates, not an Envoy bootstrap: .*__tests__\/envoy\/golden\/<environment>\/<service>\.yaml/,
      );
      expect(result.lines.at(-1)).toBe(`${templates.length} files, 0 valid, 0 invalid, ${templates.length} templates`);
      expect(result.status).toBe(0);
    });

    test('GIVEN an empty directory THEN it is invalid with a message', () => {
      const work = scratchDir('envoy-check-');
      const result = envoyCheck(work);
      expect(result.lines).toEqual([`${work}: invalid`, `  ${work}: directory holds no .yaml, .yml or .json file`, '1 files, 0 valid, 1 invalid']);
      expect(result.status).toBe(1);
    });

    test('GIVEN keys that are members of every JavaScript object (__proto__, constructor, toString…) THEN each is refused where it is written', () => {
      const hostile = path.join(fixtures, 'invalid', 'prototype-keys.yaml');
      const result = envoyCheck(hostile);
      expect(result.lines).toEqual([
        `${hostile}: invalid`,
        `  ${hostile}:3:1: __proto__: unknown field "__proto__" in envoy.config.bootstrap.v3.Bootstrap`,
        `  ${hostile}:7:7: static_resources.clusters[0].constructor: unknown field "constructor" in envoy.config.cluster.v3.Cluster`,
        expect.stringMatching(/^  \S+:8:7: static_resources\.clusters\[0\]\.type: unknown value string "toString" of enum envoy\.config\.cluster\.v3\.Cluster\.DiscoveryType/),
        `  ${hostile}:18:11: static_resources.clusters[0].typed_extension_protocol_options.hasOwnProperty.@type: "@type" type.googleapis.com/constructor does not resolve to a message of Envoy's v3 API`,
        '1 files, 0 valid, 1 invalid',
      ]);
      expect(result.status).toBe(1);
    });
  });

  test('GIVEN no file THEN it prints its usage and exits 2', () => {
    const result = envoyCheck();
    expect(result.stderr).toMatch(/^usage: npm run envoy:check -- \[--strict\] PATH\.\.\./);
    expect(result.status).toBe(2);
  });
});
