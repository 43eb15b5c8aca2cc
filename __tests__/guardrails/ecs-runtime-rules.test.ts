import { ecsExecWritableAgentPaths } from '../../lib/guardrails/rules/ecs-exec-writable-agent-paths';
import { ecsHealthCheckHttp11 } from '../../lib/guardrails/rules/ecs-health-check-http11';
import { verdictsOf, type FixtureResource } from './stack-fixture';

/** Cases of the two rules about tasks that plan but do not run, beyond the compliant / non-compliant pair of rules.test.ts. */

const container = (overrides: Record<string, any> = {}) => ({ name: 'app', readonlyRootFilesystem: true, user: '1000:1000', ...overrides });
const task = (containers: Record<string, any>[], volume: { name: string }[] = []): FixtureResource => ({
  type: 'aws_ecs_task_definition',
  name: 't',
  path: 'ecs/service-web/task',
  values: { container_definitions: JSON.stringify(containers), volume },
});
const withCheck = (command: string[]) => task([container({ healthCheck: { command, interval: 10, timeout: 5, retries: 3 } })]);

describe('rule ecs-health-check-http11', () => {
  test.each([
    ['a printf of an HTTP/1.0 request line', ['CMD', '/bin/bash', '-c', "exec 3<>/dev/tcp/127.0.0.1/9901 && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3"]],
    ['an echo of an HTTP/1.0 request line', ['CMD-SHELL', 'echo -e "GET /ready HTTP/1.0\\r\\n" | nc 127.0.0.1 9901 | grep -q " 200 "']],
    ['curl --http1.0', ['CMD', 'curl', '--http1.0', '-fsS', 'http://127.0.0.1:9901/ready']],
    ['curl -0', ['CMD-SHELL', 'curl -fsS -0 http://127.0.0.1:8080/healthz || exit 1']],
  ])('GIVEN a health check with %s THEN non-compliant', (_, command) => {
    expect(verdictsOf(ecsHealthCheckHttp11, [withCheck(command)])).toEqual(['ecs/service-web/task: non-compliant (health checks sending HTTP/1.0 requests: app)']);
  });

  test.each([
    ['an HTTP/1.1 request line', ['CMD', '/bin/bash', '-c', "printf 'GET /ready HTTP/1.1\\r\\nHost: 127.0.0.1:9901\\r\\nConnection: close\\r\\n\\r\\n' >&3"]],
    ['plain curl', ['CMD-SHELL', 'curl -fsS http://127.0.0.1:8080/healthz || exit 1']],
    ['curl with a zero in a URL', ['CMD', 'curl', '-fsS', 'http://127.0.0.1:10000/ready']],
  ])('GIVEN a health check with %s THEN compliant', (_, command) => {
    expect(verdictsOf(ecsHealthCheckHttp11, [withCheck(command)])).toEqual(['ecs/service-web/task: compliant']);
  });

  test('GIVEN no container with a health check THEN not applicable', () => {
    expect(verdictsOf(ecsHealthCheckHttp11, [task([container()])])).toEqual([]);
  });
});

describe('rule ecs-exec-writable-agent-paths', () => {
  const service = (values: Record<string, any>): FixtureResource => ({
    type: 'aws_ecs_service',
    name: 's',
    path: 'ecs/service-web/service',
    values: { task_definition: '${aws_ecs_task_definition.t.arn}', ...values },
  });
  const exec = service({ enable_execute_command: true });
  const mount = (sourceVolume: string, containerPath: string, readOnly = false) => ({ sourceVolume, containerPath, readOnly });
  const agentMounts = [mount('lib', '/var/lib/amazon'), mount('log', '/var/log/amazon')];
  const agentVolumes = [{ name: 'lib' }, { name: 'log' }];

  test('GIVEN exec off THEN not applicable, whatever the containers', () => {
    expect(verdictsOf(ecsExecWritableAgentPaths, [service({ enable_execute_command: false }), task([container()])])).toEqual([]);
  });

  test('GIVEN exec on and every read-only container with both paths writable THEN compliant; a writable root needs no volumes', () => {
    const containers = [container({ mountPoints: agentMounts }), container({ name: 'envoy', mountPoints: agentMounts }), container({ name: 'legacy', readonlyRootFilesystem: false })];
    expect(verdictsOf(ecsExecWritableAgentPaths, [exec, task(containers, agentVolumes)])).toEqual(['ecs/service-web/service: compliant']);
  });

  test('GIVEN a read-only container the others wait on to exit (SUCCESS) THEN it needs no agent volumes; one waited on only to start still does', () => {
    const init = container({ name: 'scratch-init', essential: false });
    const waits = (condition: string) => container({ mountPoints: agentMounts, dependsOn: [{ containerName: 'scratch-init', condition }] });
    expect(verdictsOf(ecsExecWritableAgentPaths, [exec, task([waits('SUCCESS'), init], agentVolumes)])).toEqual(['ecs/service-web/service: compliant']);
    expect(verdictsOf(ecsExecWritableAgentPaths, [exec, task([waits('START'), init], agentVolumes)])).toEqual([
      expect.stringMatching(/at: scratch-init \/var\/lib\/amazon, scratch-init \/var\/log\/amazon\)$/),
    ]);
  });

  test('GIVEN a writable volume on a parent directory THEN it covers both paths', () => {
    expect(verdictsOf(ecsExecWritableAgentPaths, [exec, task([container({ mountPoints: [mount('var', '/var/')] })], [{ name: 'var' }])])).toEqual(['ecs/service-web/service: compliant']);
  });

  test.each([
    ['one container lacks the mounts', [container({ mountPoints: agentMounts }), container({ name: 'envoy' })], agentVolumes, /at: envoy \/var\/lib\/amazon, envoy \/var\/log\/amazon\)$/],
    ['a mount is read-only', [container({ mountPoints: [mount('lib', '/var/lib/amazon', true), agentMounts[1]] })], agentVolumes, /at: app \/var\/lib\/amazon\)$/],
    ['a mount names a volume the task lacks', [container({ mountPoints: agentMounts })], [{ name: 'lib' }], /at: app \/var\/log\/amazon\)$/],
    ['a sibling path only', [container({ mountPoints: [mount('lib', '/var/lib/amazonx'), agentMounts[1]] })], agentVolumes, /at: app \/var\/lib\/amazon\)$/],
  ])('GIVEN exec on and %s THEN non-compliant, naming container and path', (_, containers, volumes, reason) => {
    const verdicts = verdictsOf(ecsExecWritableAgentPaths, [exec, task(containers, volumes)]);
    expect(verdicts).toEqual([expect.stringMatching(/^ecs\/service-web\/service: non-compliant \(exec is enabled but read-only containers of ecs\/service-web\/task have no writable volume/)]);
    expect(verdicts[0]).toMatch(reason);
  });

  test('GIVEN exec on and a task definition outside the stack THEN non-compliant: it cannot be checked', () => {
    const external = service({ enable_execute_command: true, task_definition: 'web:42' });
    expect(verdictsOf(ecsExecWritableAgentPaths, [external])).toEqual([expect.stringMatching(/task_definition web:42 is not a task definition of this stack/)]);
  });
});
