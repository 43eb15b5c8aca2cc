import { exampleStacks } from '../helpers/example-synth';
import { TerraformJson } from '../helpers/terraform-json';

/**
 * The private path end to end, in an example environment: API Gateway's VPC
 * link → internal NLB → TLS listener → target group → the `api` ECS service's
 * Envoy container, and only the NLB's security group admitted to the tasks.
 */
const { platform } = exampleStacks('dev');

describe('API Gateway → NLB → ECS wiring', () => {
  test('the VPC link targets the internal NLB whose TLS listener forwards to the api target group', () => {
    const link = platform.only('aws_api_gateway_vpc_link');
    const nlb = platform.follow(link.values.target_arns[0]).entry;
    expect(nlb.values).toMatchObject({ load_balancer_type: 'network', internal: true });
    const listener = platform.resource('aws_lb_listener', 'apigw/listener-api/listener');
    expect(listener.values.load_balancer_arn).toBe(TerraformJson.ref(nlb, 'arn'));
    expect(listener.values.protocol).toBe('TLS');
    expect(platform.follow(listener.values.default_action[0].target_group_arn).entry.path).toBe('apigw/listener-api/target-group');
  });

  test('the api service registers its Envoy container with that target group and waits for the listener', () => {
    const targetGroup = platform.resource('aws_lb_target_group', 'apigw/listener-api/target-group');
    const service = platform.resource('aws_ecs_service', 'ecs/service-api/service');
    expect(service.values.load_balancer).toEqual([{ container_name: 'envoy', container_port: targetGroup.values.port, target_group_arn: TerraformJson.ref(targetGroup, 'arn') }]);
    expect(targetGroup.values).toMatchObject({ protocol: 'TLS', target_type: 'ip' });
    const listener = platform.resource('aws_lb_listener', 'apigw/listener-api/listener');
    expect(service.values.depends_on).toContain(listener.address);
  });

  test('the api tasks admit only the NLB security group, on the Envoy port', () => {
    const targetGroup = platform.resource('aws_lb_target_group', 'apigw/listener-api/target-group');
    const rules = platform.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.path.startsWith('ecs/service-api/'));
    expect(rules).toHaveLength(1);
    expect(platform.follow(rules[0].values.referenced_security_group_id).entry.path).toBe('apigw/nlb/security-group');
    expect(rules[0].values).toMatchObject({ from_port: targetGroup.values.port, to_port: targetGroup.values.port });
  });
});
