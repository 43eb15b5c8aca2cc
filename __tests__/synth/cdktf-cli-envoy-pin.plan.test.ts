import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createScratchProject } from '../../tools/bench/scratch-project';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * The real cdktf CLI (node_modules/.bin/cdktf) run bare, as a team runs it
 * after the first deploy, on a throw-away copy of the project whose only
 * environment is a copy of environments/dev.yaml: with envoy.image pinned by
 * digest, `cdktf synth` succeeds and `cdktf diff dev-platform` gets as far as
 * Terraform's backend initialisation, where it fails only for want of AWS
 * credentials; without the pin, both stop before any Terraform runs with the
 * one-line refusal naming `npm run deploy -- dev`. With dev pinned and a copy
 * of stg not (deployed dev, not yet stg), the refusal at stg names
 * `ENVIRONMENTS=dev cdktf diff dev-platform`, which then reaches the backend. No TF_VAR_ is set and no
 * credentials can be found. It runs Terraform, so it is a plan suite.
 */
const root = path.resolve(__dirname, '../..');
const SECONDS = 1000;
const DIGEST = `sha256:${'ab'.repeat(32)}`;

let version: string | undefined;
let scratch: string;
let project: string;
const original = fs.readFileSync(path.join(root, 'environments', 'dev.yaml'), 'utf8');

beforeAll(async () => {
  version = await terraformForSuite('the cdktf CLI test of the pinned Envoy image');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-envoy-pin-'));
  fs.mkdirSync(path.join(scratch, 'environments'));
  project = createScratchProject(root, { environmentsDir: path.join(scratch, 'environments') });
});
afterAll(() => {
  for (const dir of [project, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const writeDev = (text: string) => fs.writeFileSync(path.join(scratch, 'environments', 'dev.yaml'), text);

/** The CLI with no TF_VAR_, no AWS credentials of any kind (environment, files, instance metadata). */
function cdktf(args: string[], extra: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(TF_VAR_|AWS_|CDKTF_|ENVIRONMENTS$|SYNTH_HCL_OUTPUT$)/.test(name)) env[name] = value;
  Object.assign(env, {
    CHECKPOINT_DISABLE: '1',
    CI: 'true',
    FORCE_COLOR: '0',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'no-aws-credentials'),
    ...extra,
  });
  const result = spawnSync(path.join(project, 'node_modules', '.bin', 'cdktf'), args, { cwd: project, env, encoding: 'utf8', timeout: 180 * SECONDS });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const REFUSAL =
  /^ *environments\/dev\.yaml:\d+:\d+: envoy\.image: expected a digest \(envoyproxy\/envoy:v1\.38\.9@sha256:…\) for cdktf synth, diff and deploy, got envoyproxy\/envoy:v1\.38\.9: [^\n]*; run npm run deploy -- dev once, which writes the digest here \(npm run synth needs none\)$/m;

test(
  'GIVEN dev.yaml pins the Envoy image by digest WHEN cdktf synth, then cdktf diff dev-platform, bare THEN synth succeeds and diff fails only at the S3 backend for want of credentials',
  () => {
    if (!version) return;
    writeDev(original.replace(/^envoy:\n/m, `envoy:\n  image: envoyproxy/envoy:v1.38.9@${DIGEST}\n`));
    const synth = cdktf(['synth']);
    expect(synth.output).not.toMatch(/synth failed|envoy_image_digest/);
    expect(synth.status).toBe(0);
    const platform = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'stacks', 'dev-platform', 'cdk.tf.json'), 'utf8'));
    expect(platform.variable?.envoy_image_digest).toBeUndefined();

    const diff = cdktf(['diff', 'dev-platform']);
    expect(diff.status).not.toBe(0);
    expect(diff.output).toContain('Initializing the backend...');
    expect(diff.output).toMatch(/Error: No valid credential sources found/);
    expect(diff.output).toMatch(/terraform init failed/);
    expect(diff.output).not.toMatch(/envoy_image_digest|synth failed/);
  },
  300 * SECONDS,
);

test.each([['synth'], ['diff', 'dev-platform']])(
  'GIVEN dev.yaml as in the repository (envoy.image by tag only) WHEN cdktf %s THEN it stops before Terraform with the one-line refusal naming npm run deploy -- dev',
  (...args) => {
    if (!version) return;
    writeDev(original);
    const result = cdktf(args);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(REFUSAL);
    expect(result.output).toMatch(/synth failed: 1 configuration problem:\n/);
    expect(result.output).not.toMatch(/Initializing the backend|No value for required variable|internal error|\n\s+at /);
  },
  300 * SECONDS,
);

test(
  'GIVEN dev pinned and stg not WHEN cdktf diff dev-platform THEN the refusal at stg names ENVIRONMENTS=dev, and ENVIRONMENTS=dev cdktf diff dev-platform reaches the backend',
  () => {
    if (!version) return;
    writeDev(original.replace(/^envoy:\n/m, `envoy:\n  image: envoyproxy/envoy:v1.38.9@${DIGEST}\n`));
    const stg = path.join(scratch, 'environments', 'stg.yaml');
    fs.copyFileSync(path.join(root, 'environments', 'stg.yaml'), stg);
    try {
      const refused = cdktf(['diff', 'dev-platform']);
      expect(refused.status).not.toBe(0);
      expect(refused.output).toMatch(
        /^ *environments\/stg\.yaml:\d+:\d+: envoy\.image: expected a digest [^\n]*; run npm run deploy -- stg once[^\n]*; or leave the environments without a digest out: ENVIRONMENTS=dev cdktf diff dev-platform \(the same for cdktf synth and deploy\)$/m,
      );
      expect(refused.output).not.toMatch(/Initializing the backend|environments\/dev\.yaml/);

      const named = cdktf(['diff', 'dev-platform'], { ENVIRONMENTS: 'dev' });
      expect(named.status).not.toBe(0);
      expect(named.output).toContain('Initializing the backend...');
      expect(named.output).toMatch(/Error: No valid credential sources found/);
      expect(named.output).not.toMatch(/envoy_image_digest|synth failed/);
    } finally {
      fs.rmSync(stg);
    }
  },
  400 * SECONDS,
);
