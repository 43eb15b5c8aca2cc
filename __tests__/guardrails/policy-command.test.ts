import * as path from 'path';
import { runScript, runScriptInProcess, withoutTimings } from '../helpers/run-script';
import { scratchDir } from '../helpers/scratch';

/** `npm run policy` as a person runs it: every check's result, narrowed by --stack and --rule. */
const outdir = path.join(scratchDir('policy-command-'), 'cdktf.out');
// CDKTF_OUTDIR: the synth the commands share, here a folder of this test's own; CI unset: progress lines as a person sees them.
const env = { ...process.env, ENVIRONMENTS: '', CI: '', CDKTF_OUTDIR: outdir };
const run = (...args: string[]) => runScript(path.join('scripts', 'policy.ts'), args, { env });
/** The same command in this test's process (runScriptInProcess): the first test runs it as a process. */
const runInProcess = (...args: string[]) => runScriptInProcess(path.join('scripts', 'policy.ts'), args, { env });

describe('npm run policy', () => {
  test('GIVEN --stack and --rule THEN only that stack is synthesized and each resource the rule checked is listed with its result', () => {
    const result = run('--stack', 'dev-bootstrap', '--rule', 's3-tls-only');
    expect(withoutTimings(result.stderr)).toBe(`policy: synthesizing into ${path.relative(process.cwd(), outdir)} (dev)\npolicy: synthesizing into ${path.relative(process.cwd(), outdir)}: … s\n`);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\n\| dev-bootstrap \| 1 \| 1 \| 0 \| 0 \|\n/);
    expect(result.stdout).toMatch(
      /## Results: 1 checks, 1 passed, 0 failed, 0 warnings, 0 suppressed\n\n\| stack \| rule \| resource \| result \|\n\| --- \| --- \| --- \| --- \|\n\| dev-bootstrap \| s3-tls-only \| `aws_s3_bucket` `state\/bucket` \| passed \|\n$/,
    );
    expect(result.stdout).not.toMatch(/dev-platform|stg-|prod-/);
  }, 60_000);

  test('GIVEN --stack alone THEN every rule that checked a resource of it is listed, from the synth of dev already there', async () => {
    const result = await runInProcess('--stack', 'dev-platform');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^policy: reusing \S*cdktf\.out: synthesized today from the same inputs [^\n]*\n$/);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('| dev-platform | '));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows).toContainEqual(expect.stringMatching(/^\| dev-platform \| launch-template-imdsv2 \| `aws_launch_template` `eks\/system\/launch-template` \| passed \|$/));
  }, 60_000);

  test('GIVEN npm run synth just before THEN policy does not synthesize again', async () => {
    const synth = runScript('main.ts', [], { env });
    expect(synth).toMatchObject({ status: 0, stderr: '' });
    const result = await runInProcess();
    expect(result.stderr).toMatch(/^policy: reusing \S*cdktf\.out: synthesized today from the same inputs [^\n]*\n$/);
    expect(result.stdout).toMatch(/\| prod-platform \| /);
  }, 60_000);

  test.each([
    [['--rule', 'no-such-rule'], /^policy: unknown rule "no-such-rule"; the rules are: state-backend-encrypted, .*s3-tls-only.*\n$/],
    [['--stack', 'qa-platform'], /^policy: unknown stack "qa-platform"; the stacks are: dev-bootstrap, dev-platform, prod-bootstrap, prod-platform, stg-bootstrap, stg-platform\n$/],
  ])('GIVEN %j THEN one line lists the valid ones and it exits 2 without synthesizing', async (args, message) => {
    const result = await runInProcess(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
