import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { readDriftResults, renderDriftIssue, summarizeDrift } from '../../tools/deploy/drift';
import { planStack } from '../../tools/stack-plan/plan-stack';
import { PROVIDER_MIRROR_VARIABLE, run, terraformEnvironment } from '../../tools/offline-plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';
import { fakeAwsApi, type FakeAwsApi } from './support/fake-aws-api';

/**
 * The drift check with REAL Terraform and a real refresh: a stack holding an
 * ECS service whose desired count its autoscaler owns (`ignore_changes =
 * [desired_count]`, as lib/ecs/fargate-service.ts declares it) and a log
 * group, applied (imported by Terraform from a local fake of the ECS and
 * CloudWatch Logs APIs: support/fake-aws-api.ts); then "AWS" changes: the
 * autoscaler sets the count to 5 (noise: Terraform lists it in
 * `resource_drift` but not in `relevant_attributes`, and plans nothing), and
 * someone shortens the log retention by hand (real drift: the plan puts it
 * back). The drift check (`planStack --detailed-exitcode`, as npm run
 * plan:stack runs it) must report the retention, with its values, and never
 * the count; with the count alone the issue stays closed.
 */
const COMMIT = '89abcdef0123456789abcdef0123456789abcdef';
const STACK = 'stg-drift';
const CLUSTER = 'arn:aws:ecs:eu-west-1:111111111111:cluster/acme-stg';
const TASK_DEFINITION = 'arn:aws:ecs:eu-west-1:111111111111:task-definition/acme-stg-web:3';
const LOG_GROUP = '/ecs/acme-stg/web';
const SERVICE_ADDRESS = 'aws_ecs_service.web';
const LOG_ADDRESS = 'aws_cloudwatch_log_group.web';

let version: string | undefined;
let scratch: string;
/** Every fake AWS API started: the one imported from, and one per drift check. */
const fakes: FakeAwsApi[] = [];
/** The imported state, as the applied stack holds it. */
let appliedState: string;
/** Terraform's environment: the provider mirror when there is one (else the registry), no AWS credentials. */
let env: NodeJS.ProcessEnv;
/** The two drift checks, started at once in beforeAll (each against its own fake AWS), awaited by their tests. */
let checks: { countOnly: ReturnType<typeof driftCheck>; retention: ReturnType<typeof driftCheck> };

function synthesize(dir: string, endpoint: string): void {
  const app = new App({ outdir: dir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new AwsProvider(stack, 'aws', {
    region: 'eu-west-1',
    accessKey: 'AKIADRIFTTEST0000000',
    secretKey: 'drift-test-not-a-secret',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    endpoints: [{ ecs: endpoint, cloudwatchlogs: endpoint }],
  });
  new CloudwatchLogGroup(stack, 'web_logs', { name: LOG_GROUP, retentionInDays: 30 }).overrideLogicalId('web');
  new EcsService(stack, 'web_service', {
    name: 'web',
    cluster: CLUSTER,
    taskDefinition: TASK_DEFINITION,
    desiredCount: 2,
    launchType: 'FARGATE',
    lifecycle: { ignoreChanges: ['desired_count'] },
  }).overrideLogicalId('web');
  app.synth();
}

beforeAll(async () => {
  version = await terraformForSuite('the drift relevance test (real Terraform, refresh against a fake AWS API)');
  if (!version) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-relevant-'));
  const aws = await startFake();
  const synthDir = path.join(scratch, 'cdktf.out');
  synthesize(synthDir, aws.endpoint);
  // Applied: what Terraform itself records when it imports what "AWS" holds, the configuration's values.
  aws.services = [{ cluster: CLUSTER, name: 'web', taskDefinition: TASK_DEFINITION, desiredCount: 2 }];
  aws.logGroups = [{ name: LOG_GROUP, retentionInDays: 30 }];
  const dir = path.join(synthDir, 'stacks', STACK);
  env = terraformEnvironment(scratch, undefined, process.env[PROVIDER_MIRROR_VARIABLE]);
  await run('terraform', ['init', '-input=false', '-no-color'], dir, env);
  await run('terraform', ['import', '-no-color', '-input=false', SERVICE_ADDRESS, 'acme-stg/web'], dir, env);
  await run('terraform', ['import', '-no-color', '-input=false', LOG_ADDRESS, LOG_GROUP], dir, env);
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8'));
  // What an apply (not an import) records besides: the Terraform-only wait_for_steady_state, and the
  // task definition as the configuration gives it (an import reads it back as family:revision).
  const service = state.resources.find((r: { type: string }) => r.type === 'aws_ecs_service').instances[0].attributes;
  Object.assign(service, { wait_for_steady_state: false, task_definition: TASK_DEFINITION });
  appliedState = JSON.stringify({ ...state, serial: state.serial + 1 }, null, 2);
  // Then "AWS" changes. Each check is a refresh and plan of its own (seconds of Terraform and provider start-up), so
  // both run at once, each against a fake holding its own "AWS"; the autoscaler moved the count in both.
  const scaled = [{ cluster: CLUSTER, name: 'web', taskDefinition: TASK_DEFINITION, desiredCount: 5 }];
  checks = {
    countOnly: driftCheck('count-only', { services: scaled, logGroups: [{ name: LOG_GROUP, retentionInDays: 30 }] }),
    // Someone also shortened the retention by hand.
    retention: driftCheck('retention', { services: scaled, logGroups: [{ name: LOG_GROUP, retentionInDays: 7 }] }),
  };
  // Each test awaits (and reports) its own check's failure; until then a rejection is not unhandled.
  for (const check of Object.values(checks)) check.catch(() => undefined);
}, 300_000);

afterAll(async () => {
  // A test that failed early leaves a check running: it ends before its folder and fake are removed.
  if (checks) await Promise.allSettled(Object.values(checks));
  await Promise.all(fakes.map((fake) => fake.close()));
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}, 300_000);

async function startFake(): Promise<FakeAwsApi> {
  const fake = await fakeAwsApi();
  fakes.push(fake);
  return fake;
}

/** The drift check of the applied stack, with "AWS" holding what `now` says (a fake of its own, and the stack synthesized for its endpoint). */
async function driftCheck(name: string, now: Pick<FakeAwsApi, 'services' | 'logGroups'>) {
  const aws = await startFake();
  Object.assign(aws, now);
  const synthDir = path.join(scratch, `${name}.out`);
  synthesize(synthDir, aws.endpoint);
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), appliedState);
  const outDir = path.join(scratch, 'results', name, STACK);
  const metadata = await planStack({
    environment: 'stg',
    stack: STACK,
    synthDir,
    outDir,
    offline: false,
    commit: COMMIT,
    env,
    workDir: path.join(scratch, `${name}-work`),
    detailedExitCode: true,
    summary: { file: 'drift.json', summarize: (plan, m) => summarizeDrift(plan, m), keepText: true },
  });
  const [result] = readDriftResults(path.join(scratch, 'results', name), [STACK]);
  if (result.kind !== 'checked') throw new Error(JSON.stringify(result));
  return { metadata, summary: result.summary, issue: renderDriftIssue('stg', [result], { commit: COMMIT, now: new Date('2026-12-07T05:17:00Z') }) };
}

describe('drift that matters (real Terraform refresh)', () => {
  test('GIVEN only the autoscaler moved the desired count (ignore_changes) THEN no drift and the issue stays closed', async () => {
    if (!version) return;
    const { summary, issue } = await checks.countOnly;
    // The refresh saw the count (resource_drift) and left it out as not relevant to the plan.
    expect(summary).toMatchObject({ drifted: [], changes: [], ignored: [SERVICE_ADDRESS] });
    expect(issue.state).toBe('closed');
    expect(issue.body).not.toContain('desired_count');
  }, 300_000);

  test('GIVEN the autoscaled count and a retention shortened by hand THEN the issue opens with the retention, its values, and never the count', async () => {
    if (!version) return;
    const { summary, issue } = await checks.retention;
    expect(summary.changes).toEqual([expect.objectContaining({ address: LOG_ADDRESS, action: 'update', changedAttributes: ['retention_in_days'] })]);
    expect(summary.drifted.map((r) => r.address)).not.toContain(SERVICE_ADDRESS);
    expect(issue.state).toBe('open');
    expect(issue.body).toContain('`retention_in_days`: `7` → `30`');
    expect(issue.body).not.toContain('desired_count');
    expect(issue.body).not.toContain(SERVICE_ADDRESS);
  }, 300_000);
});
