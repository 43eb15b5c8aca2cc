import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runScript, runScriptInProcess, withoutTimings } from '../helpers/run-script';
import { synthRich } from './fixtures/rich-platform-stack';

/** `npm run diff` and `npm run diagram` as a person runs them. */
const root = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'review-commands-'));
const syntheses: string[] = [];

/** A rich fixture synthesis, removed after the tests. */
function synthesis(...args: Parameters<typeof synthRich>): string {
  const dir = synthRich(...args);
  syntheses.push(dir);
  return dir;
}

function run(script: string, args: string[], cwd = root) {
  // CI unset: progress lines as a person sees them.
  return runScript(path.join('scripts', script), args, { cwd, env: { ...process.env, ENVIRONMENTS: '', CI: '' } });
}

/** The same command in this process (runScriptInProcess); each command also runs as a process in this file. */
function runInProcess(script: string, args: string[]) {
  return runScriptInProcess(path.join('scripts', script), args, { env: { ...process.env, ENVIRONMENTS: '', CI: '' } });
}

afterAll(() => {
  for (const dir of [scratch, ...syntheses]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run diff', () => {
  test('GIVEN two cdktf output folders THEN it prints the report and writes the full and the comment versions', async () => {
    const base = synthesis({ dev: {} });
    const head = synthesis({ dev: { systemCapacityType: 'SPOT' } });
    const output = path.join(scratch, 'report.md');
    const comment = path.join(scratch, 'comment.md');
    // In this process: the --ref test below runs the command as a process.
    const result = await runInProcess('diff.ts', ['--base', base, '--head', head, '--output', output, '--comment-file', comment]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^## Synthesized Terraform: \`${base}\` → \`${head}\``));
    expect(result.stdout).toMatch(/> - `aws_eks_node_group\.system` in `dev-platform` is replaced \(`capacity_type`\)/);
    expect(result.stdout).toMatch(/<details><summary>Topology of dev after this change<\/summary>\n\n```mermaid\nflowchart LR\n/);
    expect(fs.readFileSync(output, 'utf8')).toBe(result.stdout);
    expect(fs.readFileSync(comment, 'utf8')).toBe(result.stdout);
  }, 60_000);

  test('GIVEN a git ref THEN it synthesizes the ref in a temporary worktree, compares the working tree and removes the worktree', () => {
    const repo = path.join(scratch, 'repo');
    fs.mkdirSync(repo);
    // Every tracked file the app needs (tests and docs are not), so new folders are picked up.
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    for (const file of tracked.filter((f) => f && !/^(__tests__|docs|\.github)\//.test(f))) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(repo, file));
    }
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    const dev = path.join(repo, 'environments', 'dev.yaml');
    fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace('natGateways: single', 'natGateways: per-az'));

    const result = run('diff.ts', ['--ref', 'main'], repo);
    // A progress line for each synth (each takes seconds); the working tree goes to its cdktf.out, for the next command to reuse.
    expect(withoutTimings(result.stderr)).toBe(
      'diff: synthesizing main in a temporary worktree\ndiff: synthesizing main in a temporary worktree: … s\ndiff: synthesizing into cdktf.out (dev, prod, stg)\ndiff: synthesizing into cdktf.out: … s\n',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^## Synthesized Terraform: `main \([0-9a-f]{7}\)` → `working tree`/);
    // Added: the NAT gateway, its Elastic IP and its port-allocation alarm; changed: the route and the dashboard.
    expect(result.stdout).toMatch(/\| dev \| `dev-platform` \| 3 \| 2 \| 0 \| 0 \| 0 \|/);
    expect(result.stdout).toMatch(/\| `aws_nat_gateway\.network_nat-eu-west-1b_\w+` \| <code>network\/nat-eu-west-1b<\/code> \|/);
    expect(result.stdout).not.toMatch(/### (stg|prod)\n/);
    // The cost delta: the second NAT gateway's hours (730 × $0.048, eu-west-1 catalog), its Elastic IP (730 × $0.005)
    // and its port-allocation alarm ($0.10).
    expect(result.stdout).toMatch(/### Monthly cost \(USD, min \/ expected \/ max\)\n\n\| environment .*\n.*\n\| dev \| \$[\d.,]+ \| \$[\d.,]+ \| \+\$38\.79 \/ \+\$38\.79 \/ \+\$38\.79 \|/);
    expect(result.stdout).toMatch(
      /\| dev \| `aws_nat_gateway\.network_nat-eu-west-1b_\w+` \| NAT gateway hours \| – \| \$35\.04 \(730 NAT gateway-hour\) \| \+\$35\.04 \/ \+\$35\.04 \/ \+\$35\.04 \|/,
    );
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    // The working tree's synth stays in its cdktf.out with its record, for the next command to reuse (synth-record.test.ts).
    expect(fs.existsSync(path.join(repo, 'cdktf.out', 'synth-record.json'))).toBe(true);
  }, 120_000);

  test.each([
    [['--ref', 'no-such-branch'], /^diff: synthesizing no-such-branch in a temporary worktree\ndiff failed: no-such-branch is not a commit of /],
    [['--base', os.tmpdir(), '--head', os.tmpdir()], /^diff failed: .* is not a cdktf output folder: it has no manifest\.json\n$/],
    [['--base', os.tmpdir()], /^diff failed: give either --base and --head, or --ref\nusage:/],
    [['--reference', 'main'], /^diff: Unknown option '--reference' \(npm run diff -- --help lists the options\)\n$/],
  ])('GIVEN %j THEN it exits non-zero with a message and no stack trace', async (args, message) => {
    const result = await runInProcess('diff.ts', args);
    expect(result.status).toBe(args[0] === '--reference' ? 2 : 1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run diagram', () => {
  const synth = synthesis({ dev: {}, prod: { batchNodeGroup: true } });
  const out = path.join(scratch, 'diagrams');

  test('GIVEN a synthesis THEN it writes one Markdown file per environment, and --check then passes', async () => {
    const result = run('diagram.ts', ['--synth', synth, '--out', out]);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['dev.md', 'prod.md']);
    expect(fs.readFileSync(path.join(out, 'prod.md'), 'utf8')).toMatch(/^# Topology of prod\n[\s\S]*```mermaid\nflowchart LR\n[\s\S]*node group batch/);
    expect((await runInProcess('diagram.ts', ['--synth', synth, '--out', out, '--check'])).status).toBe(0);
  }, 60_000);

  test('GIVEN an edited and a left-over diagram THEN --check names both and fails, and a run repairs them', async () => {
    fs.appendFileSync(path.join(out, 'dev.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(out, 'qa.md'), '# Topology of qa\n');
    const check = await runInProcess('diagram.ts', ['--synth', synth, '--out', out, '--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/out of date: .*dev\.md\nout of date: .*qa\.md\nrun `npm run diagram` and commit the result\n/);
    expect((await runInProcess('diagram.ts', ['--synth', synth, '--out', out])).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['dev.md', 'prod.md']);
    expect((await runInProcess('diagram.ts', ['--synth', synth, '--out', out, '--check'])).status).toBe(0);
  }, 60_000);
});
