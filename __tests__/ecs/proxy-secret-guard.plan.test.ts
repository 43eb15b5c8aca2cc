import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { planStacksOffline, type StackPlanResult } from '../../tools/offline-plan/offline-plan';
import { ecsEnvironmentWithOauth2, platformOf } from './ecs-fixture';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * The proxy-secret guard (lib/ecs/proxy-secrets.ts) run by Terraform itself:
 * the synthesized secrets and their version-list checks, with one
 * terraform_data per ECS service and per ECR pull through cache rule carrying
 * its real `depends_on` on the checks (the rule on the Docker Hub credential's). `terraform test` with a mocked AWS provider answers the version
 * lists; the offline plan shows the checks are deferred on a new environment.
 * https://developer.hashicorp.com/terraform/language/tests/mocking
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'proxy-secret-guard');
const STACK = 'proxy-secret-guard';
const GUARD = 'aws_secretsmanager_secret_versions';

function guardStack(): { config: Record<string, any>; guards: string[]; services: string[] } {
  const json = platformOf(ecsEnvironmentWithOauth2()).json;
  const strip = (block: Record<string, any>) => Object.fromEntries(Object.entries(block).map(([name, { '//': _, ...values }]) => [name, values]));
  const dependents = { ...json.resource.aws_ecs_service, ...json.resource.aws_ecr_pull_through_cache_rule } as Record<string, any>;
  const stand = Object.fromEntries(
    Object.entries(dependents).map(([name, dependent]) => [
      name,
      { input: dependent.name ?? dependent.ecr_repository_prefix, depends_on: (dependent.depends_on as string[]).filter((d) => d.startsWith(`data.${GUARD}.`)) },
    ]),
  );
  return {
    config: {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource: { aws_secretsmanager_secret: strip(json.resource.aws_secretsmanager_secret), terraform_data: stand },
      data: { [GUARD]: strip(json.data[GUARD]) },
    },
    guards: Object.keys(json.data[GUARD]).map((name) => `data.${GUARD}.${name}`),
    services: Object.keys(stand).map((name) => `terraform_data.${name}`),
  };
}

function testFile(guards: string[], services: string[]): string {
  const versions = (stages: string[]) => `[{ version_id = "v1", version_stages = ${JSON.stringify(stages)}, created_time = "", last_accessed_date = "" }]`;
  const overrides = (list: string) => guards.map((target) => `  override_data {\n    target = ${target}\n    values = { versions = ${list} }\n  }`).join('\n');
  return `mock_provider "aws" {}

# A new environment: the secrets are created in this apply, empty; every check fails, so no service is created.
run "new_environment_with_empty_secrets" {
  command = apply
${overrides('[]')}
  expect_failures = [${guards.join(', ')}]
}

# A version only pending (a rotation never finished) is no value either; the secrets exist now, so the plan reads them.
run "only_a_pending_version" {
  command = plan
${overrides(versions(['AWSPENDING']))}
  expect_failures = [${guards.join(', ')}]
}

run "every_secret_has_a_value" {
  command = apply
${overrides(versions(['AWSCURRENT', 'AWSPREVIOUS']))}
${services.map((s) => `  assert {\n    condition     = ${s}.output != null\n    error_message = "${s} was not created"\n  }`).join('\n')}
}
`;
}

let version: string | undefined;
let plan: StackPlanResult;
let guards: string[];
let services: string[];

beforeAll(async () => {
  version = await terraformForSuite('the proxy-secret guard check');
  if (!version) return;
  const stack = guardStack();
  ({ guards, services } = stack);
  const synthDir = path.join(work, 'input');
  fs.rmSync(synthDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(synthDir, 'stacks', STACK), { recursive: true });
  fs.writeFileSync(path.join(synthDir, 'manifest.json'), JSON.stringify({ stacks: { [STACK]: { workingDirectory: `stacks/${STACK}` } } }));
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'cdk.tf.json'), JSON.stringify(stack.config, null, 2));
  fs.mkdirSync(path.join(synthDir, 'stacks', STACK, 'tests'));
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'tests', 'guard.tftest.hcl'), testFile(guards, services));
  [plan] = await planStacksOffline({ synthDir, workDir: path.join(work, 'stacks'), concurrency: 1 });
}, 300_000);

describe('the proxy-secret guard, run by Terraform', () => {
  test('GIVEN a new environment THEN the offline plan defers every check to apply and calls no AWS API', async () => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    // Three proxy secrets and the Docker Hub credential; three ECS services and the pull through cache rule.
    expect(guards).toHaveLength(4);
    expect(services).toHaveLength(4);
    const deferred = [...plan.output.matchAll(/# (data\.\S+) will be read during apply/g)].map((m) => m[1]);
    expect(deferred.filter((address) => address.startsWith(`data.${GUARD}.`)).sort()).toEqual([...guards].sort());
  });

  test('GIVEN empty, pending-only and current versions THEN terraform test: the first two fail the checks, the last creates every service', async () => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    const result = await promisify(execFile)('terraform', ['test', '-no-color'], {
      cwd: path.join(work, 'stacks', STACK),
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string }) => error);
    expect(result.stdout).toMatch(/run "new_environment_with_empty_secrets"\.\.\. pass/);
    expect(result.stdout).toMatch(/run "only_a_pending_version"\.\.\. pass/);
    expect(result.stdout).toMatch(/run "every_secret_has_a_value"\.\.\. pass/);
    expect(result.stdout).toMatch(/Success! 3 passed, 0 failed\./);
  }, 120_000);
});
