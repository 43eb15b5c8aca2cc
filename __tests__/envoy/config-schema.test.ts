import { DEFAULT_ENVOY_IMAGE } from '../../lib/config/envoy-schema';
import { configProblems } from '../helpers/config-problems';
import { testEnvironment } from '../helpers/environment-fixture';

const web = { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 };
const oauth2 = {
  authorizationEndpoint: 'https://login.example.com/authorize',
  tokenEndpoint: 'https://login.example.com/token',
  clientId: 'web',
  clientSecretName: 'acme/web/client',
  hmacSecretName: 'acme/web/hmac',
};

describe('services and envoy configuration', () => {
  test('GIVEN no services and no envoy section THEN the defaults are resolved once', () => {
    const config = testEnvironment();
    expect(config.services).toEqual({});
    expect(config.envoy).toEqual({
      image: DEFAULT_ENVOY_IMAGE,
      logLevel: 'info',
      ports: { ingress: 8443, admin: 9901, egressBase: 15001 },
      timeouts: { connectSeconds: 2, requestSeconds: 30, egressRequestSeconds: 120, idleSeconds: 360, healthCheckSeconds: 5 },
      circuitBreakers: { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 },
      listeners: { ingress: true, egress: true },
      tls: {},
      overrides: {},
    });
    expect(DEFAULT_ENVOY_IMAGE).toMatch(/^envoyproxy\/envoy:v1\.3\d\.\d+$/);
  });

  test('GIVEN a service with an oauth2 profile THEN scopes and paths default', () => {
    const config = testEnvironment({ services: { web: { ...web, oauth2 } } });
    expect(config.services.web).toMatchObject({
      ...web,
      healthPath: '/healthz',
      egress: {},
      oauth2: { ...oauth2, scopes: ['openid', 'email'], callbackPath: '/oauth2/callback', signoutPath: '/oauth2/signout', publicPathPrefixes: [] },
    });
  });

  test.each([
    ['a service without ingress', { services: { web: { containerPort: 8080 } } }, /services\.web\.ingress: required key is missing \(expected alb, apigw or none\)/],
    ['an unknown ingress', { services: { web: { ...web, ingress: 'nlb' } } }, /services\.web\.ingress: expected one of "alb", "apigw", "none", got string "nlb"/],
    ['ingress without the app port', { services: { web: { image: 'acme/app:1.0.0', ingress: 'apigw' } } }, /services\.web\.containerPort: expected the application's port because ingress is apigw/],
    ['a privileged app port', { services: { web: { ...web, containerPort: 80 } } }, /services\.web\.containerPort: expected a port of 1024 or above \(the containers run as non-root users\)/],
    [
      'oauth2 without an ALB',
      { services: { api: { image: 'acme/app:1.0.0', ingress: 'apigw', containerPort: 8080, oauth2 } } },
      /services\.api\.oauth2: oauth2 logs browsers in through the ALB, so it needs ingress: alb, got apigw/,
    ],
    [
      'an http token endpoint',
      { services: { web: { ...web, oauth2: { ...oauth2, tokenEndpoint: 'http://login.example.com/token' } } } },
      /services\.web\.oauth2\.tokenEndpoint: expected an https:\/\/ URL without query/,
    ],
    [
      'an unknown egress type',
      { services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { table: { type: 'dynamodb', table: 't' } } } } },
      /services\.worker\.egress\.table\.type: expected type: s3, execute-api or environment-api/,
    ],
    [
      'a bucket name with dots',
      { services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { files: { type: 's3', bucket: 'files.example.com' } } } } },
      /services\.worker\.egress\.files\.bucket: expected a bucket name without dots: files\.example\.com\.s3\.<region>\.amazonaws\.com does not match S3's TLS certificate/,
    ],
    [
      'an invalid API id',
      { services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { api: { type: 'execute-api', apiId: 'API', stage: 'v1' } } } } },
      /services\.worker\.egress\.api\.apiId: expected an API Gateway API id: 10 lowercase letters and digits/,
    ],
    [
      'an app on the admin port',
      { services: { web: { ...web, containerPort: 9901 } } },
      /services\.web\.containerPort: port 9901 is already used by the Envoy admin interface \(envoy\.ports\.admin\)/,
    ],
    ['an app on the TLS port', { services: { web: { ...web, containerPort: 8443 } } }, /services\.web\.containerPort: port 8443 is already used by the Envoy TLS listener \(envoy\.ports\.ingress\)/],
    [
      'two egress targets without port',
      { services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { alpha: { type: 's3', bucket: 'acme-a' }, beta: { type: 's3', bucket: 'acme-b' } } } } },
      /services\.worker\.egress\.beta: port 15001 \(envoy\.ports\.egressBase, the default\) is already used by egress target alpha; give egress target beta its own port$/,
    ],
    [
      'an explicit egress port on a derived one',
      { services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { alpha: { type: 's3', bucket: 'acme-a' }, beta: { type: 's3', bucket: 'acme-b', port: 15001 } } } } },
      /services\.worker\.egress\.beta\.port: port 15001 is already used by egress target alpha/,
    ],
    ['the TLS port on the admin port', { envoy: { ports: { ingress: 9901 } } }, /envoy\.ports\.ingress: port 9901 is already the admin port/],
    ['an unpinned image', { envoy: { image: 'envoyproxy/envoy:latest' } }, /envoy\.image: expected the stock image pinned to an exact release, such as envoyproxy\/envoy:v1\.38\.9/],
    ['another image', { envoy: { image: 'nginx:1.27.0' } }, /envoy\.image: expected the stock image pinned to an exact release/],
    ['an unknown log level', { envoy: { logLevel: 'verbose' } }, /envoy\.logLevel: expected one of "trace", "debug", "info", "warning", "error", "critical", "off", got string "verbose"/],
    ['a timeout below a millisecond', { envoy: { timeouts: { connectSeconds: 0.0005 } } }, /envoy\.timeouts\.connectSeconds: expected at most millisecond precision \(3 decimals\)/],
    ['a zero timeout', { envoy: { timeouts: { requestSeconds: 0 } } }, /envoy\.timeouts\.requestSeconds: expected more than 0 seconds/],
    ['a fractional circuit breaker', { envoy: { circuitBreakers: { maxRequests: 1.5 } } }, /envoy\.circuitBreakers\.maxRequests: expected a whole number of requests/],
    [
      'an override of an unknown template',
      { envoy: { overrides: { ingress: { x: 1 } } } },
      /envoy\.overrides\.ingress: unknown template "ingress"; expected one of: bootstrap, ingress-tls, local-ratelimit, oauth2, egress-sigv4/,
    ],
    ['an invalid TLS secret name', { envoy: { tls: { secretName: 'my secret' } } }, /envoy\.tls\.secretName: expected a Secrets Manager secret name/],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, changes, message) => {
    const problems = configProblems(changes as Record<string, any>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    for (const problem of problems) expect(problem).toMatch(/^environments\/bad\.yaml:\d+:\d+: /);
  });
});
