import { attributeChanges } from '../../tools/pull-request/attribute-changes';
import { directEffects } from '../../tools/pull-request/change-effects';
import { markdownReport } from '../../tools/pull-request/markdown-report';
import { CHANGE_RULES, UPDATED_IN_PLACE } from '../../tools/pull-request/replacement-rules';
import { productResourceTypes } from '../helpers/provider-resource-types';
import { PROVIDER_SAMPLES } from './fixtures/provider-samples';

const effects = (type: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
  directEffects(type, before, after, attributeChanges(before, after)).map((e) => [e.effect, e.attribute]);

describe('the replacement rule table', () => {
  test.each(CHANGE_RULES.map((rule) => [rule.resourceType, rule.effect, rule]))('%s %s: links the provider docs of its type and has a sample for every attribute', (type, _, rule) => {
    expect(rule.docs).toBe(`https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/${type.replace(/^aws_/, '')}`);
    expect(rule.attributes.length).toBeGreaterThan(0);
    expect(rule.impact).toMatch(/^[a-z]/);
    // The plan test changes each attribute of the sample against the real provider.
    expect(Object.keys(PROVIDER_SAMPLES[type]?.changes ?? {})).toEqual(expect.arrayContaining([...rule.attributes]));
  });

  test('GIVEN every resource type the product creates THEN each has rules or is listed as updated in place, not both', () => {
    const ruled = new Set(CHANGE_RULES.map((rule) => rule.resourceType));
    const missing = productResourceTypes().resources.filter((type) => !ruled.has(type) && !(type in UPDATED_IN_PLACE));
    expect(missing).toEqual([]);
    expect(Object.keys(UPDATED_IN_PLACE).filter((type) => ruled.has(type))).toEqual([]);
  });

  test.each(Object.entries(UPDATED_IN_PLACE))('%s, updated in place: has a sample for every argument it lists', (type, attributes) => {
    expect(attributes.length).toBeGreaterThan(0);
    expect(Object.keys(PROVIDER_SAMPLES[type]?.changes ?? {})).toEqual(expect.arrayContaining([...attributes]));
  });

  test('names the changes the issue asks about', () => {
    const covered = (type: string) => CHANGE_RULES.filter((r) => r.resourceType === type && r.effect !== 'roll').flatMap((r) => r.attributes);
    expect(covered('aws_eks_node_group')).toEqual(
      expect.arrayContaining(['capacity_type', 'instance_types', 'subnet_ids', 'ami_type', 'node_group_name', 'node_group_name_prefix', 'launch_template.id']),
    );
    expect(covered('aws_lb')).toEqual(expect.arrayContaining(['name', 'internal', 'load_balancer_type']));
    expect(covered('aws_lb_target_group')).toEqual(expect.arrayContaining(['name', 'port', 'protocol', 'target_type', 'vpc_id']));
    expect(covered('aws_acm_certificate')).toEqual(expect.arrayContaining(['domain_name', 'subject_alternative_names', 'key_algorithm']));
    expect(covered('aws_api_gateway_vpc_link')).toEqual(['target_arns']);
    expect(covered('aws_ecs_task_definition')).toEqual(expect.arrayContaining(['container_definitions', 'cpu', 'memory']));
    expect(covered('aws_cloudwatch_metric_alarm')).toEqual(['alarm_name']);
    expect(covered('aws_sns_topic_subscription')).toEqual(['topic_arn', 'protocol', 'endpoint']);
    expect(covered('aws_wafv2_web_acl_association')).toEqual(['resource_arn', 'web_acl_arn']);
    expect(covered('aws_vpc_endpoint')).toEqual(['vpc_id', 'service_name', 'vpc_endpoint_type']);
  });
});

describe('directEffects', () => {
  const nlb = (subnets: string[], securityGroups?: string[]) => ({ name: 'internal', load_balancer_type: 'network', subnets, security_groups: securityGroups });
  const alb = (subnets: string[]) => ({ name: 'public', load_balancer_type: 'application', subnets });

  test('GIVEN a subnet removed from an NLB THEN it is replaced', () => {
    expect(effects('aws_lb', nlb(['a', 'b']), nlb(['a']))).toEqual([['replace', 'subnets']]);
  });

  test('GIVEN a subnet added to an NLB, or removed from an ALB, THEN it is updated in place', () => {
    expect(effects('aws_lb', nlb(['a']), nlb(['a', 'b']))).toEqual([]);
    expect(effects('aws_lb', alb(['a', 'b']), alb(['a']))).toEqual([]);
  });

  test('GIVEN security groups given to an NLB created without them THEN it is replaced; changing them later is in place', () => {
    expect(effects('aws_lb', nlb(['a']), nlb(['a'], ['sg-1']))).toEqual([['replace', 'security_groups']]);
    expect(effects('aws_lb', nlb(['a'], ['sg-1']), nlb(['a'], ['sg-2']))).toEqual([]);
  });

  test('GIVEN a security group rule whose peer switches between a CIDR and a group THEN it is replaced; a new CIDR or group is in place', () => {
    const ingress = (peer: Record<string, string>) => ({ security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 443, to_port: 443, ...peer });
    expect(effects('aws_vpc_security_group_ingress_rule', ingress({ cidr_ipv4: '10.0.0.0/16' }), ingress({ referenced_security_group_id: 'sg-2' }))).toEqual([
      ['replace', 'referenced_security_group_id'],
    ]);
    expect(effects('aws_vpc_security_group_egress_rule', ingress({ referenced_security_group_id: 'sg-2' }), ingress({ cidr_ipv4: '10.0.0.0/16' }))).toEqual([['replace', 'cidr_ipv4']]);
    expect(effects('aws_vpc_security_group_ingress_rule', ingress({ cidr_ipv4: '10.0.0.0/16' }), ingress({ cidr_ipv4: '10.1.0.0/16' }))).toEqual([]);
    expect(effects('aws_vpc_security_group_ingress_rule', ingress({ referenced_security_group_id: 'sg-2' }), ingress({ referenced_security_group_id: 'sg-3' }))).toEqual([]);
  });

  test('GIVEN a changed launch template version THEN the node group rolls; a new template id replaces it', () => {
    const group = (id: string, version: string) => ({ node_group_name: 'system', launch_template: [{ id, version }] });
    expect(effects('aws_eks_node_group', group('lt-1', '1'), group('lt-1', '2'))).toEqual([['roll', 'launch_template.version']]);
    expect(effects('aws_eks_node_group', group('lt-1', '1'), group('lt-2', '1'))).toEqual([['replace', 'launch_template.id']]);
  });

  test('GIVEN the attribute in lifecycle.ignore_changes THEN Terraform ignores it and there is no effect', () => {
    const group = (capacity: string, ignore: unknown) => ({ capacity_type: capacity, instance_types: ['m5.large'], lifecycle: { ignore_changes: ignore } });
    expect(effects('aws_eks_node_group', group('ON_DEMAND', ['capacity_type']), group('SPOT', ['capacity_type']))).toEqual([]);
    expect(effects('aws_eks_node_group', group('ON_DEMAND', 'all'), group('SPOT', 'all'))).toEqual([]);
    expect(effects('aws_eks_node_group', group('ON_DEMAND', ['scaling_config[0].desired_size']), group('SPOT', ['scaling_config[0].desired_size']))).toEqual([['replace', 'capacity_type']]);
  });

  test('GIVEN create_before_destroy THEN the report says the new resource is created first', () => {
    const before = { capacity_type: 'ON_DEMAND', lifecycle: { create_before_destroy: true } };
    const after = { capacity_type: 'SPOT', lifecycle: { create_before_destroy: true } };
    const block = { mode: 'managed' as const, type: 'aws_eks_node_group', name: 'spot', address: 'aws_eks_node_group.spot', path: 'eks/spot', values: after };
    const changes = attributeChanges(before, after);
    const resource = { status: 'changed' as const, block, changes, effects: directEffects(block.type, before, after, changes) };
    const report = markdownReport(
      [{ stackId: 'dev-platform', environment: 'dev', status: 'changed', resources: [resource], renames: [], moves: [], settings: [], files: [], iamStatements: [], securityGroupRules: [] }],
      { baseLabel: 'a', headLabel: 'b' },
    );
    expect(report).toMatch(/⚠️ \*\*replaced\*\*: new one created before the old is destroyed \(`create_before_destroy`\): `capacity_type` changed\. The new group's nodes join first;/);
    expect(report).toMatch(/is replaced \(`capacity_type`\), new one first/);
    expect(report).not.toMatch(/destroyed, then created|before the new group has nodes/);
  });

  test('GIVEN a type without rules THEN there are no effects', () => {
    expect(effects('aws_sqs_queue', { name: 'a' }, { name: 'b' })).toEqual([]);
  });
});
