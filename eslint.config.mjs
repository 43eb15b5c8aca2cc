// ESLint (npm run lint, part of npm test): typescript-eslint's type-checked rules over every TypeScript file,
// plus the rules that replaced tests grepping the source. docs/architecture.md, "Lint, format and dead code".
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Folders of reusable constructs (the same list as .dependency-cruiser.cjs). */
const CONSTRUCT_FOLDERS = ['apigw', 'construct-support', 'dns', 'ecs', 'edge', 'eks', 'envoy', 'iam', 'network', 'observability', 's3', 'state'];

export default defineConfig(
  { ignores: ['node_modules/', 'cdktf.out/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Off: synthesized Terraform JSON, plan JSON and AWS CLI output are untyped documents read through `any`;
      // typing every reader is a rewrite, not a lint fix (about 1,800 findings, most in tests).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Off: they fire on those same untyped JSON values written into messages.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Off: lazy require() keeps heavy modules (protobufjs, the workflow parser) out of commands that do not need them.
      '@typescript-eslint/no-require-imports': 'off',
      // Off: entry points keep one shape, `async function main()` with `main().catch(...)`, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // Off: the methods passed on (jest matchers, Testing helpers, String.prototype methods) do not use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Off: the expected text of a message is written as it prints; the regexes match control characters on purpose.
      'no-regex-spaces': 'off',
      'no-control-regex': 'off',
      // Off: escaped `/` and `"` in regexes read as the text they match; removing the escapes changes nothing.
      'no-useless-escape': 'off',
      // Off: a declaration initialised before a `try` that assigns it reads as intended.
      'no-useless-assignment': 'off',
      // `_`-prefixed names are discarded on purpose (rest siblings, positional arguments).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Constructs and stacks read no environment variable: configuration reaches them as props (docs/architecture.md).
    files: [...CONSTRUCT_FOLDERS.map((folder) => `lib/${folder}/**/*.ts`), 'stacks/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'constructs and stacks take configuration as props (main.ts reads the environment)' }],
    },
  },
  {
    // One job per file: a lib/ module over 300 lines is split (docs/architecture.md).
    files: ['lib/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Every script parses its flags with the one strict helper (parseCommandLine, scripts/support/command-line.ts), never process.argv.
    files: ['scripts/**/*.ts'],
    ignores: ['scripts/support/command-line.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'argv', message: 'parse flags with parseCommandLine (scripts/support/command-line.ts)' }],
    },
  },
);
