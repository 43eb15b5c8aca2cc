import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { readCdktfCliRun, refuseHclOutput, refuseUnpinnedEnvoyImages } from '../../lib/synth/cdktf-cli-run';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { testEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

describe('readCdktfCliRun', () => {
  test('GIVEN the environment cdktf synth passes (cdktf 0.21) THEN a CLI run with JSON output', () => {
    expect(readCdktfCliRun({ CDKTF_OUTDIR: 'cdktf.out', CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', SYNTH_HCL_OUTPUT: 'false' })).toEqual({ byCli: true, hcl: false });
  });

  test('GIVEN npm run synth THEN not a CLI run', () => {
    expect(readCdktfCliRun({})).toEqual({ byCli: false, hcl: false });
  });

  test.each(['true', '1'])('GIVEN SYNTH_HCL_OUTPUT=%s (cdktf synth --hcl) THEN synth is refused in one line', (value) => {
    const run = readCdktfCliRun({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', SYNTH_HCL_OUTPUT: value });
    expect(run.hcl).toBe(true);
    expect(() => refuseHclOutput(run)).toThrow(UserError);
    expect(() => refuseHclOutput(run)).toThrow(/^HCL output \(cdktf synth --hcl, SYNTH_HCL_OUTPUT\) is not supported: [^\n]+; run cdktf synth without --hcl$/);
  });
});

describe('refuseUnpinnedEnvoyImages (cdktf synth, diff and deploy)', () => {
  const repository = path.resolve(__dirname, '../..');
  const DIGEST = `sha256:${'ab'.repeat(32)}`;
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unpinned-envoy-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** environments/ copied, with dev.yaml's envoy.image pinned when `pin`. */
  const environments = (pin: boolean) => {
    const dir = path.join(scratch, 'environments');
    fs.cpSync(path.join(repository, 'environments'), dir, { recursive: true });
    const dev = path.join(dir, 'dev.yaml');
    if (pin) fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace(/^envoy:\n/m, `envoy:\n  image: envoyproxy/envoy:v1.38.9@${DIGEST}\n`));
    return dir;
  };

  test('GIVEN dev names the Envoy image by tag only WHEN synthesized for the cdktf CLI THEN one line at envoy.image names npm run deploy -- dev, and nothing is written', () => {
    const dir = environments(false);
    const outdir = path.join(scratch, 'cdktf.out');
    const lines = fs.readFileSync(path.join(dir, 'dev.yaml'), 'utf8').split('\n');
    // The envoy mapping's first entry (comments before it are not entries).
    const firstEntry = lines.findIndex((line, index) => index > lines.indexOf('envoy:') && /^ {2}[A-Za-z]/.test(line)) + 1;
    let refusal: unknown;
    try {
      synthesizeEnvironments(loadEnvironments(dir, ['dev'], { today: FIXTURE_TODAY }), outdir, addEnvironmentStacks, { requirePinnedEnvoyImage: true, today: FIXTURE_TODAY });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    // Where envoy.image belongs (the envoy mapping's first entry: the key is missing), what is expected, the command that pins it.
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^\\S*environments/dev\\.yaml:${firstEntry}:3: envoy\\.image: expected a digest \\(envoyproxy/envoy:v1\\.38\\.9@sha256:…\\) for cdktf synth, diff and deploy, got envoyproxy/envoy:v1\\.38\\.9: .*; run npm run deploy -- dev once, which writes the digest here \\(npm run synth needs none\\)$`,
      ),
    );
    expect(fs.readdirSync(scratch)).toEqual(['environments']);
  });

  test('GIVEN dev pins the digest THEN the cdktf CLI synth succeeds and the platform stack declares no envoy_image_digest', () => {
    const outdir = path.join(scratch, 'cdktf.out');
    synthesizeEnvironments(loadEnvironments(environments(true), ['dev'], { today: FIXTURE_TODAY }), outdir, addEnvironmentStacks, { requirePinnedEnvoyImage: true, today: FIXTURE_TODAY });
    const platform = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev-platform', 'cdk.tf.json'), 'utf8'));
    expect(platform.variable?.envoy_image_digest).toBeUndefined();
  });

  test("GIVEN dev pinned and stg not WHEN synthesized for the cdktf CLI THEN the refusal at stg's envoy.image also names ENVIRONMENTS=dev, the way to work on dev meanwhile", () => {
    const dir = environments(true);
    let refusal: unknown;
    try {
      synthesizeEnvironments(loadEnvironments(dir, ['dev', 'stg'], { today: FIXTURE_TODAY }), path.join(scratch, 'cdktf.out'), addEnvironmentStacks, {
        requirePinnedEnvoyImage: true,
        today: FIXTURE_TODAY,
      });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    const lines = (refusal as Error).message.split('\n').filter((line) => line.includes('envoy.image'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /environments\/stg\.yaml:\d+:\d+: envoy\.image: expected a digest .*; run npm run deploy -- stg once, which writes the digest here \(npm run synth needs none\); or leave the environments without a digest out: ENVIRONMENTS=dev cdktf diff dev-platform \(the same for cdktf synth and deploy\)$/,
    );
  });

  test('GIVEN an environment without Envoy sidecars and no pin THEN nothing is refused (no stack needs the digest)', () => {
    expect(() => refuseUnpinnedEnvoyImages([testEnvironment()], { test: {} })).not.toThrow();
  });
});
