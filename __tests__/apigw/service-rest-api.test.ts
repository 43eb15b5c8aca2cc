import { ServiceRestApi, type ServiceRestApiProps } from '../../lib/apigw/service-rest-api';
import { policyDocument } from '../../lib/iam/policy-document';
import { synthScope } from '../dns/dns-test-helpers';
import { TerraformJson } from '../helpers/terraform-json';
import { apigwEnvironment } from './apigw-fixture';
import { environmentStacks } from '../helpers/envoy-inputs';
import { TerraformOutput, Testing } from 'cdktf';
import { testingApp } from '../helpers/scratch';

const props: ServiceRestApiProps = {
  namePrefix: 'acme-test',
  serviceName: 'api',
  vpcLink: { id: 'vpclink-id', targetArns: ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/acme-test-apigw/0123456789abcdef'] },
  backend: { hostName: 'api.internal.example.com', listenerPort: 443, certificateNames: ['api.internal.example.com'] },
  logKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  logRetentionDays: 30,
  authorization: 'AWS_IAM',
  stageName: 'v1',
  throttling: { rateLimit: 500, burstLimit: 1000 },
  xrayTracing: false,
  executeApiEndpoint: 'enabled',
};

describe('ServiceRestApi', () => {
  test('GIVEN a backend whose certificate does not cover its host THEN construction fails naming the host and the certificate names', () => {
    expect(() =>
      synthScope((stack) => {
        new ServiceRestApi(stack, 'api', { ...props, backend: { ...props.backend, certificateNames: ['*.other.example.com'] } });
      }),
    ).toThrow(/^ServiceRestApi test\/api: backend: integration host api\.internal\.example\.com is not covered by the NLB listener certificate's names \(\*\.other\.example\.com\)/);
  });

  test('GIVEN a wildcard certificate covering the host THEN the integration calls the host on the listener port', () => {
    const terraform = synthScope((stack) => {
      new ServiceRestApi(stack, 'api', { ...props, backend: { ...props.backend, listenerPort: 8443, certificateNames: ['*.internal.example.com'] } });
    });
    expect(terraform.resource('aws_api_gateway_integration', 'api/proxy-any-integration').values.uri).toBe('https://api.internal.example.com:8443/{proxy}');
  });

  test('GIVEN the backend port changes THEN the URI changes in an integration the deployment trigger hashes whole', () => {
    const synth = (backend: ServiceRestApiProps['backend']) => synthScope((stack) => new ServiceRestApi(stack, 'api', { ...props, backend }));
    const moved = synth({ ...props.backend, listenerPort: 444 });
    const integration = moved.resource('aws_api_gateway_integration', 'api/proxy-any-integration');
    expect(integration.values.uri).toBe('https://api.internal.example.com:444/{proxy}');
    expect(moved.only('aws_api_gateway_deployment').values.triggers.definition).toContain(`${integration.address}]`);
  });

  test('GIVEN a VPC link THEN its id and target NLB are hashed into the deployment trigger', () => {
    const terraform = synthScope((stack) => new ServiceRestApi(stack, 'api', props));
    expect(terraform.only('aws_api_gateway_deployment').values.triggers.vpcLink).toBe(`\${sha256(jsonencode(["vpclink-id", ["${props.vpcLink.targetArns[0]}"]]))}`);
  });

  test("GIVEN executeApiEndpoint THEN the default execute-api endpoint follows it (the environment default, disabled, is apigw-platform.test.ts's)", () => {
    const endpointDisabled = (executeApiEndpoint: ServiceRestApiProps['executeApiEndpoint']) =>
      synthScope((stack) => new ServiceRestApi(stack, 'api', { ...props, executeApiEndpoint, customDomain: { domainName: 'api.example.com', basePath: 'api' } })).only('aws_api_gateway_rest_api')
        .values.disable_execute_api_endpoint;
    expect(endpointDisabled('enabled')).toBe(false);
    expect(endpointDisabled('disabled')).toBe(true);
  });

  test('GIVEN executeApiEndpoint disabled without a custom domain THEN construction fails: the API would be unreachable', () => {
    expect(() => synthScope((stack) => new ServiceRestApi(stack, 'api', { ...props, executeApiEndpoint: 'disabled' }))).toThrow(
      /^ServiceRestApi test\/api: executeApiEndpoint: expected enabled without a customDomain, got disabled/,
    );
  });

  test('GIVEN a caller THEN invokeStatement grants execute-api:Invoke on every method and path of the stage only', () => {
    const terraform = synthScope((stack) => {
      const api = new ServiceRestApi(stack, 'api', props);
      policyDocument(stack, 'caller', [api.invokeStatement()]);
    });
    const stage = terraform.only('aws_api_gateway_stage');
    const [statement] = terraform.dataSource('aws_iam_policy_document', 'caller').values.statement;
    expect(statement).toEqual(expect.objectContaining({ effect: 'Allow', actions: ['execute-api:Invoke'], resources: [`${TerraformJson.ref(stage, 'execution_arn')}/*/*`] }));
  });
});

describe('ApiGatewayPlatform.targetFor', () => {
  test('GIVEN the apigw service THEN it returns its target group and the NLB security group', () => {
    const { platform } = environmentStacks(testingApp(), apigwEnvironment());
    new TerraformOutput(platform, 'api-target', { value: platform.apiGateway!.targetFor('api') });
    const terraform = new TerraformJson(Testing.synth(platform));
    const { targetGroupArn, sourceSecurityGroupId } = terraform.json.output['api-target'].value;
    // Testing.synth drops construct paths; the Terraform names still carry them.
    expect(terraform.follow(targetGroupArn)).toEqual({ entry: expect.objectContaining({ name: expect.stringMatching(/^apigw_listener-api_target-group_/) }), attribute: 'arn' });
    expect(terraform.follow(sourceSecurityGroupId)).toEqual({ entry: expect.objectContaining({ name: expect.stringMatching(/^apigw_nlb_security-group_/) }), attribute: 'id' });
    expect(terraform.count('aws_lb_target_group')).toBe(1);
  });

  test('GIVEN a service that is not apigw THEN targetFor names the apigw services', () => {
    const { platform } = environmentStacks(testingApp(), apigwEnvironment({ services: { web: { ingress: 'alb', containerPort: 8080 } } }));
    expect(() => platform.apiGateway!.targetFor('web')).toThrow(/targetFor: web is not an apigw service \(apigw services: api\)$/);
  });
});
