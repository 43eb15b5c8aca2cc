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

  test('formatPath renders replace_paths as attribute paths', () => {
    expect(formatPath(['ingress', 0, 'cidr_blocks'])).toBe('ingress[0].cidr_blocks');
  });
});
