import { uniqueNameInheritedCreateBeforeDestroy } from '../../lib/guardrails/rules/unique-name-inherited-create-before-destroy';
import { verdictsOf, type FixtureResource } from './stack-fixture';

/** An API deployment (create_before_destroy) -> VPC link -> NLB -> security group chain, as the API Gateway platform builds it. */
function chain(securityGroup: Record<string, any>, loadBalancer: Record<string, any> = {}): FixtureResource[] {
  return [
    { type: 'aws_api_gateway_deployment', name: 'deployment', values: { rest_api_id: 'abc', triggers: { link: '${aws_api_gateway_vpc_link.link.id}' }, lifecycle: { create_before_destroy: true } } },
    { type: 'aws_api_gateway_vpc_link', name: 'link', values: { name: 'acme-dev-apigw', target_arns: ['${aws_lb.nlb.arn}'] } },
    { type: 'aws_lb', name: 'nlb', values: { name: 'acme-dev-apigw', load_balancer_type: 'network', internal: true, security_groups: ['${aws_security_group.sg.id}'], ...loadBalancer } },
    { type: 'aws_security_group', name: 'sg', values: securityGroup },
  ];
}

describe('rule unique-name-inherited-create-before-destroy', () => {
  test('GIVEN a fixed security group name two references below a create_before_destroy deployment THEN non-compliant, naming the chain and the AWS error', () => {
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, chain({ name: 'acme-dev-apigw-nlb' }))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^sg: non-compliant \(fixed name "acme-dev-apigw-nlb" inherits create_before_destroy from aws_api_gateway_deployment deployment -> aws_api_gateway_vpc_link link -> aws_lb nlb -> aws_security_group sg: .*InvalidGroup\.Duplicate\); use name_prefix\)$/,
        ),
      ]),
    );
  });

  test('GIVEN the same chain with a name_prefix on the group THEN compliant', () => {
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, chain({ name_prefix: 'acme-dev-apigw-nlb-' }))).toEqual(['nlb: compliant', 'sg: compliant']);
  });

  test('GIVEN a dependency reached only through depends_on THEN it inherits too', () => {
    const resources: FixtureResource[] = [
      { type: 'aws_eks_node_group', name: 'spot', values: { node_group_name_prefix: 'spot-', depends_on: ['aws_iam_policy.extra'], lifecycle: { create_before_destroy: true } } },
      { type: 'aws_iam_policy', name: 'extra', values: { name: 'acme-dev-extra' } },
    ];
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, resources)).toEqual([expect.stringMatching(/^extra: non-compliant \(fixed name "acme-dev-extra" .*EntityAlreadyExists/)]);
  });

  test('GIVEN an internet-facing ALB below a create_before_destroy resource THEN the NLB allowance does not cover it', () => {
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, chain({ name_prefix: 'x-' }, { load_balancer_type: 'application', internal: false }))).toContainEqual(
      expect.stringMatching(/^nlb: non-compliant \(fixed name "acme-dev-apigw" .*DuplicateLoadBalancerName/),
    );
  });

  test.each([
    ['aws_eks_cluster', { name: 'acme-dev' }, 'compliant'],
    ['aws_iam_role', { name: 'acme-dev-eks-cluster' }, 'compliant'],
    ['aws_iam_role', { name: 'acme-dev-eks-cluster', path: '/platform/' }, 'non-compliant'],
    ['aws_cloudwatch_log_group', { name: '/aws/eks/acme-dev/cluster' }, 'compliant'],
    ['aws_cloudwatch_log_group', { name: '/aws/eks/acme-dev/cluster', log_group_class: 'INFREQUENT_ACCESS' }, 'non-compliant'],
  ])('GIVEN a %s %j below a create_before_destroy node group THEN %s', (type, values, status) => {
    const resources: FixtureResource[] = [
      { type: 'aws_eks_node_group', name: 'spot', values: { node_group_name_prefix: 'spot-', cluster_name: `\${${type}.dep.name}`, lifecycle: { create_before_destroy: true } } },
      { type, name: 'dep', values },
    ];
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, resources)).toEqual([expect.stringMatching(new RegExp(`^dep: ${status}`))]);
  });

  test('GIVEN a fixed name no create_before_destroy resource depends on THEN the rule does not apply', () => {
    expect(verdictsOf(uniqueNameInheritedCreateBeforeDestroy, [{ type: 'aws_security_group', name: 'sg', values: { name: 'acme-dev-db' } }])).toEqual([]);
  });
});
