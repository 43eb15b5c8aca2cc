import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const CONSTRUCT_FOLDERS = ['apigw', 'construct-support', 'dns', 'ecs', 'edge', 'eks', 'envoy', 'iam', 'network', 'observability', 's3', 'state'];

/** Runs the project's dependency rules (.dependency-cruiser.cjs) over a scratch tree of small modules. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dependency-rules-'));
  try {
    fs.copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(scratch, '.dependency-cruiser.cjs'));
    fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    for (const folder of ['lib', 'stacks', 'tools']) fs.mkdirSync(path.join(scratch, folder));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      fs.writeFileSync(path.join(scratch, file), text);
    }
    const result = spawnSync(path.join(root, 'node_modules/.bin/depcruise'), ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'lib', 'stacks', 'tools'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

describe('the dependency rules (npm run deps, part of npm test)', () => {
  test('GIVEN modules that follow the layering THEN no violation is found', () => {
    const result = cruise({
      'lib/config/schema.ts': 'export const SCHEMA = 1;\n',
      'lib/dns/record.ts': 'export const RECORD = 1;\n',
      'lib/synth/pipeline.ts': "import { SCHEMA } from '../config/schema';\nimport { RECORD } from '../dns/record';\nexport const PIPELINE = SCHEMA + RECORD;\n",
      'stacks/platform.ts': "import { RECORD } from '../lib/dns/record';\nexport const STACK = RECORD;\n",
      'tools/pull-request/diff.ts': "import { PIPELINE } from '../../lib/synth/pipeline';\nexport const DIFF = PIPELINE;\n",
    });
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  test('GIVEN a construct importing the configuration, a file read, a stack, tooling and a cycle THEN each rule names its violation', () => {
    const result = cruise({
      'lib/config/schema.ts': "import { RECORD } from '../dns/record';\nexport const SCHEMA = RECORD;\n",
      'lib/dns/record.ts': "import * as fs from 'fs';\nimport { SCHEMA } from '../config/schema';\nexport const RECORD = fs.constants.F_OK + SCHEMA;\n",
      'lib/synth/pipeline.ts': "import { STACK } from '../../stacks/platform';\nimport { DIFF } from '../../tools/pull-request/diff';\nexport const PIPELINE = STACK + DIFF;\n",
      'stacks/platform.ts': 'export const STACK = 1;\n',
      'tools/pull-request/diff.ts': "import { spawnSync } from 'child_process';\nexport const DIFF = spawnSync('true').status;\n",
      'tools/process/run-process.ts': "import { spawnSync } from 'child_process';\nexport const RUN = spawnSync('true').status;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/no-cycles: lib\/config\/schema\.ts →\s+lib\/dns\/record\.ts →\s+lib\/config\/schema\.ts/);
    expect(result.output).toMatch(/constructs-take-props: lib\/dns\/record\.ts → lib\/config\/schema\.ts/);
    expect(result.output).toMatch(/no-io-in-constructs-and-stacks: lib\/dns\/record\.ts → fs/);
    expect(result.output).toMatch(/only-entry-points-import-stacks: lib\/synth\/pipeline\.ts → stacks\/platform\.ts/);
    expect(result.output).toMatch(/product-does-not-import-tooling: lib\/synth\/pipeline\.ts → tools\/pull-request\/diff\.ts/);
    expect(result.output).toMatch(/one-process-runner: tools\/pull-request\/diff\.ts → child_process/);
    expect(result.output).not.toMatch(/one-process-runner: tools\/process/);
  });
});

describe('the plain folders: lib/util/ and the Terraform JSON reader (lib/terraform-json/)', () => {
  test('GIVEN a utility and the reader importing only plain modules THEN no violation is found', () => {
    const result = cruise({
      'lib/util/key-path.ts': "import { parse } from 'yaml';\nexport const KEY = typeof parse;\n",
      'lib/terraform-json/synthesized-stack.ts': "import { KEY } from '../util/key-path';\nexport const READER = KEY;\n",
      'lib/guardrails/evaluate-stack.ts': "import { READER } from '../terraform-json/synthesized-stack';\nexport const EVALUATE = READER;\n",
    });
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  test('GIVEN a utility importing cdktf, a construct helper and fs, and the reader importing the provider and the configuration THEN each import is named', () => {
    const result = cruise({
      'lib/construct-support/naming.ts': 'export const NAME = 1;\n',
      'lib/config/schema.ts': 'export const SCHEMA = 1;\n',
      'lib/util/key-path.ts': "import { App } from 'cdktf';\nimport { NAME } from '../construct-support/naming';\nimport * as fs from 'fs';\nexport const KEY = [App, NAME, fs];\n",
      'lib/terraform-json/synthesized-stack.ts':
        "import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';\nimport { SCHEMA } from '../config/schema';\nexport const READER = [LbListener, SCHEMA];\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/utilities-are-plain: lib\/util\/key-path\.ts → cdktf/);
    expect(result.output).toMatch(/utilities-are-plain: lib\/util\/key-path\.ts → lib\/construct-support\/naming\.ts/);
    expect(result.output).toMatch(/utilities-are-plain: lib\/util\/key-path\.ts → fs/);
    expect(result.output).toMatch(/terraform-json-reader-stands-alone: lib\/terraform-json\/synthesized-stack\.ts → @cdktf\/provider-aws\/lib\/lb-listener/);
    expect(result.output).toMatch(/terraform-json-reader-stands-alone: lib\/terraform-json\/synthesized-stack\.ts → lib\/config\/schema\.ts/);
  });
});

describe('the tools, grouped by who runs them', () => {
  test('GIVEN a pull-request tool and a deploy tool sharing a folder of their own THEN no violation is found, and a deploy tool imports its own folder freely', () => {
    const result = cruise({
      'tools/stack-plan/plan-stack.ts': 'export const PLAN = 1;\n',
      'tools/pull-request/plan-comment.ts': "import { PLAN } from '../stack-plan/plan-stack';\nexport const COMMENT = PLAN;\n",
      'tools/deploy/apply-plan.ts': "import { PLAN } from '../stack-plan/plan-stack';\nimport { DRIFT } from './drift';\nexport const APPLY = PLAN + DRIFT;\n",
      'tools/deploy/drift.ts': 'export const DRIFT = 1;\n',
    });
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  test('GIVEN a deploy tool importing a pull-request tool and the other way round THEN both imports are named', () => {
    const result = cruise({
      'tools/pull-request/affected.ts': 'export const AFFECTED = 1;\n',
      'tools/deploy/drift.ts': "import { AFFECTED } from '../pull-request/affected';\nexport const DRIFT = AFFECTED;\n",
      'tools/pull-request/plan-comment.ts': "import { DRIFT } from '../deploy/drift';\nexport const COMMENT = DRIFT;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/tools-grouped-by-user: tools\/deploy\/drift\.ts → tools\/pull-request\/affected\.ts/);
    expect(result.output).toMatch(/tools-grouped-by-user: tools\/pull-request\/plan-comment\.ts → tools\/deploy\/drift\.ts/);
  });
});

describe('the construct folders', () => {
  test('THEN every construct folder the rules name exists, so a renamed folder cannot drop out of them silently', () => {
    // The dependency rules and the lint rule "constructs and stacks read no environment variable" (eslint.config.mjs).
    const configs = ['.dependency-cruiser.cjs', 'eslint.config.mjs'].map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
    for (const folder of CONSTRUCT_FOLDERS) {
      expect(fs.existsSync(path.join(root, 'lib', folder))).toBe(true);
      for (const config of configs) expect(config).toContain(folder);
    }
  });
});
