import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deployEnvironment, type DeployOptions } from '../../tools/deploy/deploy-environment';
import { deploySteps } from '../../tools/deploy/deploy-steps';
import { readSynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { fakeTaskDefinitionArn, fakeTools, FAKE_UPSTREAM_DIGEST, type FakeTools } from './fake-tools';
import { UserError } from '../../lib/util/user-error';
import { exampleSynth } from '../helpers/example-synth';

/**
 * The checks after the platform apply of `npm run deploy -- dev`, against fake
 * terraform and aws: every ECS service's PRIMARY deployment COMPLETED on the
 * task definition the apply set (output ecs_task_definitions), and a plan
 * with the apply's variables that finds no change (-detailed-exitcode).
 * Every secret has a value, so the deploy goes straight to the platform.
 */
const repository = path.resolve(__dirname, '../..');
let scratch: string;
let synthOutput: string;
let tools: FakeTools;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-verify-test-'));
  // Read only: each fake `npm run synth` copies it.
  synthOutput = exampleSynth(['dev']).outdir;
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let run = 0;
beforeEach(() => {
  tools = fakeTools(path.join(scratch, `run-${++run}`), synthOutput, path.join(repository, 'scripts'));
  for (const name of ['acme/dev/envoy-tls', 'acme/dev/web/oauth2-client-secret', 'acme/dev/web/oauth2-hmac-key', 'ecr-pullthroughcache/acme-dev/docker-hub']) {
    tools.putSecret(name, 'already-there');
  }
});

const deploy = (options: Partial<DeployOptions> = {}) =>
  deployEnvironment({ environment: 'dev', root: tools.root, env: tools.env, stdio: 'pipe', log: () => undefined, skipBootstrap: true, ...options });
const refusal = (options: Partial<DeployOptions> = {}): string[] => {
  try {
    deploy(options);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message.split('\n');
  }
  throw new Error('the deploy did not refuse');
};
const events = (service: string) => `aws ecs describe-services --region eu-west-1 --cluster acme-dev --services ${service} --query 'services[].events[:5]' --output json`;
const PLAN = `terraform -chdir=cdktf.out/stacks/dev-platform plan -detailed-exitcode -input=false -var envoy_image_digest=${FAKE_UPSTREAM_DIGEST}`;

describe('npm run deploy: after the platform apply', () => {
  test('GIVEN every service COMPLETED on the applied task definition and a plan without changes (exit 0) WHEN deployed THEN it succeeds, checking after the wait', () => {
    const lines: string[] = [];
    deploy({ log: (line) => lines.push(line) });
    expect(tools.calls().slice(-4)).toEqual([
      'aws ecs wait services-stable --region eu-west-1 --cluster acme-dev --services api web worker',
      'terraform -chdir=cdktf.out/stacks/dev-platform output -json ecs_task_definitions',
      'aws ecs describe-services --region eu-west-1 --cluster acme-dev --services api web worker --output json',
      PLAN,
    ]);
    expect(lines).toContain('    web: acme-dev-web:2 rolled out');
    expect(lines).toContain('    dev-platform: no changes');
    // The first look after a deploy: the dashboard's link, from the synthesized output dashboard-url.
    expect(lines.slice(-2)).toEqual(['    dashboard: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/acme-dev', '==> dev deployed']);
  });

  test('GIVEN the circuit breaker rolled web back (PRIMARY on the previous revision, COMPLETED) and worker FAILED WHEN deployed THEN it refuses with one line per service naming its state and the events command, and runs no plan', () => {
    tools.ecsDeployments('web', [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('web', 1), rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/0 completed.' }]);
    tools.ecsDeployments('worker', [
      { status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('worker', 2), rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' },
    ]);
    expect(refusal()).toEqual([
      'dev-platform applied, but not every ECS service runs the task definition it set:',
      `web: rolled back: its PRIMARY deployment runs acme-dev-web:1, not acme-dev-web:2 that the apply set (rolloutState COMPLETED: ECS deployment ecs-svc/0 completed.); why: ${events('web')}`,
      `worker: the rollout of acme-dev-worker:2 did not complete (rolloutState FAILED: ECS deployment circuit breaker: tasks failed to start.); why: ${events('worker')}`,
    ]);
    expect(tools.calls()).not.toContainEqual(expect.stringContaining(' plan '));
  });

  test('GIVEN web still IN_PROGRESS when the waiter returns (the ALB has not yet found the new tasks healthy) WHEN it completes two polls later THEN the deploy waits for it and succeeds', () => {
    const inProgress = { status: 'PRIMARY' as const, taskDefinition: fakeTaskDefinitionArn('web', 2), rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/1 in progress.' };
    tools.ecsDeployments('web', [inProgress]);
    const lines: string[] = [];
    let polls = 0;
    deploy({
      log: (line) => lines.push(line),
      rolloutPolling: {
        now: () => 0,
        sleep: () => {
          if (++polls === 2) tools.ecsDeployments('web', [{ ...inProgress, rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/1 completed.' }]);
        },
      },
    });
    expect(polls).toBe(2);
    // The first call asks for every service, the polls only for web.
    const describes = tools.calls().filter((call) => call.startsWith('aws ecs describe-services'));
    expect(describes.map((call) => call.replace(/.*--services (.*) --output json$/, '$1'))).toEqual(['api web worker', 'web', 'web']);
    expect(lines).toContain('    web: IN_PROGRESS; polling again in 15 s');
    expect(lines).toContain('    web: acme-dev-web:2 rolled out');
    expect(lines.at(-1)).toBe('==> dev deployed');
  });

  test('GIVEN web still IN_PROGRESS at the deadline THEN it refuses naming the state, the time polled and the events command', () => {
    tools.ecsDeployments('web', [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('web', 2), rolloutState: 'IN_PROGRESS' }]);
    let clock = 0;
    const lines = refusal({ rolloutPolling: { deadlineSeconds: 600, intervalSeconds: 15, now: () => clock, sleep: (ms) => (clock += ms) } });
    expect(lines).toEqual([
      'dev-platform applied, but not every ECS service runs the task definition it set:',
      `web: the rollout of acme-dev-web:2 is still IN_PROGRESS after 10 minutes of polling; why: ${events('web')}`,
    ]);
    expect(clock).toBe(600_000);
    expect(tools.calls()).not.toContainEqual(expect.stringContaining(' plan '));
  });

  test("GIVEN the services-stable waiter gives up (exit 255) and worker FAILED THEN the deploy still checks each service and refuses with the waiter's message and the per-service lines", () => {
    tools.ecsDeployments('worker', [
      { status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('worker', 2), rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' },
    ]);
    expect(refusal({ env: { ...tools.env, FAKE_ECS_WAIT_FAIL: '1' } })).toEqual([
      'dev-platform applied, but not every ECS service runs the task definition it set:',
      '(aws ecs wait services-stable --region eu-west-1 --cluster acme-dev --services api web worker gave up (exit 255: Waiter ServicesStable failed: Max attempts exceeded))',
      `worker: the rollout of acme-dev-worker:2 did not complete (rolloutState FAILED: ECS deployment circuit breaker: tasks failed to start.); why: ${events('worker')}`,
    ]);
  });

  test('GIVEN web rolled back by ECS on a deployment alarm WHEN deployed THEN its line names the alarm in ALARM; a rollback with no alarm firing says so and how to see the history', () => {
    const webAlarms = ['acme-dev-web-target-5xx-rate', 'acme-dev-web-unhealthy-targets'];
    tools.ecsDeployments(
      'web',
      [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('web', 1), rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/0 completed.' }],
      webAlarms,
    );
    tools.alarmState('acme-dev-web-target-5xx-rate', 'ALARM');
    tools.alarmState('acme-dev-web-unhealthy-targets', 'OK');
    tools.ecsDeployments('api', [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('api', 1), rolloutState: 'COMPLETED' }], ['acme-dev-api-api-5xx-rate']);
    const lines = refusal();
    expect(lines).toContain(
      `web: rolled back: its PRIMARY deployment runs acme-dev-web:1, not acme-dev-web:2 that the apply set (rolloutState COMPLETED: ECS deployment ecs-svc/0 completed.); rolled back on alarm acme-dev-web-target-5xx-rate; why: ${events('web')}`,
    );
    expect(lines).toContain(
      `api: rolled back: its PRIMARY deployment runs acme-dev-api:1, not acme-dev-api:2 that the apply set (rolloutState COMPLETED); none of its deployment alarms (acme-dev-api-api-5xx-rate) is in ALARM now (the circuit breaker, or an alarm that recovered after the rollback: aws cloudwatch describe-alarm-history --region eu-west-1 --alarm-name <name>); why: ${events('api')}`,
    );
    expect(tools.calls()).toContain(
      'aws cloudwatch describe-alarms --region eu-west-1 --alarm-names acme-dev-web-target-5xx-rate acme-dev-web-unhealthy-targets --state-value ALARM --query MetricAlarms[].AlarmName --output json',
    );
  });

  test('GIVEN the worker, whose alarms block is switched off, rolled back by its circuit breaker THEN its line names no alarm and no alarm is looked up', () => {
    tools.ecsDeployments('worker', [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn('worker', 1), rolloutState: 'COMPLETED' }], ['acme-dev-worker-tasks-below-desired'], false);
    tools.alarmState('acme-dev-worker-tasks-below-desired', 'ALARM');
    expect(refusal()).toContain(`worker: rolled back: its PRIMARY deployment runs acme-dev-worker:1, not acme-dev-worker:2 that the apply set (rolloutState COMPLETED); why: ${events('worker')}`);
    expect(tools.calls().filter((call) => call.startsWith('aws cloudwatch describe-alarms'))).toEqual([]);
  });

  test('GIVEN a service missing from the cluster or absent from the output THEN each gets its line', () => {
    fs.rmSync(path.join(scratch, `run-${run}`, 'ecs', 'api.json'));
    fs.writeFileSync(path.join(scratch, `run-${run}`, 'tf-outputs', 'ecs_task_definitions.json'), JSON.stringify({ api: fakeTaskDefinitionArn('api', 2), web: fakeTaskDefinitionArn('web', 2) }));
    expect(refusal().slice(1)).toEqual([
      `api: not in cluster acme-dev (MISSING); look at: ${events('api')}`,
      `worker: output ecs_task_definitions names no task definition for it; look at: ${events('worker')}`,
    ]);
  });

  test('GIVEN the plan after the apply still finds changes (exit 2) THEN it refuses: a perpetual diff, a bug to report', () => {
    expect(refusal({ env: { ...tools.env, FAKE_PLAN_EXIT: '2' } })).toEqual([
      'dev-platform applied, but terraform -chdir=cdktf.out/stacks/dev-platform plan -detailed-exitcode -input=false -var "envoy_image_digest=$ENVOY_IMAGE_DIGEST" still finds changes (exit 2): a perpetual diff, a bug in the stack; report it with the plan above',
    ]);
    expect(tools.calls().at(-1)).toBe(PLAN);
  });

  test('GIVEN the plan after the apply fails (exit 1) THEN it refuses with the error', () => {
    expect(refusal({ env: { ...tools.env, FAKE_PLAN_EXIT: '1' } })[0]).toBe(
      'terraform -chdir=cdktf.out/stacks/dev-platform plan -detailed-exitcode -input=false -var "envoy_image_digest=$ENVOY_IMAGE_DIGEST" failed (exit 1)',
    );
  });

  test('GIVEN more than 10 services THEN the wait and the rollout check ask DescribeServices for at most 10 per call', () => {
    const env = readSynthesizedEnvironment(synthOutput, '.', 'dev');
    const services = Array.from({ length: 23 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const steps = deploySteps({ ...env, ecs: { cluster: 'acme-dev', services } });
    const servicesOf = (title: RegExp) =>
      steps
        .find((step) => title.test(step.title))!
        .commands.filter((c) => c.program === 'aws')
        .map((c) => c.args.slice(c.args.indexOf('--services') + 1).filter((a) => /^s\d+$/.test(a)));
    for (const title of [/^ECS services at steady state/, /^ECS rollouts/]) {
      expect(servicesOf(title).map((batch) => batch.length)).toEqual([10, 10, 3]);
      expect(servicesOf(title).flat()).toEqual(services);
    }
  });
});
