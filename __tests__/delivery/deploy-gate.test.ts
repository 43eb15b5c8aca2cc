import { REPLAN } from '../../tools/deploy/apply-plan';
import { checkDeployGate } from '../../tools/deploy/deploy-gate';
import { UserError } from '../../lib/util/user-error';

/**
 * The apply job's questions to GitHub before it applies (apply:plan --branch
 * --reviewers), against a fake of GitHub's REST API (an injected fetch): the
 * environment exists with required reviewers, and the commit is still the tip
 * of the deployed branch.
 */
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const NEWER = 'fedcba9876543210fedcba9876543210fedcba98';

function fakeFetch(environments: Record<string, unknown>, tip: string) {
  const calls: string[] = [];
  const reply = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
  const fetch = (async (url: string) => {
    const path = new URL(url).pathname;
    calls.push(path);
    let match: RegExpExecArray | null;
    if ((match = /^\/repos\/acme\/platform\/environments\/([^/]+)$/.exec(path))) {
      const environment = environments[decodeURIComponent(match[1])];
      return environment ? reply(200, environment) : reply(404, { message: 'Not Found' });
    }
    if (path === '/repos/acme/platform/branches/main') return reply(200, { name: 'main', commit: { sha: tip } });
    return reply(404, { message: 'Not Found' });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const PROTECTED = { protected_branches: true, custom_branch_policies: false };
const reviewed = { name: 'prod', protection_rules: [{ id: 1, type: 'required_reviewers', reviewers: [{ type: 'Team', reviewer: { slug: 'platform' } }] }], deployment_branch_policy: PROTECTED };
const options = (fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof checkDeployGate>[0]> = {}) => ({
  repository: 'acme/platform',
  token: 't',
  apiUrl: 'https://api.github.test',
  fetch,
  environment: 'prod',
  requireReviewers: true,
  branch: 'main',
  commit: COMMIT,
  ...extra,
});

describe('the deploy gate (apply:plan --branch main --reviewers required)', () => {
  test('GIVEN the environment with required reviewers and the commit at the tip THEN it passes', async () => {
    const github = fakeFetch({ prod: reviewed }, COMMIT);
    await expect(checkDeployGate(options(github.fetch))).resolves.toBeUndefined();
    expect(github.calls).toEqual(['/repos/acme/platform/environments/prod', '/repos/acme/platform/branches/main']);
  });

  test('GIVEN no such environment (GitHub would create it unprotected) THEN one line naming where to add reviewers', async () => {
    const error = await checkDeployGate(options(fakeFetch({}, COMMIT).fetch)).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      `prod: the GitHub environment does not exist, so GitHub ran this job without an approval or a branch rule: create it (Settings › Environments › prod at https://github.com/acme/platform/settings/environments, with required reviewers, deployment branches: protected branches only), then ${REPLAN}`,
    );
  });

  test('GIVEN an environment with only a wait timer THEN refused: nobody approved', async () => {
    const github = fakeFetch({ prod: { name: 'prod', protection_rules: [{ id: 2, type: 'wait_timer', wait_timer: 5 }], deployment_branch_policy: PROTECTED } }, COMMIT);
    await expect(checkDeployGate(options(github.fetch))).rejects.toThrow(/^prod: the GitHub environment has no required reviewers, so nobody approved this plan: add them/);
  });

  test('GIVEN reviewers optional (dev) THEN no reviewers pass, but the environment must exist and deploy from protected branches only', async () => {
    const dev = { name: 'dev', protection_rules: [], deployment_branch_policy: PROTECTED };
    const github = fakeFetch({ dev }, COMMIT);
    await expect(checkDeployGate(options(github.fetch, { environment: 'dev', requireReviewers: false }))).resolves.toBeUndefined();
    expect(github.calls).toEqual(['/repos/acme/platform/environments/dev', '/repos/acme/platform/branches/main']);
    await expect(checkDeployGate(options(fakeFetch({}, COMMIT).fetch, { environment: 'dev', requireReviewers: false }))).rejects.toThrow(/^dev: the GitHub environment does not exist/);
    const anyBranch = fakeFetch({ dev: { ...dev, deployment_branch_policy: null } }, COMMIT);
    await expect(checkDeployGate(options(anyBranch.fetch, { environment: 'dev', requireReviewers: false }))).rejects.toThrow(
      /^dev: the GitHub environment lets any branch deploy \(and assume its deploy role\): set its deployment branches to protected branches only/,
    );
  });

  test('GIVEN main moved on since this run (an older run re-run) THEN refused, naming the newest run', async () => {
    await expect(checkDeployGate(options(fakeFetch({ prod: reviewed }, NEWER).fetch))).rejects.toThrow(
      'prod: this run deploys 0123456, but main is at fedcba9 now: nothing was applied; the newest run of the deploy workflow deploys main (re-running this older run never will)',
    );
  });
});
