import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planStack, PlanStepError, type PlanMetadata } from '../../tools/delivery/plan-stack';

/**
 * The online path of `npm run plan:stack` (the real backend, the plan role's
 * credentials) with a stand-in for the terraform binary that records its
 * arguments: what CI runs, without AWS. The offline path plans for real in
 * plan-comment.plan.test.ts.
 */
let scratch: string;
let synthDir: string;
let log: string;
let terraform: string;

function fakeTerraform(failOn?: string): string {
  const file = path.join(scratch, `terraform-${failOn ?? 'ok'}`);
  fs.writeFileSync(
    file,
    [
      '#!/bin/sh',
      `echo "$PWD|$TF_PLUGIN_CACHE_DIR|$*" >> ${JSON.stringify(log)}`,
      ...(failOn ? [`if [ "$1" = "${failOn}" ]; then echo "Error: AccessDenied: s3:GetObject on the state" >&2; exit 1; fi`] : []),
      'case "$1 $2" in',
      '  "plan "*) echo planned > plan.tfplan ;;',
      `  "show -json") echo '{"format_version":"1.2","resource_changes":[]}' ;;`,
      '  "show "*) echo "No changes." ;;',
      `  "version -json") echo '{"terraform_version":"1.11.4"}' ;;`,
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-stack-test-'));
  synthDir = path.join(scratch, 'cdktf.out');
  fs.mkdirSync(path.join(synthDir, 'stacks', 'dev-platform'), { recursive: true });
  fs.writeFileSync(
    path.join(synthDir, 'stacks', 'dev-platform', 'cdk.tf.json'),
    JSON.stringify({ terraform: { backend: { s3: { bucket: 'b', key: 'k', region: 'eu-west-1' } } }, variable: { envoy_image_digest: { type: 'string' } } }),
  );
  log = path.join(scratch, 'calls.log');
  terraform = fakeTerraform();
});

afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

const options = () => ({
  environment: 'dev',
  stack: 'dev-platform',
  synthDir,
  outDir: path.join(scratch, 'out'),
  offline: false,
  commit: 'c0ffee0000000000000000000000000000000000',
  terraformBinary: terraform,
  now: new Date('2026-12-01T00:00:00Z'),
});

describe('planStack against the real backend (terraform stand-in)', () => {
  test('GIVEN CI\'s environment THEN init and plan take no lock, the plan file is kept with its checksum, and the plugin cache folder exists', async () => {
    const cache = path.join(scratch, 'plugin-cache');
    const metadata = await planStack({ ...options(), env: { PATH: process.env.PATH, TF_PLUGIN_CACHE_DIR: cache, ENVOY_IMAGE_DIGEST: `sha256:${'1'.repeat(64)}` } });
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split('|'));
    expect(calls.map(([, , args]) => args)).toEqual([
      'init -input=false -lock=false -no-color',
      `plan -input=false -lock=false -no-color -out=plan.tfplan -var=envoy_image_digest=sha256:${'1'.repeat(64)}`,
      'show -json plan.tfplan',
      'show -no-color plan.tfplan',
      'version -json',
    ]);
    expect(calls.every(([, pluginCache]) => pluginCache === cache)).toBe(true);
    expect(fs.existsSync(cache)).toBe(true);
    const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
    expect(metadata).toEqual<PlanMetadata>({
      environment: 'dev',
      stack: 'dev-platform',
      commit: 'c0ffee0000000000000000000000000000000000',
      planFile: 'plan.tfplan',
      planSha256: sha256('planned\n'),
      configurationSha256: sha256(fs.readFileSync(path.join(synthDir, 'stacks', 'dev-platform', 'cdk.tf.json'))),
      createdAt: '2026-12-01T00:00:00.000Z',
      terraformVersion: '1.11.4',
      offline: false,
      placeholders: [],
    });
    expect(fs.readdirSync(path.join(scratch, 'out')).sort()).toEqual(['metadata.json', 'plan.json', 'plan.tfplan', 'plan.txt']);
  });

  test('GIVEN no Envoy digest THEN a visibly fake one, recorded as a placeholder', async () => {
    const metadata = await planStack({ ...options(), env: { PATH: process.env.PATH } });
    expect(fs.readFileSync(log, 'utf8')).toContain(`-var=envoy_image_digest=sha256:${'0'.repeat(64)}`);
    expect(metadata.placeholders).toEqual(['envoy_image_digest']);
  });

  test('GIVEN the state cannot be read THEN failure.json names the step, and no plan is left behind', async () => {
    const run = planStack({ ...options(), terraformBinary: fakeTerraform('init'), env: { PATH: process.env.PATH } });
    await expect(run).rejects.toThrow(PlanStepError);
    await expect(run).rejects.toThrow(/^dev-platform: terraform init failed at c0ffee0:\nError: AccessDenied/);
    expect(JSON.parse(fs.readFileSync(path.join(scratch, 'out', 'failure.json'), 'utf8'))).toEqual({
      environment: 'dev',
      stack: 'dev-platform',
      commit: 'c0ffee0000000000000000000000000000000000',
      step: 'init',
      output: 'Error: AccessDenied: s3:GetObject on the state',
    });
    expect(fs.readdirSync(path.join(scratch, 'out'))).toEqual(['failure.json']);
  });
});
