import { apigwDeploymentTriggers } from '../../lib/guardrails/rules/apigw-deployment-triggers';
import { verdictsOf, type FixtureResource } from './stack-fixture';

const API = '${aws_api_gateway_rest_api.api.id}';
const resources = (triggers: Record<string, string> | undefined, otherApi = false): FixtureResource[] => [
  { type: 'aws_api_gateway_rest_api', name: 'api', values: {} },
  { type: 'aws_api_gateway_rest_api', name: 'other', values: {} },
  { type: 'aws_api_gateway_vpc_link', name: 'link', values: { target_arns: ['${aws_lb.nlb.arn}'] } },
  { type: 'aws_api_gateway_method', name: 'any', values: { rest_api_id: API, authorization: 'AWS_IAM' } },
  {
    type: 'aws_api_gateway_integration',
    name: 'any',
    values: { rest_api_id: otherApi ? '${aws_api_gateway_rest_api.other.id}' : API, connection_id: '${aws_api_gateway_vpc_link.link.id}', uri: 'https://api.internal.example.com/' },
  },
  { type: 'aws_api_gateway_deployment', name: 'd', values: { rest_api_id: API, triggers } },
];

describe('rule apigw-deployment-triggers', () => {
  test('GIVEN triggers hashing the routes and URIs only (the original bug) THEN the VPC link is named as missing', () => {
    const verdicts = verdictsOf(apigwDeploymentTriggers, resources({ routes: '${sha256(jsonencode(["ANY /", "AWS_IAM", "https://api.internal.example.com/"]))}' }));
    expect(verdicts).toEqual([
      'd: non-compliant (triggers do not change with aws_api_gateway_integration.any (connection_id): hash the resources themselves (sha256(jsonencode([resource, ...]))) or those attributes)',
    ]);
  });

  test('GIVEN triggers naming the VPC link id, the URI and the authorization attribute by attribute THEN compliant', () => {
    const triggers = { link: '${aws_api_gateway_vpc_link.link.id}', uri: '${aws_api_gateway_integration.any.uri}', auth: '${aws_api_gateway_method.any.authorization}' };
    expect(verdictsOf(apigwDeploymentTriggers, resources(triggers))).toEqual(['d: compliant']);
  });

  test('GIVEN no triggers THEN non-compliant', () => {
    expect(verdictsOf(apigwDeploymentTriggers, resources(undefined))).toEqual([
      expect.stringMatching(/non-compliant \(triggers do not change with aws_api_gateway_integration\.any \(connection_id, uri\)/),
    ]);
  });

  test("GIVEN an integration of another REST API THEN this deployment's triggers need not cover it", () => {
    expect(verdictsOf(apigwDeploymentTriggers, resources({ auth: '${aws_api_gateway_method.any.authorization}' }, true))).toEqual(['d: compliant']);
  });
});
