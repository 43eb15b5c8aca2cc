import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fakeGitHub, type FakeGitHub } from './support/fake-github';
import { markerLine, pullRequestNumber, upsertStickyComment } from '../../tools/github-comment/sticky-comment';
import { UserError } from '../../lib/util/user-error';
import { scratchDir } from '../helpers/scratch';

/** The local fake of GitHub's issue-comment endpoints (support/fake-github.ts), recording every request. */
let github: FakeGitHub;
let api: string;

beforeAll(async () => {
  github = await fakeGitHub();
  api = github.api;
});

afterAll(() => github.close());

beforeEach(() => {
  github.requests = [];
  // 150 comments: the marked one of the bot is on the second page, behind a person's comment with the same marker.
  github.comments = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}`, user: { login: 'someone' } }));
  github.comments[120] = { id: 121, body: `${markerLine('terraform-plan')}\nold`, user: { login: 'someone' } };
  github.comments[130] = { id: 131, body: `${markerLine('terraform-plan')}\nold plan`, user: { login: 'github-actions[bot]' } };
});

const options = { repository: 'acme/platform', issue: 7, token: 'test-token' };

describe('upsertStickyComment (GitHub REST API, against a local fake)', () => {
  test("GIVEN the bot's marked comment on page 2 THEN it is updated in place, nothing else is written", async () => {
    const result = await upsertStickyComment({ ...options, apiUrl: api, marker: 'terraform-plan', body: 'new plan\n' });
    expect(result).toEqual({ action: 'updated', id: 131, url: 'https://github.test/c/131' });
    expect(github.comments[130].body).toBe('<!-- terraform-plan -->\nnew plan\n');
    expect(github.comments[120].body).toBe(`${markerLine('terraform-plan')}\nold`);
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/platform/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/platform/issues/7/comments?per_page=100&page=2',
      'PATCH /repos/acme/platform/issues/comments/131',
    ]);
    expect(github.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });

  test('GIVEN no comment with that marker THEN one is created, and the next run updates it', async () => {
    const first = await upsertStickyComment({ ...options, apiUrl: api, marker: 'synth-diff', body: 'diff 1' });
    expect(first.action).toBe('created');
    expect(github.comments.at(-1)!.body).toBe('<!-- synth-diff -->\ndiff 1');
    const second = await upsertStickyComment({ ...options, apiUrl: api, marker: 'synth-diff', body: 'diff 2' });
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(github.comments.filter((c) => c.body.startsWith('<!-- synth-diff -->')).map((c) => c.body)).toEqual(['<!-- synth-diff -->\ndiff 2']);
  });

  test("GIVEN a body over GitHub's limit or an API error THEN it refuses with the reason", async () => {
    await expect(upsertStickyComment({ ...options, apiUrl: api, marker: 'x', body: 'y'.repeat(65_536) })).rejects.toThrow(/has 65547 characters, GitHub accepts 65536/);
    await expect(upsertStickyComment({ ...options, apiUrl: api, repository: 'acme/other', marker: 'x', body: 'y' })).rejects.toThrow(
      /^GET \/repos\/acme\/other\/issues\/7\/comments\?per_page=100&page=1: 404 Not Found/,
    );
    await expect(upsertStickyComment({ ...options, apiUrl: api, marker: 'a b', body: 'y' })).rejects.toThrow(UserError);
  });

  test('the pull request number comes from PULL_REQUEST or the event payload', () => {
    expect(pullRequestNumber({ PULL_REQUEST: '42' }, () => '')).toBe(42);
    expect(pullRequestNumber({ GITHUB_EVENT_PATH: '/e.json' }, () => '{"pull_request":{"number":7}}')).toBe(7);
    expect(() => pullRequestNumber({}, () => '')).toThrow(/no pull request/);
    expect(() => pullRequestNumber({ PULL_REQUEST: 'x' }, () => '')).toThrow(/expected a pull-request number, got "x"/);
  });
});

describe('npm run comment:sticky (the script the workflow runs)', () => {
  const runner = path.resolve(__dirname, '../../scripts/run-ts.cjs');
  const script = path.resolve(__dirname, '../../scripts/comment-sticky.ts');
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [runner, script, ...args], { env: { PATH: process.env.PATH, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  test("GIVEN the workflow's environment THEN it updates the comment from the file", async () => {
    const file = path.join(scratchDir('sticky-'), 'comment.md');
    fs.writeFileSync(file, 'from the file\n');
    const env = { GH_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/platform', PULL_REQUEST: '7', GITHUB_API_URL: api };
    const result = await run(['--file', file, '--marker', 'terraform-plan'], env);
    expect(result).toEqual({ status: 0, stdout: 'comment 131 updated: https://github.test/c/131\n', stderr: '' });
    expect(github.comments[130].body).toBe('<!-- terraform-plan -->\nfrom the file\n');
    expect(await run(['--file', file, '--marker', 'x', '--bogus'], env)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^comment:sticky: Unknown option '--bogus'/) });
    expect(await run(['--file', file, '--marker', 'x'], { ...env, GH_TOKEN: '' })).toMatchObject({
      status: 1,
      stderr: 'comment:sticky failed: GH_TOKEN is not set: the workflow passes github.token\n',
    });
  }, 30_000);
});
