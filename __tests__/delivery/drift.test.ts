import * as fs from 'fs';
import * as path from 'path';
import { driftMarker, renderDriftIssue, summarizeDrift, upsertDriftIssue, type DriftSummary } from '../../tools/deploy/drift';
import { digestFromCache } from '../../tools/deploy/plan-digest';
import type { PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { markerLine } from '../../tools/github-comment/sticky-comment';
import { fakeGitHub, type FakeGitHub } from './support/fake-github';
import { exampleSynthCopy } from '../helpers/example-synth';

/**
 * The drift check's logic without Terraform: the summary and issue text, the
 * issue per environment opened, updated, reopened and closed against the local
 * fake GitHub server, and the image digest the plan jobs read. The real
 * offline plan and `npm run drift:report` from it: drift.plan.test.ts.
 */
const root = path.resolve(__dirname, '../..');
const COMMIT = '89abcdef0123456789abcdef0123456789abcdef';

let work: string;
let github: FakeGitHub;

beforeAll(async () => {
  github = await fakeGitHub();
  // A copy of the run's shared synthesis of stg, in this file's scratch folder beside the fake tools.
  work = exampleSynthCopy(['stg'], 'drift-').root;
});

afterAll(() => github.close());

const metadata: PlanMetadata = {
  environment: 'prod',
  stack: 'prod-platform',
  commit: COMMIT,
  planFile: 'plan.tfplan',
  planSha256: 'a',
  configurationSha256: 'b',
  createdAt: '2026-12-01T05:17:00.000Z',
  terraformVersion: '1.11.4',
  offline: false,
  placeholders: [],
  changes: false,
};

describe('envoy_image_digest of the plan jobs (--digest-from-cache): what the pull through cache holds, read as npm run deploy reads it', () => {
  const fakeAws = (body: string) => {
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'aws'), `#!/usr/bin/env bash\necho "aws $*" >> "${path.join(work, 'aws.log')}"\n${body}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(work, 'aws.log'), '');
    return { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  };
  const DIGEST = `sha256:${'cd'.repeat(32)}`;

  test('GIVEN the tag in the cache THEN its digest, from one read-only describe-images call', () => {
    const digest = digestFromCache(root, path.join(work, 'cdktf.out'), 'stg', fakeAws(`echo ${DIGEST}`));
    expect(digest).toBe(DIGEST);
    const [call, ...more] = fs.readFileSync(path.join(work, 'aws.log'), 'utf8').trim().split('\n');
    expect(more).toEqual([]);
    expect(call).toMatch(/^aws ecr describe-images --region eu-west-1 --repository-name \S+ --image-ids imageTag=\S+ --query imageDetails\[0\]\.imageDigest --output text$/);
  });

  test('GIVEN the tag not in the cache (never deployed) THEN it refuses, naming npm run deploy for the first deploy', () => {
    expect(() => digestFromCache(root, path.join(work, 'cdktf.out'), 'stg', fakeAws('echo "An error occurred (ImageNotFoundException)" >&2; exit 254'))).toThrow(
      /is not in the pull through cache .*: the approved-plan path is for an environment deployed once; run npm run deploy -- stg first \(docs\/deploy\.md\)$/,
    );
  });
});

describe('summarizeDrift and the issue text', () => {
  test('GIVEN resource_drift relevant to the plan (a change outside Terraform, found by the refresh) THEN it is listed apart from what an apply would do', () => {
    const plan = {
      resource_drift: [{ address: 'aws_security_group.api', mode: 'managed', change: { actions: ['update'], before: { ingress: [] }, after: { ingress: [{ from_port: 22 }] } } }],
      relevant_attributes: [{ resource: 'aws_security_group.api', attribute: ['ingress'] }],
      resource_changes: [
        { address: 'aws_security_group.api', mode: 'managed', change: { actions: ['update'], before: { ingress: [{ from_port: 22 }] }, after: { ingress: [] } } },
        { address: 'aws_vpc.main', mode: 'managed', change: { actions: ['no-op'], before: {}, after: {} } },
        { address: 'data.aws_caller_identity.current', mode: 'data', change: { actions: ['read'] } },
      ],
    };
    const summary = summarizeDrift(plan, metadata);
    expect(summary.drifted).toEqual([expect.objectContaining({ address: 'aws_security_group.api', action: 'update', changedAttributes: ['ingress'] })]);
    expect(summary.changes.map((r) => r.address)).toEqual(['aws_security_group.api']);
    const { body } = renderDriftIssue('prod', [{ kind: 'checked', stack: 'prod-platform', summary }], { commit: COMMIT });
    expect(body).toContain('**Changed outside Terraform** (`resource_drift`):\n\n- update `aws_security_group.api` (`ingress`)\n  - `ingress`: `[]` → `[{"from_port":22}]`');
    expect(body).toContain('**An apply of the configuration would** (`resource_changes`):');
  });

  const ECS = 'aws_ecs_service.web';
  const autoscaled = { address: ECS, mode: 'managed', change: { actions: ['update'], before: { desired_count: 2, tags: { team: 'a' } }, after: { desired_count: 7, tags: { team: 'b' } } } };

  test('GIVEN drift only in attributes the plan does not use (an autoscaled desired_count under ignore_changes) THEN no drift: left out, counted as ignored, the issue closes', () => {
    const summary = summarizeDrift(
      { resource_drift: [autoscaled], resource_changes: [{ address: ECS, mode: 'managed', change: { actions: ['no-op'], before: {}, after: {} } }], relevant_attributes: [] },
      metadata,
    );
    expect(summary).toMatchObject({ drifted: [], changes: [], ignored: [ECS] });
    const issue = renderDriftIssue('prod', [{ kind: 'checked', stack: 'prod-platform', summary }], { commit: COMMIT });
    expect(issue.state).toBe('closed');
    expect(issue.body).not.toContain('desired_count');
  });

  test('GIVEN relevant_attributes naming one drifted attribute (by a path into it) THEN only that attribute counts, with its values', () => {
    const summary = summarizeDrift(
      {
        resource_drift: [autoscaled],
        relevant_attributes: [
          { resource: ECS, attribute: ['tags', 'team'] },
          { resource: 'aws_vpc.main', attribute: [] },
        ],
      },
      metadata,
    );
    expect(summary.drifted).toEqual([expect.objectContaining({ address: ECS, changedAttributes: ['tags'], values: [{ attribute: 'tags', before: '{"team":"a"}', after: '{"team":"b"}' }] })]);
    expect(summary.ignored).toEqual([]);
    expect(renderDriftIssue('prod', [{ kind: 'checked', stack: 'prod-platform', summary }], { commit: COMMIT }).state).toBe('open');
  });

  test('GIVEN a sensitive attribute, a long one and an unknown one THEN the values are redacted, cut, and said unknown', () => {
    const change = {
      actions: ['update'],
      before: { password: 'hunter2', policy: 'x'.repeat(500), arn: 'a' },
      after: { password: 'hunter3', policy: 'y'.repeat(500), arn: null },
      after_unknown: { arn: true },
      before_sensitive: { password: true },
      after_sensitive: { password: true },
    };
    const summary = summarizeDrift({ resource_changes: [{ address: 'aws_db_instance.main', mode: 'managed', change }] }, metadata);
    const [{ values }] = summary.changes;
    expect(values).toEqual([
      { attribute: 'arn', before: '"a"', after: '(known after apply)' },
      { attribute: 'password', before: '(sensitive)', after: '(sensitive)' },
      { attribute: 'policy', before: `"${'x'.repeat(199)}…`, after: `"${'y'.repeat(199)}…` },
    ]);
    expect(JSON.stringify(summary)).not.toContain('hunter');
  });

  test('GIVEN a clean plan THEN the issue closes; GIVEN a failed or missing check THEN it stays open, naming the step and commit', () => {
    const clean: DriftSummary = summarizeDrift({ resource_changes: [] }, metadata);
    expect(renderDriftIssue('prod', [{ kind: 'checked', stack: 'prod-platform', summary: clean }], { commit: COMMIT })).toMatchObject({
      state: 'closed',
      body: expect.stringContaining('| `prod-platform` | ✅ no drift | 0 | 0 |'),
    });
    const failed = renderDriftIssue(
      'prod',
      [
        { kind: 'failure', stack: 'prod-platform', failure: { environment: 'prod', stack: 'prod-platform', commit: COMMIT, step: 'init', output: 'Error: AccessDenied' } },
        { kind: 'missing', stack: 'prod-other' },
      ],
      { commit: COMMIT },
    );
    expect(failed.state).toBe('open');
    expect(failed.body).toContain('| `prod-platform` | ❌ the check failed at terraform init | | |');
    expect(failed.body).toContain('**`prod-platform`: the check failed at terraform init** (commit `89abcde`):\n\n```text\nError: AccessDenied\n```');
    expect(failed.body).toContain('| `prod-other` | ❌ the check failed before terraform ran');
  });
});

describe('one drift issue per environment (GitHub REST API, against the local fake)', () => {
  const options = () => ({ repository: 'acme/platform', token: 'test-token', apiUrl: github.api });
  const drift = (environment: string) => renderDriftIssue(environment, [{ kind: 'missing', stack: `${environment}-platform` }], { commit: COMMIT });
  const clean = (environment: string) =>
    renderDriftIssue(environment, [{ kind: 'checked', stack: `${environment}-platform`, summary: summarizeDrift({}, { ...metadata, environment, stack: `${environment}-platform` }) }], {
      commit: COMMIT,
    });

  beforeEach(() => {
    github.requests = [];
    // A person's issue with the same marker and another environment's drift issue are never touched.
    github.issues = [
      { number: 1, title: 'Drift: stg', body: `${markerLine(driftMarker('stg'))}\nby hand`, state: 'open', labels: [{ name: 'drift' }], user: { login: 'someone' } },
      { number: 2, title: 'Drift: prod', body: `${markerLine(driftMarker('prod'))}\nold`, state: 'open', labels: [{ name: 'drift' }], user: { login: 'github-actions[bot]' } },
    ];
  });

  test('GIVEN drift THEN the issue is created, then updated; GIVEN no drift THEN closed, then left alone; GIVEN drift again THEN reopened', async () => {
    expect(await upsertDriftIssue({ ...options(), content: drift('stg') })).toEqual({ action: 'created', number: 502 });
    expect(github.issues[2]).toMatchObject({ title: 'Drift: stg', state: 'open', labels: [{ name: 'drift' }], body: expect.stringMatching(/^<!-- drift:stg -->\nDrift check of \*\*stg\*\*/) });
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/platform/issues?labels=drift&state=all&per_page=100&page=1', 'POST /repos/acme/platform/issues']);
    expect(await upsertDriftIssue({ ...options(), content: drift('stg') })).toEqual({ action: 'updated', number: 502 });
    expect(await upsertDriftIssue({ ...options(), content: clean('stg') })).toEqual({ action: 'closed', number: 502 });
    expect(github.issues[2]).toMatchObject({ state: 'closed', body: expect.stringContaining('No drift: every stack matches its configuration.') });
    expect(await upsertDriftIssue({ ...options(), content: clean('stg') })).toEqual({ action: 'none', number: 502 });
    expect(await upsertDriftIssue({ ...options(), content: drift('stg') })).toEqual({ action: 'reopened', number: 502 });
    expect(github.issues.filter((i) => i.title === 'Drift: stg').length).toBe(2);
    expect(github.issues[0].body).toBe(`${markerLine(driftMarker('stg'))}\nby hand`);
    expect(github.issues[1].body).toBe(`${markerLine(driftMarker('prod'))}\nold`);
    expect(github.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });
});
