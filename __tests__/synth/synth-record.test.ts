import * as fs from 'fs';
import * as path from 'path';
import { POLICY_PACK } from '../../lib/guardrails/policy-pack';
import { currentSynthesis, synthOutdir } from '../../lib/synth/current-synthesis';
import { Progress } from '../../lib/synth/progress';
import { reusableSynth, SYNTH_INPUTS, SYNTH_RECORD_FILE, synthInputs } from '../../lib/synth/synth-record';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { scratchDir } from '../helpers/scratch';

/**
 * `npm run policy`, `cost`, `diagram` and `diff` reuse cdktf.out when it was
 * synthesized from the same inputs (lib/synth/synth-record.ts), and
 * synthesize again when anything that feeds the synth changed.
 */
const repo = path.resolve(__dirname, '../..');
const TODAY = new Date('2026-12-07T10:00:00Z');

/** A repository with every synth input as a small file of its own, to change one at a time. */
function fakeRoot(): string {
  const root = scratchDir('synth-inputs-');
  for (const entry of SYNTH_INPUTS) {
    const file = path.extname(entry) ? path.join(root, entry) : path.join(root, entry, 'nested', 'file.txt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${entry}\n`);
  }
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'README.md'), 'readme\n');
  return root;
}

describe('synthInputs: what a synth is made from', () => {
  test.each(SYNTH_INPUTS)('GIVEN a change to a file of %s THEN the fingerprint changes', (entry) => {
    const root = fakeRoot();
    const before = synthInputs(root, [], TODAY);
    const file = path.extname(entry) ? path.join(root, entry) : path.join(root, entry, 'nested', 'file.txt');
    fs.appendFileSync(file, '# edited\n');
    expect(synthInputs(root, [], TODAY).sha256).not.toBe(before.sha256);
  });

  test('GIVEN a new file in an input folder, or a renamed one, THEN the fingerprint changes', () => {
    const root = fakeRoot();
    const before = synthInputs(root, [], TODAY).sha256;
    fs.writeFileSync(path.join(root, 'environments', 'qa.yaml'), '');
    const added = synthInputs(root, [], TODAY).sha256;
    expect(added).not.toBe(before);
    fs.renameSync(path.join(root, 'environments', 'qa.yaml'), path.join(root, 'environments', 'uat.yaml'));
    expect(synthInputs(root, [], TODAY).sha256).not.toBe(added);
  });

  test('GIVEN a change outside the inputs (docs, README, tests) THEN the same fingerprint; the selection is sorted, the day is UTC', () => {
    const root = fakeRoot();
    const before = synthInputs(root, ['stg', 'dev'], TODAY);
    fs.writeFileSync(path.join(root, 'docs', 'new.md'), 'x');
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n');
    expect(synthInputs(root, ['dev', 'stg'], TODAY)).toEqual(before);
    expect(before).toMatchObject({ environments: ['dev', 'stg'], day: '2026-12-07' });
  });
});

describe('currentSynthesis: reuse cdktf.out, or synthesize again', () => {
  // The real environments and code, in a root of their own so a test can edit an environment file.
  const root = scratchDir('synth-reuse-');
  fs.cpSync(path.join(repo, 'environments'), path.join(root, 'environments'), { recursive: true });
  const outdir = path.join(root, 'cdktf.out');
  const lines: string[] = [];
  const progress = new Progress('policy', { env: {}, write: (text) => lines.push(text), now: () => 0 });
  let synthesized: ReturnType<typeof currentSynthesis>;
  const current = (environments: string[], today = TODAY) => {
    lines.length = 0;
    return currentSynthesis({ root, outdir, environments, today, buildStacks: addEnvironmentStacks, progress });
  };

  test('GIVEN no synth THEN it synthesizes, shown as a step, and records its inputs and policy results', () => {
    const reports = (synthesized = current(['dev']));
    expect(lines).toEqual([`policy: synthesizing into ${path.relative(process.cwd(), outdir)} (dev)\n`, `policy: synthesizing into ${path.relative(process.cwd(), outdir)}: 0.0 s\n`]);
    expect(reports.map((r) => r.stack).sort()).toEqual(['dev-bootstrap', 'dev-platform']);
    expect(fs.existsSync(path.join(outdir, SYNTH_RECORD_FILE))).toBe(true);
  });

  test('GIVEN the same inputs THEN one line says it reuses the synth, and the policy results are those of the synth', () => {
    const stamp = fs.statSync(path.join(outdir, 'manifest.json')).mtimeMs;
    const reports = current(['dev']);
    expect(lines).toEqual([
      expect.stringMatching(/^policy: reusing \S*cdktf\.out: synthesized today from the same inputs \(environments\/, envoy\/, lib\/, stacks\/, main\.ts, package-lock\.json, …\)\n$/),
    ]);
    expect(fs.statSync(path.join(outdir, 'manifest.json')).mtimeMs).toBe(stamp);
    expect(reports).toEqual(synthesized);
    const findings = reports.flatMap((r) => r.findings);
    expect(findings.length).toBeGreaterThan(100);
    // Each finding's rule is the policy pack's own rule (its check function included), not a copy.
    for (const finding of findings) expect(POLICY_PACK).toContain(finding.rule);
  });

  test('GIVEN another day, or environments the synth lacks, THEN it synthesizes again', () => {
    current(['dev'], new Date('2026-12-08T00:00:01Z'));
    expect(lines[0]).toMatch(/^policy: synthesizing into /);
    expect(current(['dev', 'stg'], new Date('2026-12-08T00:00:01Z')).map((r) => r.environment)).toEqual(expect.arrayContaining(['dev', 'stg']));
    expect(lines[0]).toMatch(/^policy: synthesizing into .* \(dev, stg\)\n$/);
    // A synth of dev and stg covers dev alone.
    expect(current(['dev'], new Date('2026-12-08T00:00:01Z')).map((r) => r.environment)).toEqual(['dev', 'dev']);
    expect(lines[0]).toMatch(/^policy: reusing /);
  });

  test('GIVEN an edited environment file THEN it synthesizes again', () => {
    current(['dev']);
    const dev = path.join(root, 'environments', 'dev.yaml');
    fs.appendFileSync(dev, '# a comment is an edit too\n');
    current(['dev']);
    expect(lines[0]).toMatch(/^policy: synthesizing into /);
    current(['dev']);
    expect(lines[0]).toMatch(/^policy: reusing /);
  });

  test('GIVEN no record, or one this code cannot read, THEN nothing is reused', () => {
    const wanted = synthInputs(root, ['dev'], TODAY);
    const empty = scratchDir('no-record-');
    expect(reusableSynth(empty, wanted)).toBeUndefined();
    fs.writeFileSync(path.join(empty, SYNTH_RECORD_FILE), '{');
    expect(reusableSynth(empty, wanted)).toBeUndefined();
    fs.writeFileSync(
      path.join(empty, SYNTH_RECORD_FILE),
      JSON.stringify({ ...wanted, policy: [{ environment: 'dev', stack: 'dev-platform', findings: [{ rule: 'a-removed-rule' }], unusedSuppressions: [] }] }),
    );
    expect(reusableSynth(empty, wanted)).toBeUndefined();
  });

  test('synthOutdir: CDKTF_OUTDIR (as the cdktf CLI sets it), else cdktf.out of the repository', () => {
    expect(synthOutdir(root, {})).toBe(outdir);
    expect(synthOutdir(root, { CDKTF_OUTDIR: 'elsewhere' })).toBe(path.resolve('elsewhere'));
  });
});

describe('Progress lines', () => {
  const record = (env: NodeJS.ProcessEnv) => {
    const lines: string[] = [];
    let clock = 1_000;
    const progress = new Progress('diff', { env, write: (text) => lines.push(text), now: () => (clock += 2_345) });
    return { lines, progress };
  };

  test('GIVEN a person THEN the step with what it works on, then how long it took', async () => {
    const { lines, progress } = record({});
    expect(progress.step('synthesizing', 'dev, stg', () => 42)).toBe(42);
    expect(await progress.step('terraform plan', 'dev-platform', async () => 'planned')).toBe('planned');
    expect(lines.join('')).toBe('diff: synthesizing (dev, stg)\ndiff: synthesizing: 2.3 s\ndiff: terraform plan (dev-platform)\ndiff: terraform plan: 2.3 s\n');
  });

  test('GIVEN CI=true THEN the step names only', async () => {
    const { lines, progress } = record({ CI: 'true' });
    progress.step('synthesizing', 'dev, stg', () => undefined);
    await progress.step('terraform plan', 'dev-platform', async () => undefined);
    progress.note('reusing cdktf.out');
    expect(lines.join('')).toBe('diff: synthesizing\ndiff: terraform plan\ndiff: reusing cdktf.out\n');
  });

  test('GIVEN a step that fails THEN its error, and no time line', () => {
    const { lines, progress } = record({});
    expect(() =>
      progress.step('synthesizing', undefined, () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(lines).toEqual(['diff: synthesizing\n']);
  });
});
