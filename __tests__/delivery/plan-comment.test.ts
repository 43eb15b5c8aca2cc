import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderFailureComment, renderPlanReport } from '../../tools/delivery/plan-comment';
import { formatPath, summarizePlan } from '../../tools/delivery/plan-summary';
import type { PlanMetadata } from '../../tools/delivery/plan-stack';
import { runScript } from '../helpers/run-script';

const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
const metadata = (stack: string, commit = COMMIT): PlanMetadata => ({
  environment: stack.split('-')[0],
  stack,
  commit,
  planFile: 'plan.tfplan',
  planSha256: 'a'.repeat(64),
  configurationSha256: 'b'.repeat(64),
  createdAt: '2026-12-01T00:00:00.000Z',
  terraformVersion: '1.11.4',
  offline: false,
  placeholders: ['envoy_image_digest'],
});

describe('npm run plan:comment --failed-step (failures are never stale)', () => {
  test('GIVEN a failed step THEN the comment says which step failed at which commit, and shows nothing else', () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-comment-')), 'comment.md');
    const result = runScript('scripts/plan-comment.ts', ['--failed-step', 'change detection (npm run affected)', '--commit', COMMIT, '--output', output], {
      env: { ...process.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/platform', GITHUB_RUN_ID: '99' },
    });
    expect(result).toMatchObject({ status: 0 });
    expect(fs.readFileSync(output, 'utf8')).toBe(
      [
        '## Terraform plans at `fedcba9`',
        '',
        '> [!CAUTION]',
        `> **change detection (npm run affected) failed** at commit \`${COMMIT}\`.`,
        '> Nothing is shown for this commit, and nothing from an earlier push is kept here: fix the step and push again.',
        '> See the [workflow run](https://github.com/acme/platform/actions/runs/99) for its output.',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN --merge-commit (what the workflow passes) THEN the failure names the head and the merge commit', () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-comment-')), 'comment.md');
    const result = runScript('scripts/plan-comment.ts', ['--failed-step', 'x', '--commit', COMMIT, '--merge-commit', '0123456789abcdef0123456789abcdef01234567', '--output', output]);
    expect(result).toMatchObject({ status: 0 });
    expect(fs.readFileSync(output, 'utf8')).toContain(`> **x failed** at commit \`${COMMIT}\` (run on its merge with the base branch, \`0123456\`).`);
  });

  test('GIVEN the synth diff failed THEN its own title', () => {
    expect(renderFailureComment({ step: 'test, synth and diff', commit: COMMIT, title: '## Synthesized Terraform' })).toMatch(/^## Synthesized Terraform at `fedcba9`\n\n> \[!CAUTION\]\n> \*\*test, synth and diff failed\*\*/);
  });

  test('GIVEN options that do not go together or an unknown flag THEN it fails', () => {
    expect(runScript('scripts/plan-comment.ts', ['--failed-step', 'x', '--commit', COMMIT, '--output', '/dev/null', '--plans', '.'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/--failed-step renders the failure comment only/) });
    expect(runScript('scripts/plan-comment.ts', ['--nope'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan:comment: Unknown option '--nope'/) });
  });
});

describe('renderPlanReport', () => {
  test('GIVEN nothing affected THEN it says there is nothing to plan', () => {
    expect(renderPlanReport([], { commit: COMMIT, affected: { include: [], notPlanned: [] } }).comment).toBe(
      "## Terraform plans at `fedcba9`\n\nNo stack's synthesized Terraform or Envoy bundles changed against the base branch: nothing to plan.\n",
    );
  });

  test('GIVEN a matrix stack without a plan, a plan of another commit and a placeholder THEN each is said', () => {
    const plan = summarizePlan({ resource_changes: [{ address: 'aws_s3_bucket.a', mode: 'managed', change: { actions: ['create', 'delete'], replace_paths: [['bucket']], before: {}, after: {} } }] }, metadata('dev-platform', '1111111aaaa'));
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], {
      commit: COMMIT,
      affected: { include: [{ environment: 'stg', stack: 'stg-platform', 'plan-role': 'r', region: 'eu-west-1' }], notPlanned: [{ stack: 'prod-bootstrap', reason: 'local backend' }] },
    });
    expect(comment).toContain('| stg | `stg-platform` | ❌ no plan: the plan job did not finish | | | | |');
    expect(comment).toContain('Planned at another commit than `fedcba9`: `dev-platform` (`1111111`).');
    expect(comment).toContain('`dev-platform`: `envoy_image_digest` planned with a placeholder value');
    expect(comment).toContain('- `prod-bootstrap`: local backend');
    expect(comment).toContain('| `aws_s3_bucket.a` | `bucket` | – | create, then destroy (`create_before_destroy`) |');
  });

  test('GIVEN a pull_request run THEN the comment names the head commit and says the plan is of its merge with the base', () => {
    const MERGE = '0123456789abcdef0123456789abcdef01234567';
    const plan = summarizePlan({ resource_changes: [] }, { ...metadata('dev-platform', MERGE), placeholders: [] });
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT, mergeCommit: MERGE });
    expect(comment).toMatch(/^## Terraform plans at `fedcba9`\n\n_Planned from `0123456`, GitHub's merge of `fedcba9` into the base branch/);
    // The plan of the merge commit is this push's plan, not one of another commit.
    expect(comment).not.toContain('Planned at another commit');
    expect(renderFailureComment({ step: 'change detection', commit: COMMIT, mergeCommit: MERGE })).toContain(`> **change detection failed** at commit \`${COMMIT}\` (run on its merge with the base branch, \`0123456\`).`);
  });

  test('formatPath renders replace_paths as attribute paths', () => {
    expect(formatPath(['ingress', 0, 'cidr_blocks'])).toBe('ingress[0].cidr_blocks');
  });
});

describe('replacements caused only by the placeholder Envoy digest', () => {
  const PLACEHOLDER = `sha256:${'0'.repeat(64)}`;
  const DEPLOYED = `sha256:${'d'.repeat(64)}`;
  const ENVOY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy';
  const APP = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/api';
  // The state keeps the definitions as the provider normalized them (no empty lists, its own key order);
  // the configuration has them as synthesized.
  const state = (app: string) => JSON.stringify([{ essential: true, image: `${APP}:${app}`, name: 'app' }, { image: `${ENVOY}@${DEPLOYED}`, name: 'envoy', user: '101:101' }]);
  const config = (app: string) => JSON.stringify([{ name: 'app', image: `${APP}:${app}`, essential: true, portMappings: [] }, { name: 'envoy', image: `${ENVOY}@${PLACEHOLDER}`, user: '101:101', environment: [] }]);
  const replaced = (address: string, before: string, after: string) => ({
    address,
    mode: 'managed',
    action_reason: 'replace_because_cannot_update',
    change: { actions: ['create', 'delete'], replace_paths: [['container_definitions']], before: { container_definitions: before, family: 'f' }, after: { container_definitions: after, family: 'f' } },
  });

  test('GIVEN a platform plan whose only replacement comes from the placeholder digest THEN no CAUTION, and a note says it is not real', () => {
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), config('2.3.0'))] }, metadata('stg-platform'));
    expect(plan.resources[0]).toMatchObject({ action: 'replace', placeholderOnly: true });
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT });
    expect(comment).not.toContain('[!CAUTION]');
    expect(comment).toContain(
      '> **1 replacement is not real**: caused only by the placeholder Envoy image digest (nothing else in `container_definitions` changes), so it is left out of the destructive changes above.',
    );
    expect(comment).toContain('> - `aws_ecs_task_definition.api` in `stg-platform`');
    expect(comment).toContain('| `aws_ecs_task_definition.api` | `container_definitions` | only the placeholder `envoy_image_digest`: not real |');
  });

  test('GIVEN the same replacement but the app image changes too THEN it is real: under CAUTION', () => {
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), config('2.4.0'))] }, metadata('stg-platform'));
    expect(plan.resources[0].placeholderOnly).toBeUndefined();
    const { comment } = renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT });
    expect(comment).toContain('> [!CAUTION]\n> **1 destructive change**\n> - `aws_ecs_task_definition.api` in `stg-platform` is replaced (`container_definitions`)');
    expect(comment).not.toContain('not real');
  });

  test('GIVEN the deployed digest was used (no placeholder) THEN a replacement is never marked', () => {
    const after = config('2.3.0').replace(PLACEHOLDER, DEPLOYED);
    const plan = summarizePlan({ resource_changes: [replaced('aws_ecs_task_definition.api', state('2.3.0'), after.replace('101:101', '0:0'))] }, { ...metadata('stg-platform'), placeholders: [] });
    expect(plan.resources[0].placeholderOnly).toBeUndefined();
    expect(renderPlanReport([{ kind: 'plan', summary: plan }], { commit: COMMIT }).comment).toContain('**1 destructive change**');
  });
});
