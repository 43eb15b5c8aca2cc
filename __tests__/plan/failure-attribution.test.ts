import * as fs from 'fs';
import * as path from 'path';
import { planStacksOffline, type StackPlanResult } from '../../tools/offline-plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';
import { scratchDir } from '../helpers/scratch';

/**
 * planStacksOffline runs `terraform validate` only when the plan fails; these
 * stacks prove it still names the step that failed. They are hand-written
 * Terraform JSON in a cdktf-shaped output folder (manifest.json + stacks/).
 */
const AWS_STACK = {
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
  provider: { aws: [{ region: 'eu-west-1' }] },
};

const STACKS: Record<string, object> = {
  // An argument the AWS provider does not have: a configuration error.
  'invalid-argument': { ...AWS_STACK, resource: { aws_s3_bucket: { bad: { bucket: 'acme-bad', no_such_argument: true } } } },
  // Valid configuration whose precondition can only be evaluated while planning.
  'failing-precondition': {
    ...AWS_STACK,
    resource: {
      terraform_data: {
        source: { input: 'a' },
        guarded: {
          input: 'b',
          lifecycle: { precondition: [{ condition: '${terraform_data.source.input == "b"}', error_message: 'Offline plan test precondition.' }] },
        },
      },
    },
  },
};

function writeSynthDir(root: string): string {
  const synthDir = path.join(root, 'cdktf.out');
  const manifest = { stacks: {} as Record<string, { workingDirectory: string }> };
  for (const [stack, json] of Object.entries(STACKS)) {
    const dir = path.join(synthDir, 'stacks', stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    manifest.stacks[stack] = { workingDirectory: path.join('stacks', stack) };
  }
  fs.writeFileSync(path.join(synthDir, 'manifest.json'), JSON.stringify(manifest));
  return synthDir;
}

let version: string | undefined;
let results: Map<string, StackPlanResult>;

beforeAll(async () => {
  version = await terraformForSuite('the plan failure attribution test');
  if (!version) return;
  const root = scratchDir('plan-failures-');
  const planned = await planStacksOffline({ synthDir: writeSynthDir(root), workDir: path.join(root, 'work') });
  results = new Map(planned.map((r) => [r.stack, r]));
}, 300_000);

describe('offline plan failures', () => {
  test('GIVEN an argument the provider does not know WHEN planning THEN validate is the failed step, with Terraform output', () => {
    if (!version) return;
    const result = results.get('invalid-argument')!;
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('validate');
    expect(result.output).toMatch(/No argument or block type is named "no_such_argument"/);
  });

  test('GIVEN a valid configuration whose precondition fails WHEN planning THEN plan is the failed step', () => {
    if (!version) return;
    const result = results.get('failing-precondition')!;
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('plan');
    expect(result.output).toMatch(/Success! The configuration is valid/);
    expect(result.output).toMatch(/Offline plan test precondition\./);
  });
});
