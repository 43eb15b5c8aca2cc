import { certificateCovers, serviceHostname } from '../../lib/config/ecs-schema';
import { fargateMemoryValues } from '../../lib/ecs/fargate-sizes';
import { parseImageReference } from '../../lib/ecs/image-reference';
import { secretSource } from '../../lib/ecs/secret-reference';
import { configProblems } from '../helpers/config-problems';
import { testEnvironment } from '../helpers/environment-fixture';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
const web = { image: IMAGE, ingress: 'alb', containerPort: 8080 };
const worker = { image: IMAGE, ingress: 'none' };
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/db-AbC123';

describe('ECS configuration', () => {
  test('GIVEN a service with only its image THEN sizes, counts and switches take their defaults', () => {
    const config = testEnvironment({ services: { web } });
    expect(config.services.web).toMatchObject({
      cpu: 256,
      memory: 512,
      cpuArchitecture: 'X86_64',
      desiredCount: 1,
      user: '1000:1000',
      environment: {},
      secrets: {},
      exec: false,
      healthCheckGracePeriodSeconds: 60,
      stopTimeoutSeconds: 30,
      deregistrationDelaySeconds: 30,
    });
    expect(config.services.web.autoscaling).toBeUndefined();
    expect(config.ecs).toEqual({
      containerInsights: 'enhanced',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
      alb: { accessLogRetentionDays: 90, idleTimeoutSeconds: 60 },
    });
  });

  test('GIVEN no hostname THEN an alb service is published as <service>.<domain>', () => {
    const config = testEnvironment({ services: { web } });
    expect(serviceHostname('web', config.services.web, config.dns.domain)).toBe('web.test.acme-example.com');
  });

  test.each([
    ['one label under the domain', 'shop.test.acme-example.com', true],
    ['the apex', 'test.acme-example.com', true],
    ['two labels under the domain', 'a.shop.test.acme-example.com', false],
    ['another domain', 'shop.example.org', false],
  ])('GIVEN %s THEN covered by the edge certificate is %s', (_, hostname, covered) => {
    expect(certificateCovers(['test.acme-example.com', '*.test.acme-example.com'], hostname)).toBe(covered);
  });

  test.each([
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [8192, [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]],
    [300, []],
  ])('GIVEN cpu %d THEN Fargate accepts the memory values %j', (cpu, memory) => {
    expect(fargateMemoryValues(cpu)).toEqual(memory);
  });

  test.each([
    ['an ECR image with a tag', IMAGE, { repository: 'acme/web', tag: '1.2.3', ecr: { repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/acme/web' } }],
    ['a Docker Hub image with a digest', `envoyproxy/envoy@sha256:${'a'.repeat(64)}`, { repository: 'envoyproxy/envoy', digest: `sha256:${'a'.repeat(64)}`, ecr: undefined }],
    ['a registry with a port', 'registry.example.com:5000/team/app:2', { registry: 'registry.example.com:5000', repository: 'team/app', tag: '2' }],
  ])('GIVEN %s THEN it parses', (_, image, expected) => {
    expect(parseImageReference(image)).toMatchObject(expected);
  });

  test.each([
    ['a secret ARN', SECRET_ARN, { kind: 'secretsmanager', secretArn: SECRET_ARN }],
    ['a JSON key of a secret', `${SECRET_ARN}:password::`, { kind: 'secretsmanager', secretArn: SECRET_ARN }],
    ['a parameter ARN', 'arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/key', { kind: 'ssm', parameterArn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/key' }],
  ])('GIVEN %s THEN the execution role is granted the secret itself', (_, valueFrom, expected) => {
    expect(secretSource(valueFrom)).toEqual(expected);
  });

  test.each([
    ['an image on :latest', { services: { web: { ...web, image: 'acme/web:latest' } } }, /services\.web\.image: expected a pinned tag or digest, not :latest/],
    ['an image without tag', { services: { web: { ...web, image: 'acme/web' } } }, /services\.web\.image: expected an image pinned to a tag or a digest/],
    ['a CPU value Fargate lacks', { services: { web: { ...web, cpu: 300 } } }, /services\.web\.cpu: expected one of Fargate's CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384/],
    [
      'memory invalid for the CPU',
      { services: { web: { ...web, cpu: 256, memory: 4096 } } },
      /services\.web\.memory: expected one of Fargate's memory values for cpu 256: 512, 1024, 2048 \(MiB\), got 4096/,
    ],
    ['an unknown architecture', { services: { web: { ...web, cpuArchitecture: 'ARM' } } }, /services\.web\.cpuArchitecture: expected one of "X86_64", "ARM64"/],
    ['a root user', { services: { web: { ...web, user: '0:0' } } }, /services\.web\.user: expected a non-root user as uid\[:gid\]/],
    [
      'a minimum above the desired count',
      { services: { web: { ...web, desiredCount: 1, autoscaling: { minCount: 2, maxCount: 4 } } } },
      /services\.web\.autoscaling\.minCount: expected at most desiredCount \(1\), got 2/,
    ],
    [
      'a maximum below the desired count',
      { services: { web: { ...web, desiredCount: 5, autoscaling: { minCount: 1, maxCount: 4 } } } },
      /services\.web\.autoscaling\.maxCount: expected at least desiredCount \(5\), got 4/,
    ],
    [
      'request scaling without an ALB',
      { services: { worker: { ...worker, autoscaling: { minCount: 1, maxCount: 2, requestsPerTarget: 100 } } } },
      /services\.worker\.autoscaling\.requestsPerTarget: scaling on ALB requests per target needs ingress: alb, got none/,
    ],
    [
      'a secret-looking variable',
      { services: { web: { ...web, environment: { DB_PASSWORD: 'hunter2' } } } },
      /services\.web\.environment\.DB_PASSWORD: a plaintext secret \("DB_PASSWORD" names a credential and holds a literal value\): .*put the secret's ARN under services\.web\.secrets\.DB_PASSWORD instead/,
    ],
    [
      'a variable set twice',
      { services: { web: { ...web, environment: { DB_URL: 'x' }, secrets: { DB_URL: SECRET_ARN } } } },
      /services\.web\.environment\.DB_URL: DB_URL is also under services\.web\.secrets; set each variable once/,
    ],
    [
      "a variable in the sidecar's namespace",
      { services: { web: { ...web, environment: { ENVOY_EGRESS_X_URL: 'x' } } } },
      /services\.web\.environment\.ENVOY_EGRESS_X_URL: variables starting with ENVOY_EGRESS_ are set by the Envoy sidecar/,
    ],
    ['a secret by name', { services: { web: { ...web, secrets: { DB: 'acme/test/db' } } } }, /services\.web\.secrets\.DB: expected a Secrets Manager secret ARN with its 6-character suffix/],
    [
      'a secret ARN without suffix',
      { services: { web: { ...web, secrets: { DB: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' } } } },
      /services\.web\.secrets\.DB: expected a Secrets Manager secret ARN with its 6-character suffix/,
    ],
    [
      'a hostname on a private service',
      { services: { api: { ...web, ingress: 'apigw', hostname: 'api.test.acme-example.com' } } },
      /services\.api\.hostname: a public hostname needs ingress: alb, got apigw/,
    ],
    [
      'a hostname the certificate does not cover',
      { services: { web: { ...web, hostname: 'a.b.test.acme-example.com' } } },
      /services\.web\.hostname: a\.b\.test\.acme-example\.com is not covered by the edge certificate \(test\.acme-example\.com, \*\.test\.acme-example\.com\); expected one label under test\.acme-example\.com or a name in dns\.edgeCertificate\.additionalNames/,
    ],
    [
      'two services on one hostname',
      { services: { web, shop: { ...web, hostname: 'web.test.acme-example.com' } } },
      /services\.shop\.hostname: web\.test\.acme-example\.com is already the hostname of service web/,
    ],
    ['ECS Exec in production', { tier: 'production', services: { web: { ...web, exec: true } } }, /services\.web\.exec: ECS Exec is off in production \(tier: production\)/],
    [
      'a capacity provider listed twice',
      { ecs: { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }, { capacityProvider: 'FARGATE' }] } },
      /ecs\.capacityProviderStrategy\[1\]\.capacityProvider: FARGATE is already in the strategy; list each provider once/,
    ],
    [
      'two bases',
      {
        ecs: {
          capacityProviderStrategy: [
            { capacityProvider: 'FARGATE', base: 1 },
            { capacityProvider: 'FARGATE_SPOT', base: 1 },
          ],
        },
      },
      /ecs\.capacityProviderStrategy: expected a base on at most one capacity provider \(an ECS rule\), got FARGATE and FARGATE_SPOT/,
    ],
    [
      'no weight',
      { ecs: { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 0 }] } },
      /ecs\.capacityProviderStrategy: expected a weight above 0 on at least one capacity provider/,
    ],
    ["an ALB idle timeout above Envoy's", { ecs: { alb: { idleTimeoutSeconds: 400 } } }, /ecs\.alb\.idleTimeoutSeconds: expected less than envoy\.timeouts\.idleSeconds \(360\)/],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, changes, message) => {
    const problems = configProblems(changes as Record<string, any>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    for (const problem of problems) expect(problem).toMatch(/^environments\/bad\.yaml:\d+:\d+: /);
  });
});
