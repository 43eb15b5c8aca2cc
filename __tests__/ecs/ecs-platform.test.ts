import { TerraformJson, type ResourceEntry } from '../helpers/terraform-json';
import { renderProxies } from '../helpers/envoy-inputs';
import { ENVOY_NOFILE_LIMIT, ENVOY_USER } from '../../lib/ecs/envoy-sidecar-extension';
import { API_PARAMETER, APP_IMAGE, DB_SECRET, ecsEnvironment, ecsServices, platformOf } from './ecs-fixture';

const config = ecsEnvironment();
const tf = () => platformOf(config);
const proxies = renderProxies(config);

const containersOf = (service: string): Record<string, any>[] => JSON.parse(tf().resource('aws_ecs_task_definition', `ecs/service-${service}/task`).values.container_definitions);
const container = (service: string, name: string) => containersOf(service).find((c) => c.name === name)!;
const statementsOf = (policy: ResourceEntry) => tf().policyStatements(policy.values.policy);
const ref = TerraformJson.ref;
const ENVOY_CACHE_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/docker-hub/envoyproxy/envoy';
const cacheRepository = () => tf().resource('aws_ecr_repository', 'ecs/image-cache/repository-envoyproxy-envoy');

describe('ECS services with Envoy sidecars', () => {
  describe('GIVEN a web service with ingress alb', () => {
    test('THEN the HTTPS listener forwards its host name to an HTTPS ip target group on the Envoy port, which the service registers its Envoy container in, and Envoy terminates TLS on that port', () => {
      const listener = tf().resource('aws_lb_listener', 'ecs/edge/https');
      expect(listener.values).toMatchObject({ port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
      expect(tf().follow(listener.values.certificate_arn).entry.type).toBe('aws_acm_certificate_validation');

      const rule = tf().resource('aws_lb_listener_rule', 'ecs/edge/service-web/rule');
      expect(rule.values.listener_arn).toBe(ref(listener, 'arn'));
      expect(rule.values.condition).toEqual([{ host_header: { values: ['web.test.acme-example.com'] } }]);
      const targetGroup = tf().follow(rule.values.action[0].target_group_arn).entry;
      expect(rule.values.action[0].type).toBe('forward');

      const envoyPort = proxies.web.ports.ingress!.port;
      expect(targetGroup.values).toMatchObject({ protocol: 'HTTPS', target_type: 'ip', port: envoyPort, deregistration_delay: '30' });
      expect(targetGroup.values.health_check).toMatchObject({ protocol: 'HTTPS', path: '/status', matcher: '200-399', port: 'traffic-port' });

      const service = tf().resource('aws_ecs_service', 'ecs/service-web/service');
      expect(service.values.load_balancer).toEqual([{ target_group_arn: ref(targetGroup, 'arn'), container_name: 'envoy', container_port: envoyPort }]);
      expect(service.values.depends_on).toContain(rule.address);
      expect(container('web', 'envoy').portMappings).toEqual([{ containerPort: envoyPort, protocol: 'tcp', name: 'envoy-tls' }]);

      const ingressListener = (proxies.web.bootstrap as any).static_resources.listeners.find((l: any) => l.name === 'ingress_tls');
      expect(ingressListener.address.socket_address).toEqual({ address: '0.0.0.0', port_value: envoyPort });
      expect(ingressListener.filter_chains[0].transport_socket.typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
    });

    test('THEN the ALB accepts 443 and 80 from the internet, sends only to the tasks on the Envoy port, and the tasks accept only the ALB on that port', () => {
      const envoyPort = proxies.web.ports.ingress!.port;
      const alb = tf().resource('aws_lb', 'ecs/edge/alb');
      const albGroup = tf().resource('aws_security_group', 'ecs/edge/security-group');
      const tasksGroup = tf().resource('aws_security_group', 'ecs/service-web/security-group');
      expect(alb.values.security_groups).toEqual([ref(albGroup, 'id')]);

      const rulesOf = (type: string, group: ResourceEntry) =>
        tf()
          .resources(type)
          .filter((r) => r.values.security_group_id === ref(group, 'id'));
      expect(rulesOf('aws_vpc_security_group_ingress_rule', albGroup).map((r) => [r.values.cidr_ipv4, r.values.from_port, r.values.to_port])).toEqual([
        ['0.0.0.0/0', 443, 443],
        ['0.0.0.0/0', 80, 80],
      ]);
      expect(rulesOf('aws_vpc_security_group_egress_rule', albGroup).map((r) => r.values)).toEqual([
        expect.objectContaining({ referenced_security_group_id: ref(tasksGroup, 'id'), ip_protocol: 'tcp', from_port: envoyPort, to_port: envoyPort }),
      ]);
      expect(rulesOf('aws_vpc_security_group_ingress_rule', tasksGroup).map((r) => r.values)).toEqual([
        expect.objectContaining({ referenced_security_group_id: ref(albGroup, 'id'), ip_protocol: 'tcp', from_port: envoyPort, to_port: envoyPort }),
      ]);
      expect(rulesOf('aws_vpc_security_group_egress_rule', tasksGroup).map((r) => [r.values.cidr_ipv4, r.values.from_port])).toEqual([['0.0.0.0/0', 443]]);
      const service = tf().resource('aws_ecs_service', 'ecs/service-web/service');
      expect(service.values.network_configuration).toEqual({ assign_public_ip: false, security_groups: [ref(tasksGroup, 'id')], subnets: expect.any(Array) });
      for (const subnet of service.values.network_configuration.subnets) expect(tf().follow(subnet).entry.path).toMatch(/^network\/private-/);
    });

    test('THEN the application port is never mapped nor admitted', () => {
      expect(container('web', 'app').portMappings).toEqual([]);
      const ports = tf()
        .resources('aws_vpc_security_group_ingress_rule')
        .map((r) => r.values.from_port);
      expect(ports).not.toContain(8080);
    });

    test('THEN the ALB is public, TLS-only with a redirect on 80, drops invalid headers and logs to its own bucket', () => {
      const alb = tf().resource('aws_lb', 'ecs/edge/alb');
      expect(alb.values).toMatchObject({ internal: false, load_balancer_type: 'application', drop_invalid_header_fields: true, enable_deletion_protection: false, idle_timeout: 60 });
      for (const subnet of alb.values.subnets) expect(tf().follow(subnet).entry.path).toMatch(/^network\/public-/);
      const bucket = tf().follow(alb.values.access_logs.bucket).entry;
      expect(bucket.path).toBe('ecs/edge/access-logs/bucket');
      expect(alb.values.depends_on).toContain(tf().resource('aws_s3_bucket_policy', 'ecs/edge/access-logs/policy').address);
      const http = tf().resource('aws_lb_listener', 'ecs/edge/http');
      expect(http.values).toMatchObject({ port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] });
    });

    test("THEN the access-log bucket uses SSE-S3, is owner-enforced, expires logs and lets the eu-west-1 ELB account write this account's logs only", () => {
      const bucketRef = ref(tf().resource('aws_s3_bucket', 'ecs/edge/access-logs/bucket'), 'id');
      const companion = (type: string) =>
        tf()
          .resources(type)
          .find((r) => r.values.bucket === bucketRef)!;
      expect(companion('aws_s3_bucket_server_side_encryption_configuration').values.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      expect(companion('aws_s3_bucket_ownership_controls').values.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(companion('aws_s3_bucket_lifecycle_configuration').values.rule[0]).toMatchObject({ status: 'Enabled', expiration: [{ days: 90 }] });
      const statements = tf().policyStatements(companion('aws_s3_bucket_policy').values.policy);
      expect(statements.find((s) => s.sid === 'ElbLogDelivery')).toMatchObject({
        actions: ['s3:PutObject'],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::156460612806:root'] }],
        resources: [expect.stringMatching(/\/AWSLogs\/123456789012\/\*$/)],
      });
    });

    test('THEN its host name is an alias of the ALB in the public zone', () => {
      const record = tf().resource('aws_route53_record', 'ecs/edge/service-web/alias/a');
      expect(record.values).toMatchObject({ name: 'web.test.acme-example.com', type: 'A', zone_id: 'Z0TESTZONE' });
      expect(record.values.alias.name).toBe(ref(tf().resource('aws_lb', 'ecs/edge/alb'), 'dns_name'));
    });

    test('THEN autoscaling tracks CPU and ALB requests per target of its own target group, and the service ignores desired_count drift', () => {
      const target = tf().resource('aws_appautoscaling_target', 'ecs/service-web/autoscaling/target');
      expect(target.values).toMatchObject({ min_capacity: 2, max_capacity: 6, scalable_dimension: 'ecs:service:DesiredCount', service_namespace: 'ecs' });
      const cpu = tf().resource('aws_appautoscaling_policy', 'ecs/service-web/autoscaling/cpu');
      expect(cpu.values.target_tracking_scaling_policy_configuration).toMatchObject({
        target_value: 55,
        predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
      });
      const requests = tf().resource('aws_appautoscaling_policy', 'ecs/service-web/autoscaling/requests');
      const alb = tf().resource('aws_lb', 'ecs/edge/alb');
      const targetGroup = tf().resource('aws_lb_target_group', 'ecs/edge/service-web/target-group');
      expect(requests.values.target_tracking_scaling_policy_configuration).toMatchObject({
        target_value: 700,
        predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: `${ref(alb, 'arn_suffix')}/${ref(targetGroup, 'arn_suffix')}` },
      });
      const service = tf().resource('aws_ecs_service', 'ecs/service-web/service');
      expect(service.values.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
      expect(service.values).toMatchObject({
        desired_count: 2,
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        health_check_grace_period_seconds: 60,
        propagate_tags: 'SERVICE',
        enable_execute_command: false,
      });
    });
  });

  describe('GIVEN the task definitions', () => {
    test('THEN they are Fargate awsvpc tasks on the configured architecture with separate execution and task roles', () => {
      const api = tf().resource('aws_ecs_task_definition', 'ecs/service-api/task');
      expect(api.values).toMatchObject({
        requires_compatibilities: ['FARGATE'],
        network_mode: 'awsvpc',
        cpu: '512',
        memory: '1024',
        runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'ARM64' },
      });
      expect(tf().follow(api.values.execution_role_arn).entry.path).toBe('ecs/service-api/roles/execution');
      expect(tf().follow(api.values.task_role_arn).entry.path).toBe('ecs/service-api/roles/task');
    });

    test('THEN the app waits for a healthy Envoy, and both run read-only as non-root users logging to the service log group', () => {
      const logGroup = tf().resource('aws_cloudwatch_log_group', 'ecs/service-web/logs/group');
      expect(logGroup.values).toMatchObject({ name: '/ecs/acme-test/web', retention_in_days: 30 });
      expect(tf().follow(logGroup.values.kms_key_id).entry.path).toBe('log-key/key');
      const app = container('web', 'app');
      const envoy = container('web', 'envoy');
      expect(app.dependsOn).toEqual([
        { containerName: 'scratch-init', condition: 'SUCCESS' },
        { containerName: 'envoy', condition: 'HEALTHY' },
      ]);
      expect(app).toMatchObject({ image: APP_IMAGE, user: '1000:1000', readonlyRootFilesystem: true, stopTimeout: 30 });
      expect(envoy).toMatchObject({ image: `${ENVOY_CACHE_IMAGE}@\${var.envoy_image_digest}`, user: ENVOY_USER, readonlyRootFilesystem: true, stopTimeout: 30 });
      for (const c of [app, envoy]) {
        expect(c.logConfiguration).toEqual({
          logDriver: 'awslogs',
          options: { 'awslogs-group': ref(logGroup, 'name'), 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': c.name },
        });
        expect(c.mountPoints).toEqual([{ sourceVolume: expect.stringMatching(/-tmp$/), containerPath: '/tmp', readOnly: false }]);
      }
      expect(tf().resource('aws_ecs_task_definition', 'ecs/service-web/task').values.volume).toEqual([{ name: 'app-tmp' }, { name: 'envoy-tmp' }]);
    });

    test('THEN /tmp of the app (1000:1000) and of Envoy (101:101) is writable: Fargate creates task volumes root-owned 0755 and has no tmpfs, so a capability-less root init container sets each scratch volume to 1777 before either starts', () => {
      const init = container('web', 'scratch-init');
      expect(init).toMatchObject({
        image: `${ENVOY_CACHE_IMAGE}@\${var.envoy_image_digest}`,
        essential: false,
        user: '0:0',
        readonlyRootFilesystem: true,
        entryPoint: ['/bin/chmod'],
        command: ['1777', '/scratch/app-tmp', '/scratch/envoy-tmp'],
        linuxParameters: { capabilities: { drop: ['ALL'] } },
      });
      expect(init).not.toHaveProperty('portMappings');
      expect(init).not.toHaveProperty('secrets');
      expect(init.mountPoints).toEqual([
        { sourceVolume: 'app-tmp', containerPath: '/scratch/app-tmp', readOnly: false },
        { sourceVolume: 'envoy-tmp', containerPath: '/scratch/envoy-tmp', readOnly: false },
      ]);
      // Every container that mounts a scratch volume at /tmp starts only after the init container exited 0.
      for (const c of containersOf('web').filter((c) => c.name !== 'scratch-init')) {
        const tmp = c.mountPoints.find((m: any) => m.containerPath === '/tmp');
        expect(init.mountPoints.map((m: any) => m.sourceVolume)).toContain(tmp.sourceVolume);
        expect(c.dependsOn).toContainEqual({ containerName: 'scratch-init', condition: 'SUCCESS' });
      }
    });

    test('GIVEN a service without a sidecar THEN its /tmp is opened by the same init container, from the Envoy image cached for it', () => {
      const plain = { image: APP_IMAGE, ingress: 'none' };
      const stack = platformOf(ecsEnvironment({ services: { plain } }));
      const containers: Record<string, any>[] = JSON.parse(stack.resource('aws_ecs_task_definition', 'ecs/service-plain/task').values.container_definitions);
      expect(containers.map((c) => c.name)).toEqual(['app', 'scratch-init']);
      expect(containers[0].dependsOn).toEqual([{ containerName: 'scratch-init', condition: 'SUCCESS' }]);
      expect(containers[1]).toMatchObject({ image: `${ENVOY_CACHE_IMAGE}@\${var.envoy_image_digest}`, command: ['1777', '/scratch/app-tmp'] });
      const repository = stack.resource('aws_ecr_repository', 'ecs/image-cache/repository-envoyproxy-envoy');
      expect(repository.values.name).toBe('acme-test/docker-hub/envoyproxy/envoy');
      // Its execution role may pull (and import) that image, though the service has no sidecar.
      const statements = stack.policyStatements(stack.resource('aws_iam_role_policy', 'ecs/service-plain/roles/execution-policy').values.policy);
      expect(statements.find((s) => s.sid === 'EcrPull')!.resources).toContain(ref(repository, 'arn'));
      expect(statements.find((s) => s.sid === 'EcrImportUpstream')!.resources).toEqual([ref(repository, 'arn')]);
    });

    test('THEN Envoy runs the rendered config inline, checks its admin /ready over bash, and has a high nofile limit', () => {
      const envoy = container('web', 'envoy');
      expect(envoy.command).toEqual([...proxies.web.command, '--disable-hot-restart']);
      expect(envoy.ulimits).toEqual([{ name: 'nofile', softLimit: ENVOY_NOFILE_LIMIT, hardLimit: ENVOY_NOFILE_LIMIT }]);
      const [kind, shell, flag, script] = envoy.healthCheck.command;
      expect([kind, shell, flag]).toEqual(['CMD', '/bin/bash', '-c']);
      expect(script).toContain('exec 3<>/dev/tcp/127.0.0.1/9901');
      expect(script).toContain("printf 'GET /ready HTTP/1.1\\r\\nHost: 127.0.0.1:9901\\r\\nConnection: close\\r\\n\\r\\n'");
      expect(script).toMatch(/== HTTP\/1\.\?" 200 "\* \]\]$/);
    });

    test('THEN secrets reach the containers only through ECS secrets: the TLS pair from the stack-created secret, the app secrets by ARN', () => {
      const tlsSecret = tf().resource('aws_secretsmanager_secret', 'ecs/proxy-secrets/acme-test-envoy-tls');
      expect(tlsSecret.values).toMatchObject({ name: 'acme/test/envoy-tls' });
      expect(tlsSecret.values).not.toHaveProperty('secret_string');
      expect(tf().count('aws_secretsmanager_secret_version')).toBe(0);
      expect(container('web', 'envoy').secrets).toEqual([
        { name: 'ENVOY_TLS_CERTIFICATE', valueFrom: `${ref(tlsSecret, 'arn')}:certificate::` },
        { name: 'ENVOY_TLS_PRIVATE_KEY', valueFrom: `${ref(tlsSecret, 'arn')}:privateKey::` },
      ]);
      expect(container('web', 'app').secrets).toEqual([{ name: 'DATABASE_URL', valueFrom: `${DB_SECRET}:url::` }]);
      expect(container('web', 'app').environment).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    });

    test.each([
      ['exec on', true],
      ['exec off', false],
    ])(
      'GIVEN %s THEN every long-running container (app and Envoy) mounts its own writable task-local volumes at the ECS Exec agent paths only when exec is on; a container others wait on to exit never does',
      (_, exec) => {
        const stack = platformOf(ecsEnvironment({ services: { ...ecsServices(), web: { ...ecsServices().web, exec } } }));
        const task = stack.resource('aws_ecs_task_definition', 'ecs/service-web/task');
        const containers: Record<string, any>[] = JSON.parse(task.values.container_definitions);
        const volumes: { name: string; host_path?: string; efs_volume_configuration?: unknown }[] = task.values.volume;
        const agentMounts = (c: Record<string, any>) => c.mountPoints.filter((m: any) => m.containerPath.startsWith('/var/'));
        expect(containers.map((c) => c.name)).toEqual(['app', 'envoy', 'scratch-init']);
        // A container another waits on to exit (SUCCESS/COMPLETE) is gone before anyone could exec into it.
        const exits = (name: string) => containers.some((other) => (other.dependsOn ?? []).some((d: any) => d.containerName === name && ['SUCCESS', 'COMPLETE'].includes(d.condition)));
        expect(containers.filter((c) => exits(c.name)).map((c) => [c.name, c.essential])).toEqual([['scratch-init', false]]);
        for (const c of containers) {
          expect(c.readonlyRootFilesystem).toBe(true);
          if (!exec || exits(c.name)) {
            expect(agentMounts(c)).toEqual([]);
            continue;
          }
          expect(agentMounts(c)).toEqual([
            { sourceVolume: `${c.name}-exec-lib`, containerPath: '/var/lib/amazon', readOnly: false },
            { sourceVolume: `${c.name}-exec-log`, containerPath: '/var/log/amazon', readOnly: false },
          ]);
        }
        // Bind mounts: a name only (no host path, no EFS), living as long as the task.
        expect(volumes).toEqual([
          { name: 'app-tmp' },
          { name: 'envoy-tmp' },
          ...(exec ? [{ name: 'app-exec-lib' }, { name: 'app-exec-log' }, { name: 'envoy-exec-lib' }, { name: 'envoy-exec-log' }] : []),
        ]);
      },
    );

    test('GIVEN an Envoy setting changes THEN the task definition changes', () => {
      const changed = ecsEnvironment({ envoy: { timeouts: { requestSeconds: 45 } } });
      const definitions = (c: typeof config) => platformOf(c).resource('aws_ecs_task_definition', 'ecs/service-web/task').values.container_definitions;
      expect(definitions(changed)).not.toBe(definitions(config));
    });
  });

  describe('GIVEN the Envoy image, envoyproxy/envoy from Docker Hub', () => {
    test('THEN the tasks pull it from a pull through cache of Docker Hub in their own ECR registry, which pulls with a credential secret created without a value', () => {
      const secret = tf().resource('aws_secretsmanager_secret', 'ecs/image-cache/credential');
      // Outside production deleted at once, like the proxy secrets: a torn-down environment can be recreated under the same name.
      expect(secret.values).toMatchObject({ name: 'ecr-pullthroughcache/acme-test/docker-hub', recovery_window_in_days: 0, tags: { 'envoy-secret-kind': 'docker-hub-credential' } });
      expect(secret.values).not.toHaveProperty('secret_string');
      expect(tf().count('aws_secretsmanager_secret_version')).toBe(0);
      const rule = tf().resource('aws_ecr_pull_through_cache_rule', 'ecs/image-cache/rule');
      expect(rule.values).toMatchObject({ ecr_repository_prefix: 'acme-test/docker-hub', upstream_registry_url: 'registry-1.docker.io', credential_arn: ref(secret, 'arn') });
      expect(cacheRepository().values).toMatchObject({
        name: 'acme-test/docker-hub/envoyproxy/envoy',
        image_tag_mutability: 'MUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'AES256' }],
      });
      // A lifecycle policy could expire the pinned digest once the upstream tag moves on.
      expect(tf().count('aws_ecr_lifecycle_policy')).toBe(0);
      for (const service of ['web', 'api', 'worker']) expect(container(service, 'envoy').image).toMatch(new RegExp(`^${ENVOY_CACHE_IMAGE.replace(/\./g, '\\.')}@`));
    });

    test("THEN the rule is created only once the credential secret has a value: it depends on the secret's guard, which names the fill command", () => {
      const secret = tf().resource('aws_secretsmanager_secret', 'ecs/image-cache/credential');
      const guard = tf()
        .dataSources('aws_secretsmanager_secret_versions')
        .find((g) => g.values.secret_id === ref(secret, 'arn'))!;
      expect(guard.values.lifecycle.postcondition[0].condition).toBe('${try(anytrue([for v in self.versions : contains(v.version_stages, "AWSCURRENT")]), false)}');
      expect(guard.values.lifecycle.postcondition[0].error_message).toContain(
        'AWS_REGION=eu-west-1 scripts/put-docker-hub-credential.sh ecr-pullthroughcache/acme-test/docker-hub <docker-hub-username>',
      );
      expect(tf().resource('aws_ecr_pull_through_cache_rule', 'ecs/image-cache/rule').values.depends_on).toEqual([guard.address]);
    });

    test('THEN the output envoy_image_cache names the cache repository and the tag the deploy warms it with, and the digest pinned in envoy.image if any', () => {
      expect(tf().json.output.envoy_image_cache.value).toEqual([{ repository: 'acme-test/docker-hub/envoyproxy/envoy', tag: 'v1.38.9', digest: '' }]);
      const digest = `sha256:${'c'.repeat(64)}`;
      const pinned = platformOf(ecsEnvironment({ envoy: { image: `envoyproxy/envoy:v1.38.9@${digest}` } }));
      expect(pinned.json.output.envoy_image_cache.value).toEqual([{ repository: 'acme-test/docker-hub/envoyproxy/envoy', tag: 'v1.38.9', digest }]);
    });

    test('THEN without a digest in envoy.image the digest is a required, validated Terraform variable: never a tag', () => {
      const variable = tf().json.variable.envoy_image_digest;
      expect(variable).toMatchObject({ type: 'string', nullable: false });
      expect(variable.default).toBeUndefined();
      expect(variable.validation).toEqual([
        { condition: '${can(regex("^sha256:[0-9a-f]{64}$", var.envoy_image_digest))}', error_message: expect.stringMatching(/^Expected the image's manifest digest/) },
      ]);
    });

    test('GIVEN envoy.image pinned by digest THEN the tasks run that digest and no variable is asked for', () => {
      const digest = `sha256:${'c'.repeat(64)}`;
      const pinned = platformOf(ecsEnvironment({ envoy: { image: `envoyproxy/envoy:v1.38.9@${digest}` } }));
      const envoy = JSON.parse(pinned.resource('aws_ecs_task_definition', 'ecs/service-web/task').values.container_definitions).find((c: any) => c.name === 'envoy');
      expect(envoy.image).toBe(`${ENVOY_CACHE_IMAGE}@${digest}`);
      expect(pinned.json.variable).toBeUndefined();
    });
  });

  describe('GIVEN the IAM roles', () => {
    const policyOf = (service: string, role: 'execution' | 'task') => tf().resource('aws_iam_role_policy', `ecs/service-${service}/roles/${role}-policy`);

    test('THEN the execution role pulls from the ECR repository, writes its log group and reads exactly the named secrets and key', () => {
      const tlsSecret = tf().resource('aws_secretsmanager_secret', 'ecs/proxy-secrets/acme-test-envoy-tls');
      const logGroup = tf().resource('aws_cloudwatch_log_group', 'ecs/service-web/logs/group');
      const statements = statementsOf(policyOf('web', 'execution'));
      expect(statements.map((s) => [s.sid, s.actions, s.resources])).toEqual([
        ['EcrLogin', ['ecr:GetAuthorizationToken'], ['*']],
        ['EcrPull', ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], ['arn:aws:ecr:eu-west-1:123456789012:repository/acme/web', ref(cacheRepository(), 'arn')]],
        ['EcrImportUpstream', ['ecr:BatchImportUpstreamImage'], [ref(cacheRepository(), 'arn')]],
        ['WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${ref(logGroup, 'arn')}:log-stream:*`]],
        ['ReadSecrets', ['secretsmanager:GetSecretValue'], [DB_SECRET, ref(tlsSecret, 'arn')]],
        ['DecryptSecrets', ['kms:Decrypt'], ['arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555']],
      ]);
    });

    test('THEN an app image outside ECR gets no ECR permissions (only the Envoy cache repository does), and SSM parameters are read by ARN', () => {
      const statements = statementsOf(policyOf('api', 'execution'));
      expect(statements.map((s) => s.sid)).toEqual(['EcrLogin', 'EcrPull', 'EcrImportUpstream', 'WriteLogs', 'ReadSecrets', 'ReadParameters']);
      expect(statements.find((s) => s.sid === 'EcrPull')!.resources).toEqual([ref(cacheRepository(), 'arn')]);
      expect(statements.find((s) => s.sid === 'ReadParameters')).toMatchObject({ actions: ['ssm:GetParameters'], resources: [API_PARAMETER] });
    });

    test('THEN the worker task role allows exactly what its signing proxy signs for', () => {
      const statements = statementsOf(policyOf('worker', 'task'));
      expect(statements.map((s) => [s.actions, s.resources])).toEqual([
        [
          ['s3:GetObject', 's3:PutObject'],
          ['arn:aws:s3:::acme-test-uploads/*', 'arn:aws:s3:::acme-test-reports/*'],
        ],
        [['s3:ListBucket'], ['arn:aws:s3:::acme-test-uploads', 'arn:aws:s3:::acme-test-reports']],
        [['execute-api:Invoke'], ['arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/v1/*/*']],
      ]);
    });

    test.each(['web', 'api', 'worker'])('THEN the %s service is created only after its execution and task role policies: a task started before them fails with AccessDenied', (name) => {
      const service = tf().resource('aws_ecs_service', `ecs/service-${name}/service`);
      const policies = tf()
        .resources('aws_iam_role_policy')
        .filter((policy) => policy.path.startsWith(`ecs/service-${name}/roles/`));
      expect(policies.map((policy) => policy.path.split('/').pop()).sort()).toEqual(name === 'worker' ? ['execution-policy', 'task-policy'] : ['execution-policy']);
      for (const policy of policies) expect(service.values.depends_on).toContain(policy.address);
    });

    test('THEN services that call no AWS API get a task role without policy', () => {
      expect(
        tf()
          .resources('aws_iam_role_policy')
          .filter((p) => p.path.endsWith('/task-policy'))
          .map((p) => p.path),
      ).toEqual(['ecs/service-worker/roles/task-policy']);
    });

    test.each([
      ['exec on', true],
      ['exec off', false],
    ])('GIVEN %s THEN ECS Exec and its ssmmessages grant follow the toggle', (_, exec) => {
      const granted = exec;
      const c = ecsEnvironment({ services: { ...ecsServices(), web: { ...ecsServices().web, exec } } });
      const stack = platformOf(c);
      expect(stack.resource('aws_ecs_service', 'ecs/service-web/service').values.enable_execute_command).toBe(granted);
      const taskPolicy = stack.resources('aws_iam_role_policy').find((p) => p.path === 'ecs/service-web/roles/task-policy');
      expect(taskPolicy !== undefined).toBe(granted);
      if (taskPolicy) expect(stack.policyStatements(taskPolicy.values.policy)[0].actions).toContain('ssmmessages:OpenDataChannel');
    });
  });

  describe('GIVEN the worker with egress targets', () => {
    test('THEN its Envoy bundle has a listener per target whose cluster signs with the right service name and region, and the app gets each listener URL', () => {
      const listeners = (proxies.worker.bootstrap as any).static_resources.listeners;
      const clusters = (proxies.worker.bootstrap as any).static_resources.clusters;
      const signing = listeners.map((l: any) => {
        const upstream = clusters.find((c: any) => c.name === l.name).typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'];
        const filter = upstream.http_filters.find((f: any) => f.name === 'envoy.filters.http.aws_request_signing').typed_config;
        return [l.name, filter.service_name, filter.region];
      });
      expect(signing).toEqual([
        ['egress_uploads', 's3', 'eu-west-1'],
        ['egress_reports', 's3', 'eu-central-1'],
        ['egress_billing', 'execute-api', 'eu-west-1'],
      ]);
      expect(container('worker', 'app').environment).toEqual([
        { name: 'ENVOY_EGRESS_BILLING_URL', value: 'http://127.0.0.1:15003' },
        { name: 'ENVOY_EGRESS_REPORTS_URL', value: 'http://127.0.0.1:15002' },
        { name: 'ENVOY_EGRESS_UPLOADS_URL', value: 'http://127.0.0.1:15001' },
      ]);
      expect(container('worker', 'envoy').portMappings).toEqual([]);
      expect(container('worker', 'envoy').secrets).toEqual([]);
    });

    test('THEN it has no load balancer, no grace period, and admits no traffic', () => {
      const service = tf().resource('aws_ecs_service', 'ecs/service-worker/service');
      expect(service.values.load_balancer).toEqual([]);
      expect(service.values).not.toHaveProperty('health_check_grace_period_seconds');
      const group = ref(tf().resource('aws_security_group', 'ecs/service-worker/security-group'), 'id');
      expect(
        tf()
          .resources('aws_vpc_security_group_ingress_rule')
          .filter((r) => r.values.security_group_id === group),
      ).toEqual([]);
    });
  });

  describe('GIVEN an apigw service', () => {
    test('THEN it registers with the NLB target group, admits only the NLB, and Envoy listens with TLS for it', () => {
      const service = tf().resource('aws_ecs_service', 'ecs/service-api/service');
      expect(service.values.load_balancer).toHaveLength(1);
      expect(tf().follow(service.values.load_balancer[0].target_group_arn).entry.path).toBe('apigw/listener-api/target-group');
      const group = ref(tf().resource('aws_security_group', 'ecs/service-api/security-group'), 'id');
      const rules = tf()
        .resources('aws_vpc_security_group_ingress_rule')
        .filter((r) => r.values.security_group_id === group);
      expect(rules.map((r) => tf().follow(r.values.referenced_security_group_id).entry.path)).toEqual(['apigw/nlb/security-group']);
      expect(container('api', 'envoy').portMappings).toEqual([{ containerPort: proxies.api.ports.ingress!.port, protocol: 'tcp', name: 'envoy-tls' }]);
    });
  });

  describe('GIVEN the cluster', () => {
    test.each([
      ['the default strategy', {}, 'enhanced', [{ capacity_provider: 'FARGATE', base: 1, weight: 1 }]],
      [
        'mostly Spot',
        {
          ecs: {
            containerInsights: 'enabled',
            capacityProviderStrategy: [
              { capacityProvider: 'FARGATE_SPOT', weight: 4 },
              { capacityProvider: 'FARGATE', weight: 1 },
            ],
          },
        },
        'enabled',
        [
          { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 4 },
          { capacity_provider: 'FARGATE', base: 0, weight: 1 },
        ],
      ],
    ])('GIVEN %s THEN Container Insights is on and both Fargate providers carry the strategy, which every service repeats', (_, changes, insights, strategy) => {
      const stack = platformOf(ecsEnvironment(changes));
      const cluster = stack.only('aws_ecs_cluster');
      expect(cluster.values.setting).toEqual([{ name: 'containerInsights', value: insights }]);
      const providers = stack.only('aws_ecs_cluster_capacity_providers');
      expect(providers.values).toMatchObject({ cluster_name: ref(cluster, 'name'), capacity_providers: ['FARGATE', 'FARGATE_SPOT'], default_capacity_provider_strategy: strategy });
      for (const service of stack.resources('aws_ecs_service')) {
        expect(service.values.capacity_provider_strategy).toEqual(strategy);
        expect(service.values.depends_on).toContain(providers.address);
      }
    });
  });

  describe('GIVEN a tier, WHEN the environment is destroyed and re-created', () => {
    test.each([
      ['non-production', 0, true],
      ['production', 30, false],
    ] as const)('GIVEN tier %s THEN every secret has a %d-day recovery window and force_delete/force_destroy of the image cache and the access-log bucket is %s', (tier, days, force) => {
      const stack = platformOf(ecsEnvironment({ tier }));
      expect(new Set(stack.resources('aws_secretsmanager_secret').map((s) => s.values.recovery_window_in_days))).toEqual(new Set([days]));
      expect(stack.resource('aws_secretsmanager_secret', 'ecs/image-cache/credential').values.recovery_window_in_days).toBe(days);
      expect(stack.resource('aws_ecr_repository', 'ecs/image-cache/repository-envoyproxy-envoy').values.force_delete).toBe(force);
      expect(stack.resource('aws_s3_bucket', 'ecs/edge/access-logs/bucket').values.force_destroy).toBe(force);
    });
  });

  describe('GIVEN production', () => {
    test('THEN the ALB has deletion protection', () => {
      const stack = platformOf(ecsEnvironment({ tier: 'production' }));
      expect(stack.resource('aws_lb', 'ecs/edge/alb').values.enable_deletion_protection).toBe(true);
    });
  });

  describe('GIVEN no alb service', () => {
    test('THEN there is no ALB, and no services means no cluster', () => {
      const { web: _, ...withoutWeb } = ecsServices();
      const noAlb = platformOf(ecsEnvironment({ services: withoutWeb }));
      expect(noAlb.resources('aws_lb').filter((lb) => lb.values.load_balancer_type === 'application')).toEqual([]);
      expect(noAlb.count('aws_ecs_service')).toBe(2);
      const none = platformOf(ecsEnvironment({ services: null }));
      expect(none.count('aws_ecs_cluster')).toBe(0);
    });
  });
});
