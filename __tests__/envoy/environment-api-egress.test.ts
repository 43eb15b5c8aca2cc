import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { renderProxies } from '../helpers/envoy-inputs';
import { testEnvironment } from '../helpers/environment-fixture';
import { exampleStacks } from '../helpers/example-synth';
import { TerraformJson } from '../helpers/terraform-json';

/**
 * A worker calling the API Gateway API of this environment by service name:
 * Envoy signs for execute-api and reaches it through the custom domain and the
 * API's base path; the task role may invoke exactly that API's stage.
 */
const [dev] = loadEnvironments(path.resolve(__dirname, '../../environments'), ['dev']);

describe('environment-api egress targets', () => {
  test('the worker gets a signing listener for the api service through the custom domain and base path', () => {
    const worker = renderProxies(dev).worker;
    expect(worker.ports.egress.orders).toMatchObject({ signingName: 'execute-api', host: 'api.dev.acme-example.com', region: 'eu-west-1' });
    expect(worker.json).toContain('"prefix_rewrite":"/api/"');
  });

  test("the worker's task role may invoke the api service's stage, by reference", () => {
    const { platform } = exampleStacks('dev');
    const stage = platform.resource('aws_api_gateway_stage', 'apigw/api-api/stage');
    const role = platform.resource('aws_iam_role_policy', 'ecs/service-worker/roles/task-policy');
    const invoke = platform.policyStatements(role.values.policy).find((s) => s.sid === 'SignedApiInvoke')!;
    expect(invoke.resources).toContain(`${TerraformJson.ref(stage, 'execution_arn')}/*/*`);
  });

  test('GIVEN a target naming a service without an API THEN the config names the key and the API services', () => {
    expect(() =>
      testEnvironment({
        services: {
          web: { image: 'public.ecr.aws/acme/web:1.0.0', ingress: 'alb', containerPort: 8080 },
          worker: { image: 'public.ecr.aws/acme/worker:1.0.0', ingress: 'none', egress: { orders: { type: 'environment-api', service: 'web' } } },
        },
      }),
    ).toThrow(/services\.worker\.egress\.orders\.service: expected a service with ingress: apigw \(none in this environment\), got web/);
  });
});
