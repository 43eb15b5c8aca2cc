import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * ESLint, Prettier and knip (npm run lint, format:check, knip: part of npm test) each fail on one planted
 * violation: the project's own configuration runs over a scratch tree of small modules, so a configuration
 * that silently stopped checking (a wrong glob, an ignore too wide) fails here. docs/architecture.md,
 * "Lint, format and dead code".
 */
const root = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function inScratch(configs: readonly string[], files: Record<string, string>, program: string, args: readonly string[]): { status: number | null; output: string } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-format-dead-code-'));
  try {
    for (const config of configs) fs.copyFileSync(path.join(root, config), path.join(scratch, config));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      fs.writeFileSync(path.join(scratch, file), text);
    }
    // No colours whatever the run inherits (jest workers may carry FORCE_COLOR): the assertions read plain text.
    const result = spawnSync(bin(program), args, { cwd: scratch, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, types: ['node'] }, include: ['**/*.ts'] });

describe('ESLint (npm run lint)', () => {
  test('GIVEN a floating promise, an environment read in a construct, flags read from process.argv and a 301-line lib module THEN each is an error', () => {
    const result = inScratch(
      ['eslint.config.mjs'],
      {
        'tsconfig.json': TSCONFIG,
        'lib/dns/record.ts': "export const ZONE = process.env.ZONE;\nexport async function lookup(): Promise<string> {\n  return 'a';\n}\nvoid lookup();\n",
        'tools/pull-request/diff.ts': "import { lookup } from '../../lib/dns/record';\nexport function diff(): void {\n  lookup();\n}\n",
        'scripts/diff.ts': 'export const FLAGS = process.argv.slice(2);\n',
        'lib/util/long.ts': `${'export const A = 1;\n'}${'// filler\n'.repeat(300)}`,
        'lib/util/short.ts': 'export const B = 1;\n',
      },
      'eslint',
      ['--max-warnings', '0', '--no-warn-ignored', '.'],
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/lib\/dns\/record\.ts\n\s+1:\d+\s+error\s+'process\.env' is restricted .*no-restricted-properties/);
    expect(result.output).toMatch(/tools\/pull-request\/diff\.ts\n\s+3:3\s+error\s+Promises must be awaited.*@typescript-eslint\/no-floating-promises/);
    expect(result.output).toMatch(/scripts\/diff\.ts\n\s+1:\d+\s+error\s+'process\.argv' is restricted .*no-restricted-properties/);
    expect(result.output).toMatch(/lib\/util\/long\.ts\n\s+\d+:\d+\s+error\s+File has too many lines \(301\)\. Maximum allowed is 300.*max-lines/);
    expect(result.output).not.toMatch(/short\.ts/);
    expect(result.output).toMatch(/✖ 4 problems \(4 errors, 0 warnings\)/);
  }, 30_000);
});

describe('Prettier (npm run format:check)', () => {
  test('GIVEN one file in the repository style and one with double quotes THEN the check names only the second, and data files are not checked', () => {
    const result = inScratch(
      ['.prettierrc.json', '.prettierignore'],
      {
        'lib/good.ts': "export const GOOD = { name: 'a', list: [1, 2, 3] };\n",
        'lib/bad.ts': 'export const BAD = { name: "a" }\n',
        'environments/dev.yaml': 'name:   dev\n',
      },
      'prettier',
      ['--check', '.'],
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/\[warn\] lib\/bad\.ts\n/);
    expect(result.output).not.toMatch(/good\.ts|dev\.yaml/);
  }, 15_000);
});

describe('knip (npm run knip)', () => {
  test('GIVEN an unused file, an unused export and an unused dependency THEN each is reported, and an export only a test uses is not', () => {
    const result = inScratch(
      ['knip.jsonc'],
      {
        'package.json': JSON.stringify({ name: 'scratch', private: true, scripts: { test: 'jest' }, dependencies: { yaml: '2.9.1', zod: '4.6.7' }, devDependencies: { jest: '29.7.0' } }),
        'tsconfig.json': TSCONFIG,
        'jest.config.js': "module.exports = { testMatch: ['<rootDir>/__tests__/**/*.test.ts'] };\n",
        'main.ts': "import { used } from './lib/util/values';\nimport { z } from 'zod';\nexport const OUT = z.string().parse(used());\n",
        'lib/util/values.ts':
          "export function used(): string {\n  return 'a';\n}\nexport function unusedEverywhere(): string {\n  return 'b';\n}\nexport function usedByTests(): string {\n  return 'c';\n}\n",
        'lib/util/orphan.ts': 'export const ORPHAN = 1;\n',
        '__tests__/values.test.ts': "import { usedByTests } from '../lib/util/values';\ntest('c', () => expect(usedByTests()).toBe('c'));\n",
      },
      'knip',
      ['--no-progress', '--no-config-hints'],
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/Unused files \(1\)\nlib\/util\/orphan\.ts/);
    expect(result.output).toMatch(/Unused dependencies \(1\)\nyaml /);
    expect(result.output).toMatch(/Unused exports \(1\)\nunusedEverywhere\s+function\s+lib\/util\/values\.ts/);
    expect(result.output).not.toMatch(/usedByTests/);
  }, 30_000);
});
