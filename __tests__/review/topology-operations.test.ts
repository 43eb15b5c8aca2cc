import { buildTopology } from '../../tools/topology/topology';
import { ecsEnvironment, platformOf } from '../ecs/ecs-fixture';

describe('topology of the operations resources', () => {
  const topology = buildTopology(platformOf(ecsEnvironment({ tier: 'production', vpcEndpoints: { interface: ['ecr-api', 'logs'] } })).json as any);

  test('the web ACL is a node with its rules, and filters the ALB and the API (by stage), found through its associations', () => {
    const acl = topology.nodes.find((node) => node.label[0] === 'web ACL acme-test-edge')!;
    expect(acl.label.slice(1)).toEqual(['rate limit 2000 per IP / 5 min', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']);
    const filtered = topology.edges.filter((edge) => edge.from === acl.id).map((edge) => [topology.nodes.find((node) => node.id === edge.to)!.label[0], edge.label, edge.dotted]);
    expect(filtered.sort()).toEqual([
      ['ALB acme-test-edge', 'filters', true],
      ['API Gateway acme-test-api', 'filters stage v1', true],
    ]);
  });

  test('the VPC summary lists its endpoints, the S3 gateway marked', () => {
    const summary = topology.nodes.find((node) => node.id.endsWith('_summary'))!;
    expect(summary.label).toContain('VPC endpoints: s3 (gateway), ecr.api, logs');
  });
});
