import type { PolicyRule } from '../../lib/guardrails/policy-rule';
import { POLICY_PACK } from '../../lib/guardrails/policy-pack';
import { verdictsOf, type EvaluateFixtureOptions, type FixtureResource } from './stack-fixture';

/**
 * Each rule: resources that comply, resources that do not (with the reason
 * pinned), in the shapes cdktf synthesizes.
 */
interface RuleCase {
  readonly compliant: readonly FixtureResource[];
  readonly nonCompliant: readonly FixtureResource[];
  readonly reason: RegExp;
  readonly options?: EvaluateFixtureOptions;
}

const policy = (name: string, statement: Record<string, any>[]): FixtureResource => ({
  type: 'aws_iam_policy_document',
  name,
  data: true,
  values: { statement },
});
const container = (overrides: Record<string, any> = {}) => ({
  name: 'app',
  readonlyRootFilesystem: true,
  user: '1000:1000',
  logConfiguration: { logDriver: 'awslogs' },
  environment: [{ name: 'PORT', value: '8080' }],
  ...overrides,
});
const taskDefinition = (name: string, containers: Record<string, any>[], roles = { execution: 'exec', task: 'task' }): FixtureResource => ({
  type: 'aws_ecs_task_definition',
  name,
  values: {
    container_definitions: JSON.stringify(containers),
    execution_role_arn: `\${aws_iam_role.${roles.execution}.arn}`,
    task_role_arn: `\${aws_iam_role.${roles.task}.arn}`,
  },
});
/** The Envoy readiness check over bash /dev/tcp, with the given HTTP version. */
const readiness = (version: string) => `exec 3<>/dev/tcp/127.0.0.1/9901 && printf 'GET /ready ${version}\\r\\nHost: 127.0.0.1:9901\\r\\n\\r\\n' >&3`;
const execService: FixtureResource = { type: 'aws_ecs_service', name: 's', values: { enable_execute_command: true, task_definition: '${aws_ecs_task_definition.t.arn}' } };
const agentMounts = (name: string) => [
  { sourceVolume: `${name}-exec-lib`, containerPath: '/var/lib/amazon', readOnly: false },
  { sourceVolume: `${name}-exec-log`, containerPath: '/var/log/amazon', readOnly: false },
];
const agentVolumes = (name: string) => [{ name: `${name}-exec-lib` }, { name: `${name}-exec-log` }];
const withVolumes = (task: FixtureResource, volume: { name: string }[]): FixtureResource => ({ ...task, values: { ...task.values, volume } });
const APP_ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
const CACHE_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy';
const cacheRule: FixtureResource = {
  type: 'aws_ecr_pull_through_cache_rule',
  name: 'docker-hub',
  values: { ecr_repository_prefix: 'acme-dev/docker-hub', upstream_registry_url: 'registry-1.docker.io' },
};
const bucket: FixtureResource = { type: 'aws_s3_bucket', name: 'logs', values: { bucket: 'acme-logs' } };
const bucketRef = '${aws_s3_bucket.logs.id}';
const eks = (vpc: Record<string, any>, extra: Record<string, any> = {}): FixtureResource => ({
  type: 'aws_eks_cluster',
  name: 'cluster',
  values: {
    vpc_config: vpc,
    enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    encryption_config: { resources: ['secrets'], provider: { key_arn: '${aws_kms_key.eks.arn}' } },
    ...extra,
  },
});
/** An EKS cluster of a Kubernetes version, with an upgrade policy when `supportType` is given. */
const versionedCluster = (name: string, version: string | undefined, supportType?: string): FixtureResource => ({
  type: 'aws_eks_cluster',
  name,
  values: { version, ...(supportType ? { upgrade_policy: { support_type: supportType } } : {}) },
});
const launchTemplate = (values: Record<string, any>): FixtureResource => ({
  type: 'aws_launch_template',
  name: 'nodes',
  values: {
    metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
    block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_type: 'gp3' } }],
    network_interfaces: [{ associate_public_ip_address: 'false' }],
    ...values,
  },
});
const alb = (values: Record<string, any> = {}): FixtureResource => ({
  type: 'aws_lb',
  name: 'alb',
  values: {
    load_balancer_type: 'application',
    internal: false,
    drop_invalid_header_fields: true,
    access_logs: { bucket: 'acme-logs', enabled: true },
    enable_deletion_protection: true,
    security_groups: ['${aws_security_group.alb.id}'],
    ...values,
  },
});
const listener = (name: string, values: Record<string, any>): FixtureResource => ({
  type: 'aws_lb_listener',
  name,
  values: { load_balancer_arn: '${aws_lb.alb.arn}', ...values },
});

/** A REST API with one VPC-link integration and a deployment with the given triggers. */
function apiWithDeployment(triggers: Record<string, string>): FixtureResource[] {
  const api = '${aws_api_gateway_rest_api.api.id}';
  return [
    { type: 'aws_api_gateway_rest_api', name: 'api', values: { name: 'acme-dev-api' } },
    { type: 'aws_api_gateway_vpc_link', name: 'link', values: { name: 'acme-dev-apigw', target_arns: ['${aws_lb.nlb.arn}'] } },
    { type: 'aws_api_gateway_method', name: 'any', values: { rest_api_id: api, http_method: 'ANY', authorization: 'AWS_IAM' } },
    {
      type: 'aws_api_gateway_integration',
      name: 'any',
      values: { rest_api_id: api, connection_type: 'VPC_LINK', connection_id: '${aws_api_gateway_vpc_link.link.id}', uri: 'https://api.internal.example.com:443/' },
    },
    { type: 'aws_api_gateway_deployment', name: 'd', values: { rest_api_id: api, triggers } },
  ];
}

const CASES: Record<string, RuleCase> = {
  'state-backend-encrypted': {
    compliant: [],
    nonCompliant: [],
    reason: /S3 backend: encrypt is not true and no use_lockfile or dynamodb_table for locking/,
  },
  'eks-endpoint-private': {
    compliant: [eks({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] })],
    nonCompliant: [eks({ endpoint_private_access: true, endpoint_public_access: true })],
    reason: /public endpoint is on with no public_access_cidrs/,
  },
  'eks-control-plane-logs': {
    compliant: [eks({ endpoint_private_access: true, endpoint_public_access: false })],
    nonCompliant: [eks({ endpoint_private_access: true }, { enabled_cluster_log_types: ['api', 'audit'] })],
    reason: /lacks authenticator, controllerManager, scheduler/,
  },
  'eks-secrets-encryption': {
    compliant: [eks({ endpoint_private_access: true })],
    nonCompliant: [eks({ endpoint_private_access: true }, { encryption_config: undefined })],
    reason: /no encryption_config for resources \["secrets"\]/,
  },
  'launch-template-imdsv2': {
    compliant: [launchTemplate({})],
    nonCompliant: [launchTemplate({ metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 3 } })],
    reason: /hop_limit is 3, above 2/,
  },
  'launch-template-no-public-ip': {
    compliant: [launchTemplate({})],
    nonCompliant: [launchTemplate({ network_interfaces: [{ associate_public_ip_address: 'true' }] })],
    reason: /associate a public IP address/,
  },
  'launch-template-encrypted-volumes': {
    compliant: [launchTemplate({})],
    nonCompliant: [launchTemplate({ block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_type: 'gp3' } }] })],
    reason: /\/dev\/xvda not encrypted/,
  },
  'ecs-container-insights': {
    compliant: [{ type: 'aws_ecs_cluster', name: 'c', values: { setting: [{ name: 'containerInsights', value: 'enhanced' }] } }],
    nonCompliant: [{ type: 'aws_ecs_cluster', name: 'c', values: { setting: [{ name: 'containerInsights', value: 'disabled' }] } }],
    reason: /containerInsights is not enabled/,
  },
  'ecs-read-only-root': {
    compliant: [taskDefinition('t', [container()])],
    nonCompliant: [taskDefinition('t', [container({ name: 'envoy', readonlyRootFilesystem: false })])],
    reason: /without readonlyRootFilesystem: envoy/,
  },
  'ecs-non-privileged': {
    compliant: [
      taskDefinition('t', [container()]),
      // The scratch volumes' init container: root with every capability dropped, not essential, no port, no secret.
      taskDefinition('init', [container({ name: 'scratch-init', user: '0:0', essential: false, linuxParameters: { capabilities: { drop: ['ALL'] } } })]),
    ],
    nonCompliant: [taskDefinition('t', [container({ user: undefined })])],
    reason: /privileged or root containers: app \(no non-root "user"\)/,
  },
  'ecs-logging': {
    compliant: [taskDefinition('t', [container()])],
    nonCompliant: [taskDefinition('t', [container({ logConfiguration: undefined })])],
    reason: /without logConfiguration: app/,
  },
  'ecs-no-plaintext-secrets': {
    compliant: [taskDefinition('t', [container()])],
    nonCompliant: [taskDefinition('t', [container({ environment: [{ name: 'DB_PASSWORD', value: 'x' }] })])],
    reason: /secret-looking environment variables: app\.DB_PASSWORD/,
  },
  'ecs-separate-roles': {
    compliant: [taskDefinition('t', [container()])],
    nonCompliant: [taskDefinition('t', [container()], { execution: 'same', task: 'same' })],
    reason: /execution_role_arn and task_role_arn are the same role/,
  },
  'ecs-no-public-ip': {
    compliant: [{ type: 'aws_ecs_service', name: 's', values: { network_configuration: { assign_public_ip: false } } }],
    nonCompliant: [{ type: 'aws_ecs_service', name: 's', values: { network_configuration: { assign_public_ip: true } } }],
    reason: /assign_public_ip is true/,
  },
  'lb-tls-policy': {
    compliant: [listener('https', { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })],
    nonCompliant: [listener('https', { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08' })],
    reason: /ssl_policy ELBSecurityPolicy-2016-08 allows TLS below 1\.2/,
  },
  'alb-http-redirect': {
    compliant: [listener('http', { protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] })],
    nonCompliant: [listener('http', { protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.t.arn}' }] })],
    reason: /HTTP listener whose default action is not a redirect to HTTPS/,
  },
  'alb-drop-invalid-headers': {
    compliant: [alb()],
    nonCompliant: [alb({ drop_invalid_header_fields: false })],
    reason: /drop_invalid_header_fields is not true/,
  },
  'alb-access-logs': {
    compliant: [alb()],
    nonCompliant: [alb({ access_logs: undefined })],
    reason: /access_logs are not enabled with a bucket/,
  },
  'lb-deletion-protection': {
    compliant: [alb()],
    nonCompliant: [alb({ enable_deletion_protection: false })],
    reason: /enable_deletion_protection is not true in production/,
    options: { production: true },
  },
  'nlb-cross-zone': {
    compliant: [alb({ load_balancer_type: 'network', internal: true, enable_cross_zone_load_balancing: true })],
    nonCompliant: [alb({ load_balancer_type: 'network', internal: true })],
    reason: /enable_cross_zone_load_balancing is not true/,
  },
  'apigw-method-authorized': {
    compliant: [{ type: 'aws_api_gateway_method', name: 'm', values: { http_method: 'ANY', authorization: 'AWS_IAM' } }],
    nonCompliant: [{ type: 'aws_api_gateway_method', name: 'm', values: { http_method: 'ANY', authorization: 'NONE' } }],
    reason: /authorization is NONE/,
  },
  'apigw-stage-access-logs': {
    compliant: [{ type: 'aws_api_gateway_stage', name: 's', values: { access_log_settings: { destination_arn: '${aws_cloudwatch_log_group.a.arn}', format: '{}' } } }],
    nonCompliant: [{ type: 'aws_api_gateway_stage', name: 's', values: {} }],
    reason: /access_log_settings with a destination and format are missing/,
  },
  'apigw-domain-tls12': {
    compliant: [{ type: 'aws_api_gateway_domain_name', name: 'd', values: { security_policy: 'TLS_1_2' } }],
    nonCompliant: [{ type: 'aws_api_gateway_domain_name', name: 'd', values: {} }],
    reason: /security_policy is TLS_1_0/,
  },
  'acm-dns-validation': {
    compliant: [{ type: 'aws_acm_certificate', name: 'c', values: { validation_method: 'DNS' } }],
    nonCompliant: [{ type: 'aws_acm_certificate', name: 'c', values: { validation_method: 'EMAIL' } }],
    reason: /validation_method is EMAIL/,
  },
  'acm-create-before-destroy': {
    compliant: [{ type: 'aws_acm_certificate', name: 'c', values: { lifecycle: { create_before_destroy: true } } }],
    nonCompliant: [{ type: 'aws_acm_certificate', name: 'c', values: {} }],
    reason: /create_before_destroy is not true/,
  },
  'log-group-retention-kms': {
    compliant: [{ type: 'aws_cloudwatch_log_group', name: 'g', values: { retention_in_days: 30, kms_key_id: '${aws_kms_key.k.arn}' } }],
    nonCompliant: [{ type: 'aws_cloudwatch_log_group', name: 'g', values: {} }],
    reason: /no retention_in_days and no kms_key_id/,
  },
  'iam-no-wildcards': {
    compliant: [
      policy('p', [
        { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-data/*'] },
        { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        { actions: ['autoscaling:SetDesiredCapacity'], resources: ['*'], condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled', values: ['true'] }] },
      ]),
      { type: 'aws_iam_role_policy', name: 'rp', values: { policy: '${data.aws_iam_policy_document.p.json}' } },
    ],
    nonCompliant: [
      policy('p', [{ actions: ['s3:*', 'sqs:SendMessage'], resources: ['*'] }]),
      { type: 'aws_iam_role_policy', name: 'rp', values: { policy: '${data.aws_iam_policy_document.p.json}' } },
    ],
    reason: /actions s3:\*; resource "\*" for s3:\*, sqs:SendMessage/,
  },
  'sg-no-world-ingress': {
    compliant: [
      alb(),
      { type: 'aws_security_group', name: 'alb', values: {} },
      { type: 'aws_vpc_security_group_ingress_rule', name: 'https', values: { security_group_id: '${aws_security_group.alb.id}', cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443 } },
    ],
    nonCompliant: [
      { type: 'aws_security_group', name: 'tasks', values: {} },
      { type: 'aws_vpc_security_group_ingress_rule', name: 'ssh', values: { security_group_id: '${aws_security_group.tasks.id}', cidr_ipv4: '0.0.0.0/0', from_port: 22, to_port: 22 } },
    ],
    reason: /ingress from the internet on a group no internet-facing load balancer uses: ports 22/,
  },
  's3-encrypted': {
    compliant: [bucket, { type: 'aws_s3_bucket_server_side_encryption_configuration', name: 'e', values: { bucket: bucketRef } }],
    nonCompliant: [bucket],
    reason: /no aws_s3_bucket_server_side_encryption_configuration/,
  },
  's3-public-access-blocked': {
    compliant: [
      bucket,
      {
        type: 'aws_s3_bucket_public_access_block',
        name: 'b',
        values: { bucket: bucketRef, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
    ],
    nonCompliant: [bucket, { type: 'aws_s3_bucket_public_access_block', name: 'b', values: { bucket: bucketRef, block_public_acls: true } }],
    reason: /leaves block_public_policy, ignore_public_acls, restrict_public_buckets off/,
  },
  's3-tls-only': {
    compliant: [
      bucket,
      policy('tls', [{ effect: 'Deny', actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }]),
      { type: 'aws_s3_bucket_policy', name: 'p', values: { bucket: bucketRef, policy: '${data.aws_iam_policy_document.tls.json}' } },
    ],
    nonCompliant: [bucket],
    reason: /no bucket policy statement denies aws:SecureTransport=false/,
  },
  'ecs-health-check-http11': {
    compliant: [taskDefinition('t', [container({ healthCheck: { command: ['CMD', '/bin/bash', '-c', readiness('HTTP/1.1')] } })])],
    nonCompliant: [taskDefinition('t', [container(), container({ name: 'envoy', healthCheck: { command: ['CMD', '/bin/bash', '-c', readiness('HTTP/1.0')] } })])],
    reason: /health checks sending HTTP\/1\.0 requests: envoy\)$/,
  },
  'ecs-exec-writable-agent-paths': {
    compliant: [execService, withVolumes(taskDefinition('t', [container({ mountPoints: agentMounts('app') })]), agentVolumes('app'))],
    nonCompliant: [execService, taskDefinition('t', [container()])],
    reason: /exec is enabled but read-only containers of t have no writable volume at: app \/var\/lib\/amazon, app \/var\/log\/amazon/,
  },
  // On the fixture day (2026-11-30): 1.35 in standard support, 1.33 in extended support since 2026-07-29.
  'eks-version-supported': {
    compliant: [versionedCluster('current', '1.35', 'STANDARD'), versionedCluster('kept', '1.33', 'EXTENDED'), versionedCluster('default', undefined)],
    nonCompliant: [versionedCluster('stale', '1.33', 'STANDARD')],
    reason: /version 1\.33 left standard support on 2026-07-29 and upgrade_policy\.support_type is STANDARD, not EXTENDED \(\$0\.60 per cluster-hour instead of \$0\.10/,
  },
  'ecs-image-private-registry': {
    compliant: [taskDefinition('t', [container({ image: APP_ECR_IMAGE }), container({ name: 'envoy', image: `${CACHE_IMAGE}@sha256:${'a'.repeat(64)}` })])],
    nonCompliant: [taskDefinition('t', [container({ image: APP_ECR_IMAGE }), container({ name: 'envoy', image: 'envoyproxy/envoy:v1.38.9' })])],
    reason: /images not from a private ECR registry: envoy \(envoyproxy\/envoy:v1\.38\.9\)/,
  },
  'ecs-image-pinned-digest': {
    compliant: [cacheRule, taskDefinition('t', [container({ image: APP_ECR_IMAGE }), container({ name: 'envoy', image: `${CACHE_IMAGE}@sha256:${'a'.repeat(64)}` })])],
    nonCompliant: [cacheRule, taskDefinition('t', [container({ image: APP_ECR_IMAGE }), container({ name: 'envoy', image: `${CACHE_IMAGE}:v1.38.9` })])],
    reason: /pull-through-cache images not pinned by digest: envoy \(.*envoyproxy\/envoy:v1\.38\.9\)/,
  },
  'unique-name-create-before-destroy': {
    compliant: [{ type: 'aws_lb_target_group', name: 'tg', values: { name_prefix: 'web-', lifecycle: { create_before_destroy: true } } }],
    nonCompliant: [{ type: 'aws_lb_target_group', name: 'tg', values: { name: 'acme-dev-web-8443', lifecycle: { create_before_destroy: true } } }],
    reason: /fixed name "acme-dev-web-8443" with lifecycle\.create_before_destroy: .*\(DuplicateTargetGroupName\); use name_prefix/,
  },
  'apigw-deployment-triggers': {
    compliant: apiWithDeployment({ definition: '${sha256(jsonencode([aws_api_gateway_method.any, aws_api_gateway_integration.any]))}' }),
    // The shape of the original bug: a synth-time hash of the routes, blind to the VPC link.
    nonCompliant: apiWithDeployment({ definitionSha256: '0c1f4e7b9a2d3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6' }),
    reason: /triggers do not change with aws_api_gateway_integration\.any \(connection_id, uri\); aws_api_gateway_method\.any \(authorization\)/,
  },
  'unique-name-inherited-create-before-destroy': {
    compliant: [
      { type: 'aws_lb_target_group', name: 'tg', values: { name_prefix: 'web-', vpc_id: '${aws_security_group.sg.vpc_id}', lifecycle: { create_before_destroy: true } } },
      { type: 'aws_security_group', name: 'sg', values: { name_prefix: 'acme-dev-web-' } },
    ],
    nonCompliant: [
      { type: 'aws_lb_target_group', name: 'tg', values: { name_prefix: 'web-', vpc_id: '${aws_security_group.sg.vpc_id}', lifecycle: { create_before_destroy: true } } },
      { type: 'aws_security_group', name: 'sg', values: { name: 'acme-dev-web' } },
    ],
    reason: /fixed name "acme-dev-web" inherits create_before_destroy from aws_lb_target_group tg -> aws_security_group sg: .*\(InvalidGroup\.Duplicate\); use name_prefix/,
  },
  'non-production-destroyable': {
    compliant: [{ type: 'aws_ecr_repository', name: 'r', values: { name: 'acme-dev/docker-hub/x', force_delete: true } }],
    nonCompliant: [{ type: 'aws_secretsmanager_secret', name: 's', values: { name: 'ecr-pullthroughcache/acme-dev/docker-hub', recovery_window_in_days: 30 } }],
    reason: /recovery_window_in_days is 30 outside production/,
  },
  // The operations rules' cases in more shapes: __tests__/guardrails/operations-rules.test.ts.
  'waf-production-edge': {
    compliant: [
      { type: 'aws_lb', name: 'alb', values: { load_balancer_type: 'application' } },
      { type: 'aws_wafv2_web_acl', name: 'acl', values: {} },
      { type: 'aws_wafv2_web_acl_association', name: 'a', values: { resource_arn: '${aws_lb.alb.arn}', web_acl_arn: '${aws_wafv2_web_acl.acl.arn}' } },
    ],
    nonCompliant: [{ type: 'aws_lb', name: 'alb', values: { load_balancer_type: 'application' } }],
    reason: /no aws_wafv2_web_acl_association of a web ACL of this stack names its ARN/,
    options: { production: true },
  },
  'waf-rate-rule-exempts-own-egress': {
    compliant: [
      { type: 'aws_eip', name: 'nat', values: {} },
      { type: 'aws_wafv2_ip_set', name: 'own', values: { addresses: ['${aws_eip.nat.public_ip}/32'] } },
      {
        type: 'aws_wafv2_web_acl',
        name: 'acl',
        values: {
          rule: [
            { name: 'rate', statement: { rate_based_statement: { scope_down_statement: { not_statement: { statement: { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.own.arn}' } } } } } } },
          ],
        },
      },
    ],
    nonCompliant: [
      { type: 'aws_eip', name: 'nat', values: {} },
      { type: 'aws_wafv2_web_acl', name: 'acl', values: { rule: [{ name: 'rate', statement: { rate_based_statement: { limit: 2000 } } }] } },
    ],
    reason: /rate-based rule rate has no scope_down_statement/,
  },
  'ecs-deployment-alarms': {
    compliant: [
      { type: 'aws_lb_target_group', name: 'tg', values: {} },
      { type: 'aws_cloudwatch_metric_alarm', name: 'a', values: { alarm_name: 'acme-dev-web-unhealthy-targets', dimensions: { TargetGroup: '${aws_lb_target_group.tg.arn_suffix}' } } },
      {
        type: 'aws_ecs_service',
        name: 's',
        values: {
          deployment_circuit_breaker: { enable: true, rollback: true },
          load_balancer: [{ target_group_arn: '${aws_lb_target_group.tg.arn}' }],
          alarms: { enable: true, rollback: true, alarm_names: ['${aws_cloudwatch_metric_alarm.a.alarm_name}'] },
        },
      },
    ],
    nonCompliant: [
      { type: 'aws_lb_target_group', name: 'tg', values: {} },
      {
        type: 'aws_ecs_service',
        name: 's',
        values: {
          deployment_circuit_breaker: { enable: true, rollback: true },
          load_balancer: [{ target_group_arn: '${aws_lb_target_group.tg.arn}' }],
          alarms: { enable: false, rollback: false, alarm_names: ['acme-dev-web-unhealthy-targets'] },
        },
      },
    ],
    reason: /alarms \{ enable = true, rollback = true \} is not set/,
  },
  'alarm-notifies-topic': {
    compliant: [
      // The key CloudWatch must be able to use (the rule reads its policy document).
      { type: 'aws_kms_key', name: 'k', values: { policy: '${data.aws_iam_policy_document.k.json}' } },
      {
        type: 'aws_iam_policy_document',
        name: 'k',
        data: true,
        values: {
          statement: [{ effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }], resources: ['*'] }],
        },
      },
      { type: 'aws_sns_topic', name: 't', values: { kms_master_key_id: '${aws_kms_key.k.arn}' } },
      { type: 'aws_cloudwatch_metric_alarm', name: 'a', values: { alarm_actions: ['${aws_sns_topic.t.arn}'], ok_actions: ['${aws_sns_topic.t.arn}'] } },
    ],
    nonCompliant: [{ type: 'aws_cloudwatch_metric_alarm', name: 'a', values: { alarm_actions: [] } }],
    reason: /alarm_actions and ok_actions name no KMS-encrypted aws_sns_topic/,
  },
  'private-subnet-s3-endpoint': {
    compliant: [
      { type: 'aws_route_table', name: 'private', values: {} },
      { type: 'aws_vpc_endpoint', name: 's3', values: { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-west-1.s3', route_table_ids: ['${aws_route_table.private.id}'] } },
    ],
    nonCompliant: [{ type: 'aws_route_table', name: 'private', values: {} }],
    reason: /no S3 gateway endpoint/,
  },
};

describe('rule ecs-image-private-registry', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'ecs-image-private-registry')!;

  test.each(['nginx:1.27', 'docker.io/envoyproxy/envoy:v1.38.9', 'ghcr.io/acme/web:1.0.0', 'quay.io/acme/web:1.0.0', 'public.ecr.aws/acme/web:1.0.0', 'registry.example.com/acme/web:1.0.0'])(
    'GIVEN an image from %s THEN non-compliant',
    (image) => {
      expect(verdictsOf(rule, [taskDefinition('t', [container({ image })])])).toEqual([expect.stringContaining(`: non-compliant (images not from a private ECR registry: app (${image}))`)]);
    },
  );

  test("GIVEN another account's private ECR registry THEN compliant (shared registries are private too)", () => {
    expect(verdictsOf(rule, [taskDefinition('t', [container({ image: '210987654321.dkr.ecr.us-east-1.amazonaws.com/shared/base@sha256:' + 'f'.repeat(64) })])])).toEqual(['t: compliant']);
  });
});

describe('rule ecs-image-pinned-digest', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'ecs-image-pinned-digest')!;

  test('GIVEN a cached image pinned by a Terraform variable after "@" THEN compliant: a reference holds only a digest there', () => {
    const pinned = taskDefinition('t', [container({ name: 'envoy', image: `${CACHE_IMAGE}@\${var.envoy_image_digest}` })]);
    expect(verdictsOf(rule, [cacheRule, pinned])).toEqual(['t: compliant']);
  });

  test("GIVEN no pull through cache rule, or images only from own repositories THEN not applicable (no finding): the team's own tags are its release process", () => {
    const byTag = taskDefinition('t', [container({ image: APP_ECR_IMAGE })]);
    expect(verdictsOf(rule, [byTag])).toEqual([]);
    expect(verdictsOf(rule, [cacheRule, byTag])).toEqual([]);
  });
});

describe.each(POLICY_PACK.filter((rule) => rule.id !== 'state-backend-encrypted'))('rule $id', (rule: PolicyRule) => {
  const ruleCase = CASES[rule.id];

  test('has a case in this table and documents why it exists', () => {
    expect(ruleCase).toBeDefined();
    expect(rule.why.length).toBeGreaterThan(20);
  });

  test('GIVEN a compliant resource THEN it is compliant', () => {
    const verdicts = verdictsOf(rule, ruleCase.compliant, ruleCase.options);
    expect(verdicts.length).toBeGreaterThan(0);
    for (const verdict of verdicts) expect(verdict).toMatch(/: compliant$/);
  });

  test('GIVEN a non-compliant resource THEN the reason is given', () => {
    const failing = verdictsOf(rule, ruleCase.nonCompliant, ruleCase.options).filter((v) => v.includes(': non-compliant'));
    expect(failing).toEqual([expect.stringMatching(ruleCase.reason)]);
  });
});

describe('rule ecs-non-privileged, root without capabilities', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'ecs-non-privileged')!;
  const dropAll = { capabilities: { drop: ['ALL'] } };

  test.each([
    ['essential', { essential: true, linuxParameters: dropAll }],
    ['keeping its capabilities', { essential: false }],
    ['adding one back', { essential: false, linuxParameters: { capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } } }],
    ['listening on a port', { essential: false, linuxParameters: dropAll, portMappings: [{ containerPort: 80 }] }],
    ['reading a secret', { essential: false, linuxParameters: dropAll, secrets: [{ name: 'S', valueFrom: 'arn' }] }],
  ])('GIVEN a root container %s THEN non-compliant', (_, overrides) => {
    expect(verdictsOf(rule, [taskDefinition('t', [container({ user: '0:0', ...overrides })])])).toEqual([expect.stringContaining('(no non-root "user")')]);
  });
});

describe('rule state-backend-encrypted', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'state-backend-encrypted')!;

  test('GIVEN an SSE-KMS S3 backend with a lock file THEN compliant', () => {
    expect(verdictsOf(rule, [], { terraform: { backend: { s3: { encrypt: true, kms_key_id: 'alias/aws/s3', use_lockfile: true } } } })).toEqual(['terraform: compliant']);
  });

  test("GIVEN encrypt without kms_key_id THEN non-compliant: Terraform would write the state with SSE-S3 over the bucket's SSE-KMS default", () => {
    expect(verdictsOf(rule, [], { terraform: { backend: { s3: { encrypt: true, use_lockfile: true } } } })).toEqual([
      expect.stringMatching(/S3 backend: no kms_key_id, so state objects are SSE-S3 \(AES256\), not SSE-KMS/),
    ]);
  });

  test('GIVEN an unencrypted S3 backend without locking THEN non-compliant', () => {
    expect(verdictsOf(rule, [], { terraform: { backend: { s3: { bucket: 'b' } } } })).toEqual([expect.stringMatching(CASES['state-backend-encrypted'].reason)]);
  });

  test('GIVEN local state THEN compliant only in the stack that creates the state bucket', () => {
    const local = { terraform: { backend: { local: { path: 'x.tfstate' } } } };
    expect(verdictsOf(rule, [{ type: 'aws_s3_bucket', name: 'state', values: { bucket: 'state-bucket' } }], local)).toEqual(['terraform: compliant']);
    expect(verdictsOf(rule, [], local)).toEqual([expect.stringMatching(/backend local is not an encrypted, locked S3 backend/)]);
  });
});

test('GIVEN a suppression with a reason THEN the finding is kept but marked suppressed', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'alb-access-logs')!;
  const verdicts = verdictsOf(rule, [alb({ access_logs: undefined })], {
    suppressions: [{ rule: 'alb-access-logs', stack: 'platform', resource: 'alb', reason: 'log bucket lives in the audit account' }],
  });
  expect(verdicts).toEqual([expect.stringMatching(/^alb: non-compliant/)]);
});

describe('rule eks-version-supported on other days and versions', () => {
  const rule = POLICY_PACK.find((r) => r.id === 'eks-version-supported')!;

  test('GIVEN the injected day moves past the end of standard support THEN the same cluster turns non-compliant', () => {
    const cluster = [versionedCluster('c', '1.35', 'STANDARD')];
    expect(verdictsOf(rule, cluster, { today: new Date('2027-03-26T23:59:59Z') })).toEqual(['c: compliant']);
    expect(verdictsOf(rule, cluster, { today: new Date('2027-03-27T00:00:00Z') })).toEqual([expect.stringMatching(/^c: non-compliant \(version 1\.35 left standard support on 2027-03-27/)]);
  });

  test('GIVEN no upgrade policy after the end of standard support THEN non-compliant: extended support must be chosen, not inherited', () => {
    expect(verdictsOf(rule, [versionedCluster('c', '1.33')])).toEqual([expect.stringMatching(/upgrade_policy\.support_type is not set, not EXTENDED/)]);
  });

  test('GIVEN a version past the end of extended support THEN non-compliant even with EXTENDED', () => {
    expect(verdictsOf(rule, [versionedCluster('c', '1.31', 'EXTENDED')])).toEqual([
      expect.stringMatching(/version 1\.31 left extended support on 2026-11-26; in standard support: 1\.34 until 2026-12-02, 1\.35 until 2027-03-27/),
    ]);
  });

  test('GIVEN a version missing from the catalog THEN non-compliant, naming the known versions', () => {
    expect(verdictsOf(rule, [versionedCluster('c', '1.99', 'STANDARD')])).toEqual([expect.stringMatching(/version 1\.99 is not in lib\/eks\/eks-versions\.json \(known: 1\.29, .*1\.35\)/)]);
  });
});

test('rule ids are unique and kebab-case', () => {
  const ids = POLICY_PACK.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
});
