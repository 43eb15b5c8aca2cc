import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { destroyEnvironment, type DestroyOptions } from '../../tools/deploy/destroy-environment';
import { fakeTools, type FakeTools } from './fake-tools';
import { UserError } from '../../lib/util/user-error';
import { exampleSynth } from '../helpers/example-synth';

/** `npm run destroy -- <env>` against fake terraform and aws (tests/deploy/fake-tools.ts). */
const repository = path.resolve(__dirname, '../..');
let scratch: string;
let synthOutput: string;
let tools: FakeTools;
let run = 0;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'destroy-test-'));
  // Read only: each fake `npm run synth` copies it.
  synthOutput = exampleSynth(['dev', 'prod']).outdir;
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const setUp = (account: string) => {
  tools = fakeTools(path.join(scratch, `run-${++run}`), synthOutput, path.join(repository, 'scripts'), account);
};
const destroy = (environment: string, options: Partial<DestroyOptions> = {}) => {
  const lines: string[] = [];
  destroyEnvironment({ environment, root: tools.root, env: tools.env, stdio: 'pipe', log: (line) => lines.push(line), ...options });
  return lines;
};
const PLACEHOLDER = `envoy_image_digest=sha256:${'0'.repeat(64)}`;

test('GIVEN dev THEN after synth and the account check it says what is kept and destroys only the platform stack, asking nothing', () => {
  setUp('111111111111');
  const lines = destroy('dev', {
    readLine: () => {
      throw new Error('dev must not ask');
    },
  });
  expect(tools.calls()).toEqual([
    'npm run synth',
    'aws sts get-caller-identity --region eu-west-1 --query Account --output text',
    'terraform -chdir=cdktf.out/stacks/dev-platform init -input=false',
    `terraform -chdir=cdktf.out/stacks/dev-platform destroy -input=false -var ${PLACEHOLDER}`,
  ]);
  const kept = lines.indexOf('==> 3. What is kept, and what may stop the destroy');
  expect(kept).toBeGreaterThan(0);
  expect(lines[kept + 1]).toBe('    kept: the state bucket acme-tfstate-dev-111111111111 with every version of the state (dev-bootstrap is not destroyed: prevent_destroy)');
  expect(lines).toContain('    deleted at once: the secrets (no recovery window), the ALB access-log bucket and the Envoy image cache with their contents');
  expect(lines.at(-1)).toBe('==> dev-platform destroyed; dev-bootstrap (the state bucket acme-tfstate-dev-111111111111) kept');
});

test('GIVEN a stack folder whose .terraform/ recorded the backend before it named its KMS key WHEN init stops with "Backend configuration changed" THEN the destroy names the one-time init -reconfigure (and -migrate-state for a moved state)', () => {
  setUp('111111111111');
  const error = 'Error: Backend configuration changed\n\nA change in the backend configuration has been detected, which may require migrating existing state.';
  expect(() => destroy('dev', { env: { ...tools.env, FAKE_TERRAFORM_FAIL: 'dev-platform init', FAKE_TERRAFORM_ERROR: error } })).toThrow(
    new UserError(
      "terraform -chdir=cdktf.out/stacks/dev-platform init -input=false: Backend configuration changed (the folder's .terraform/ recorded the backend as it was before). " +
        "When only the state's KMS key changed (docs/state.md), run once: terraform -chdir=cdktf.out/stacks/dev-platform init -input=false -reconfigure, then run this command again; " +
        'when state.bucket or the state key changed, move the state instead: terraform -chdir=cdktf.out/stacks/dev-platform init -input=false -migrate-state',
    ),
  );
  expect(tools.calls().some((call) => call.includes(' destroy '))).toBe(false);
});

test('GIVEN prod and the wrong words typed THEN nothing is destroyed, after what is kept and what blocks was said', () => {
  setUp('333333333333');
  const lines: string[] = [];
  expect(() => {
    destroyEnvironment({ environment: 'prod', root: tools.root, env: tools.env, stdio: 'pipe', log: (line) => lines.push(line), readLine: () => 'yes\n' });
  }).toThrow(new UserError('prod not destroyed: expected "destroy prod", got "yes"'));
  expect(tools.calls().some((call) => call.includes(' destroy '))).toBe(false);
  expect(lines).toContain('    kept for 30 days: the secrets, scheduled for deletion (their names stay reserved; restore-secret undoes it)');
  expect(lines).toContainEqual(expect.stringMatching(/stops the destroy: load balancer deletion protection/));
  expect(lines.at(-1)).toBe('    prod is production: type "destroy prod" to go on');
});

test('GIVEN prod and "destroy prod" typed THEN the platform is destroyed, -auto-approve only when asked', () => {
  setUp('333333333333');
  destroy('prod', { readLine: () => 'destroy prod\n', autoApprove: true });
  expect(tools.calls().at(-1)).toMatch(/^terraform -chdir=cdktf\.out\/stacks\/prod-platform destroy -input=false -auto-approve( -var envoy_image_digest=sha256:0+)?$/);
});

test("GIVEN another account's credentials THEN it refuses before saying or destroying anything", () => {
  setUp('111111111111');
  expect(() => destroy('dev', { env: { ...tools.env, FAKE_ACCOUNT: '999999999999' } })).toThrow(UserError);
  expect(tools.calls().some((call) => call.startsWith('terraform'))).toBe(false);
});
