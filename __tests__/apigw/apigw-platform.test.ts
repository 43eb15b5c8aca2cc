import { ACCESS_LOG_FORMAT } from '../../lib/apigw/service-rest-api';
import { NLB_TLS_POLICY } from '../../lib/apigw/nlb-service-listener';
import { synthEnvironment } from '../helpers/environment-fixture';
import { TerraformJson } from '../helpers/terraform-json';
import { apigwEnvironment } from './apigw-fixture';

const HOST = 'api.internal.test.acme-example.com';

/** `type.name.attribute` references an expression reads, following whole-resource references into their arguments. */
function triggerReads(terraform: TerraformJson, value: unknown): string[] {
  const reads = new Set<string>();
  const visit = (node: unknown) => {
    if (node === undefined) return;
    const text = JSON.stringify(node);
    for (const [, address, attribute] of text.matchAll(/\b(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.([a-z_]+))?/g)) {
      const key = attribute ? `${address}.${attribute}` : address;
      if (reads.has(key)) continue;
      reads.add(key);
      const entry = terraform.resources().find((r) => r.address === address);
      if (entry) visit(attribute ? entry.values[attribute] : entry.values);
    }
  };
  visit(value);
  return [...reads];
}

describe('API Gateway platform in the environment stack', () => {
  const config = apigwEnvironment();
  const platform = synthEnvironment(config).platform;
  const nlb = platform.resource('aws_lb', 'apigw/nlb/load-balancer');
  const listener = platform.resource('aws_lb_listener', 'apigw/listener-api/listener');
  const targetGroup = platform.resource('aws_lb_target_group', 'apigw/listener-api/target-group');
  const nlbGroup = platform.resource('aws_security_group', 'apigw/nlb/security-group');

  test('GIVEN an apigw service THEN the NLB is internal, cross-zone, in the private subnets, with a group that PrivateLink traffic bypasses', () => {
    expect(nlb.values).toEqual(
      expect.objectContaining({
        load_balancer_type: 'network',
        internal: true,
        enable_cross_zone_load_balancing: true,
        enable_deletion_protection: false,
        enforce_security_group_inbound_rules_on_private_link_traffic: 'off',
        security_groups: [TerraformJson.ref(nlbGroup, 'id')],
      }),
    );
    expect(nlb.values.subnets.map((subnet: string) => platform.follow(subnet).entry.path)).toEqual(['network/private-eu-west-1a', 'network/private-eu-west-1b']);
    expect(platform.resources('aws_vpc_security_group_ingress_rule').filter((rule) => rule.values.security_group_id === TerraformJson.ref(nlbGroup, 'id'))).toEqual([]);
    const egress = platform.resource('aws_vpc_security_group_egress_rule', 'apigw/nlb/to-targets');
    expect(egress.values).toEqual(expect.objectContaining({ security_group_id: TerraformJson.ref(nlbGroup, 'id'), from_port: 8443, to_port: 8443, ip_protocol: 'tcp' }));
  });

  test('GIVEN production THEN the NLB has deletion protection', () => {
    const prod = synthEnvironment(apigwEnvironment({ tier: 'production' })).platform;
    expect(prod.resource('aws_lb', 'apigw/nlb/load-balancer').values.enable_deletion_protection).toBe(true);
  });

  test('GIVEN the service THEN a TLS listener on 443 uses the validated certificate for its internal name and forwards to the TLS target group', () => {
    const certificate = platform.resource('aws_acm_certificate', 'apigw/listener-api/certificate/certificate');
    const validation = platform.resource('aws_acm_certificate_validation', 'apigw/listener-api/certificate/validation');
    expect(certificate.values).toEqual(expect.objectContaining({ domain_name: HOST, validation_method: 'DNS' }));
    expect(listener.values).toEqual(
      expect.objectContaining({
        load_balancer_arn: TerraformJson.ref(nlb, 'arn'),
        port: 443,
        protocol: 'TLS',
        ssl_policy: NLB_TLS_POLICY,
        certificate_arn: TerraformJson.ref(validation, 'certificate_arn'),
        default_action: [{ type: 'forward', target_group_arn: TerraformJson.ref(targetGroup, 'arn') }],
      }),
    );
    const validationRecord = platform.resource('aws_route53_record', `apigw/listener-api/certificate/validation-${HOST}`);
    expect(validationRecord.values.zone_id).toBe('Z0TESTZONE');
  });

  test("GIVEN the service THEN the target group is TLS to task IPs on Envoy's port with an HTTPS health check on the health path", () => {
    expect(targetGroup.values).toEqual(
      expect.objectContaining({
        // Replaced before destroyed (the listener and the ECS service move first), so a generated name of at most 6 + 26 characters.
        name_prefix: 'api-',
        tags: { Name: 'acme-test-api-nlb' },
        lifecycle: { create_before_destroy: true },
        protocol: 'TLS',
        target_type: 'ip',
        port: config.envoy.ports.ingress,
        preserve_client_ip: 'false',
        health_check: expect.objectContaining({ enabled: true, protocol: 'HTTPS', path: '/healthz', port: 'traffic-port' }),
      }),
    );
  });

  test('GIVEN a private zone THEN the internal name is an alias of the NLB there', () => {
    const alias = platform.resource('aws_route53_record', 'apigw/listener-api/alias/a');
    const privateZone = platform.resource('aws_route53_zone', 'dns/private-zone');
    expect(alias.values).toEqual(expect.objectContaining({ zone_id: TerraformJson.ref(privateZone, 'zone_id'), name: HOST, type: 'A' }));
    expect(platform.follow(alias.values.alias.name)).toEqual({ entry: nlb, attribute: 'dns_name' });
  });

  test('GIVEN the VPC link THEN it targets the NLB', () => {
    expect(platform.only('aws_api_gateway_vpc_link').values.target_arns).toEqual([TerraformJson.ref(nlb, 'arn')]);
  });

  test('GIVEN the API THEN ANY / and ANY /{proxy+} are IAM-authorized HTTP_PROXY integrations over the VPC link to the certificate host', () => {
    const link = platform.only('aws_api_gateway_vpc_link');
    const api = platform.only('aws_api_gateway_rest_api');
    expect(api.values.endpoint_configuration).toEqual({ types: ['REGIONAL'] });
    const proxy = platform.only('aws_api_gateway_resource');
    expect(proxy.values).toEqual(expect.objectContaining({ path_part: '{proxy+}', parent_id: TerraformJson.ref(api, 'root_resource_id') }));

    const methods = platform.resources('aws_api_gateway_method').sort((a, b) => b.path.localeCompare(a.path));
    expect(methods.map((m) => [m.path, m.values.http_method, m.values.authorization])).toEqual([
      ['apigw/api-api/root-any', 'ANY', 'AWS_IAM'],
      ['apigw/api-api/proxy-any', 'ANY', 'AWS_IAM'],
    ]);
    expect(platform.resource('aws_api_gateway_method', 'apigw/api-api/proxy-any').values.request_parameters).toEqual({ 'method.request.path.proxy': true });

    const integrations = platform.resources('aws_api_gateway_integration').sort((a, b) => b.path.localeCompare(a.path));
    expect(integrations.map((i) => [i.values.resource_id, i.values.uri])).toEqual([
      [TerraformJson.ref(api, 'root_resource_id'), `https://${HOST}:443/`],
      [TerraformJson.ref(proxy, 'id'), `https://${HOST}:443/{proxy}`],
    ]);
    for (const integration of integrations) {
      expect(integration.values).toEqual(
        expect.objectContaining({
          type: 'HTTP_PROXY',
          integration_http_method: 'ANY',
          connection_type: 'VPC_LINK',
          connection_id: TerraformJson.ref(link, 'id'),
          tls_config: { insecure_skip_verification: false },
        }),
      );
    }
    expect(integrations[1].values.request_parameters).toEqual({ 'integration.request.path.proxy': 'method.request.path.proxy' });
  });

  test('GIVEN the stage THEN it logs JSON access logs to an encrypted log group, after the account CloudWatch role is set', () => {
    const stage = platform.only('aws_api_gateway_stage');
    const group = platform.resource('aws_cloudwatch_log_group', 'apigw/api-api/access-logs/group');
    const account = platform.only('aws_api_gateway_account');
    expect(stage.values).toEqual(
      expect.objectContaining({
        stage_name: 'v1',
        xray_tracing_enabled: false,
        access_log_settings: { destination_arn: TerraformJson.ref(group, 'arn'), format: ACCESS_LOG_FORMAT },
      }),
    );
    expect(Object.keys(JSON.parse(ACCESS_LOG_FORMAT))).toEqual(
      expect.arrayContaining(['requestId', 'ip', 'caller', 'user', 'requestTime', 'httpMethod', 'resourcePath', 'status', 'protocol', 'responseLength', 'integrationLatency']),
    );
    expect(group.values).toEqual(expect.objectContaining({ retention_in_days: 30, kms_key_id: expect.stringContaining('aws_kms_key') }));
    expect(stage.values.depends_on).toEqual([account.address]);
    expect(platform.follow(account.values.cloudwatch_role_arn).entry.type).toBe('aws_iam_role');
    expect(stage.values.deployment_id).toBe(TerraformJson.ref(platform.only('aws_api_gateway_deployment'), 'id'));
  });

  test('GIVEN the method settings THEN every method is throttled and execution logging stays off', () => {
    const settings = platform.only('aws_api_gateway_method_settings');
    expect(settings.values).toEqual(
      expect.objectContaining({
        method_path: '*/*',
        stage_name: TerraformJson.ref(platform.only('aws_api_gateway_stage'), 'stage_name'),
        settings: expect.objectContaining({ throttling_rate_limit: 500, throttling_burst_limit: 1000, logging_level: 'OFF', metrics_enabled: true }),
      }),
    );
  });

  test('GIVEN the deployment THEN it waits for the methods and integrations and is created before destroyed', () => {
    const deployment = platform.only('aws_api_gateway_deployment');
    expect(deployment.values.lifecycle).toEqual({ create_before_destroy: true });
    expect([...deployment.values.depends_on].sort()).toEqual([...platform.resources('aws_api_gateway_method'), ...platform.resources('aws_api_gateway_integration')].map((r) => r.address).sort());
  });

  test('GIVEN the deployment THEN its triggers hash the resources, methods and integrations whole, the VPC link and the NLB behind it, and the API settings', () => {
    const deployment = platform.only('aws_api_gateway_deployment');
    const api = platform.only('aws_api_gateway_rest_api');
    const link = platform.only('aws_api_gateway_vpc_link');
    const whole = [...platform.resources('aws_api_gateway_resource'), ...platform.resources('aws_api_gateway_method'), ...platform.resources('aws_api_gateway_integration')];
    const [, hashed] = /^\$\{sha256\(jsonencode\(\[(.*)\]\)\)\}$/.exec(deployment.values.triggers.definition) ?? [];
    expect(hashed?.split(', ').sort()).toEqual(whole.map((r) => r.address).sort());
    expect(deployment.values.triggers).toEqual({
      definition: expect.any(String),
      vpcLink: `\${sha256(jsonencode([${link.address}.id, ${link.address}.target_arns]))}`,
      apiSettings: `\${sha256(jsonencode([${api.address}.policy, ${api.address}.disable_execute_api_endpoint, ${api.address}.binary_media_types]))}`,
    });
  });

  test('GIVEN a replaced VPC link or NLB THEN the deployment trigger changes: both are among what the trigger reads', () => {
    // A replaced resource gets a new id/ARN (unknown at plan), so every value computed from it changes, and a changed
    // trigger replaces the deployment. What the trigger reads: its references, through whole resources to theirs.
    const deployment = platform.only('aws_api_gateway_deployment');
    const reads = triggerReads(platform, deployment.values.triggers);
    expect(reads).toEqual(expect.arrayContaining([`${platform.only('aws_api_gateway_vpc_link').address}.id`, `${nlb.address}.arn`]));
    // Through each integration as well, not only through the vpcLink entry.
    const definitionOnly = triggerReads(platform, { definition: deployment.values.triggers.definition });
    expect(definitionOnly).toContain(`${platform.only('aws_api_gateway_vpc_link').address}.id`);
  });

  test('GIVEN the method authorization changes THEN the hashed method changes', () => {
    const reason = 'public status endpoint for a partner, no data';
    const open = synthEnvironment(
      apigwEnvironment({
        apiGateway: { services: { api: { authorization: 'NONE', unauthenticatedReason: reason } } },
        guardrails: {
          suppressions: [
            { rule: 'apigw-method-authorized', resource: 'apigw/api-api/root-any', reason },
            { rule: 'apigw-method-authorized', resource: 'apigw/api-api/proxy-any', reason },
          ],
        },
      }),
    ).platform;
    expect(open.resources('aws_api_gateway_method').map((m) => m.values.authorization)).toEqual(['NONE', 'NONE']);
    for (const method of open.resources('aws_api_gateway_method')) expect(open.only('aws_api_gateway_deployment').values.triggers.definition).toContain(`${method.address},`);
  });

  test('GIVEN the custom domain in front THEN the default execute-api endpoint is disabled; executeApiEndpoint enabled keeps it', () => {
    expect(platform.only('aws_api_gateway_rest_api').values.disable_execute_api_endpoint).toBe(true);
    const kept = synthEnvironment(apigwEnvironment({ apiGateway: { executeApiEndpoint: 'enabled' } })).platform;
    expect(kept.only('aws_api_gateway_rest_api').values.disable_execute_api_endpoint).toBe(false);
  });

  test('GIVEN the account CloudWatch role THEN the account setting waits for the role policy, not only the role', () => {
    const account = platform.only('aws_api_gateway_account');
    expect(account.values.depends_on).toEqual([platform.resource('aws_iam_role_policy', 'apigw/cloudwatch-role/policy').address]);
  });

  test('GIVEN the custom domain THEN it is regional with TLS_1_2 and its own certificate, the stage is mapped under the base path, and a public alias points at it', () => {
    const domain = platform.only('aws_api_gateway_domain_name');
    const validation = platform.resource('aws_acm_certificate_validation', 'apigw/domain/certificate/validation');
    expect(domain.values).toEqual(
      expect.objectContaining({
        domain_name: 'api.test.acme-example.com',
        security_policy: 'TLS_1_2',
        endpoint_configuration: { types: ['REGIONAL'] },
        regional_certificate_arn: TerraformJson.ref(validation, 'certificate_arn'),
      }),
    );
    const mapping = platform.only('aws_api_gateway_base_path_mapping');
    expect(mapping.values).toEqual(
      expect.objectContaining({
        api_id: TerraformJson.ref(platform.only('aws_api_gateway_rest_api'), 'id'),
        stage_name: TerraformJson.ref(platform.only('aws_api_gateway_stage'), 'stage_name'),
        domain_name: TerraformJson.ref(domain, 'domain_name'),
        base_path: 'api',
      }),
    );
    const alias = platform.resource('aws_route53_record', 'apigw/domain/alias/a');
    expect(alias.values).toEqual(
      expect.objectContaining({
        zone_id: 'Z0TESTZONE',
        name: 'api.test.acme-example.com',
        alias: { name: TerraformJson.ref(domain, 'regional_domain_name'), zone_id: TerraformJson.ref(domain, 'regional_zone_id'), evaluate_target_health: false },
      }),
    );
  });

  test('GIVEN manageAccountCloudWatchRole false THEN no account setting or role is made and the stage depends on nothing', () => {
    const unmanaged = synthEnvironment(apigwEnvironment({ apiGateway: { manageAccountCloudWatchRole: false } })).platform;
    expect(unmanaged.count('aws_api_gateway_account')).toBe(0);
    expect(unmanaged.only('aws_api_gateway_stage').values.depends_on).toBeUndefined();
  });

  test('GIVEN two apigw services THEN they share the NLB, its security group and the VPC link, on distinct listener ports and base paths', () => {
    const two = synthEnvironment(
      apigwEnvironment({ services: { orders: { ingress: 'apigw', containerPort: 8080, healthPath: '/ready' } }, apiGateway: { services: { orders: { listenerPort: 444 } } } }),
    ).platform;
    expect(two.count('aws_lb')).toBe(1);
    expect(two.count('aws_api_gateway_vpc_link')).toBe(1);
    expect(two.count('aws_api_gateway_rest_api')).toBe(2);
    expect(two.resources('aws_lb_listener').map((l) => [l.path, l.values.port])).toEqual([
      ['apigw/listener-api/listener', 443],
      ['apigw/listener-orders/listener', 444],
    ]);
    expect(two.resource('aws_lb_target_group', 'apigw/listener-orders/target-group').values.health_check.path).toBe('/ready');
    expect(two.resources('aws_api_gateway_base_path_mapping').map((m) => m.values.base_path)).toEqual(['api', 'orders']);
    expect(two.resource('aws_api_gateway_integration', 'apigw/api-orders/proxy-any-integration').values.uri).toBe('https://orders.internal.test.acme-example.com:444/{proxy}');
  });

  test('GIVEN no apigw service THEN nothing of API Gateway is made', () => {
    const none = synthEnvironment(apigwEnvironment({ services: { api: { ingress: 'alb' } } })).platform;
    expect(none.resources().filter((r) => r.type.startsWith('aws_api_gateway') || r.path.startsWith('apigw/'))).toEqual([]);
    expect(none.resources('aws_lb').map((lb) => lb.values.load_balancer_type)).toEqual(['application']);
  });
});
