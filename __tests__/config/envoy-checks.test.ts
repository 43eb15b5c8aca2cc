import { configProblems } from '../helpers/config-problems';
import { testEnvironment } from '../helpers/environment-fixture';
import { renderProxies } from '../helpers/envoy-inputs';
import { ecsServices, ecsServicesWithOauth2 } from '../ecs/ecs-fixture';

describe('envoy.logLevel with an OAuth2 login', () => {
  test.each(['debug', 'trace'])('GIVEN %s and a service with OAuth2 THEN refused at envoy.logLevel, naming the service and the override', (logLevel) => {
    expect(configProblems({ services: ecsServicesWithOauth2(), envoy: { logLevel } })).toEqual([
      expect.stringMatching(
        new RegExp(
          `^environments/bad\\.yaml:\\d+:\\d+: envoy\\.logLevel: expected info or quieter: at ${logLevel} Envoy logs request headers, so the OAuth2 cookies and bearer tokens of web would reach CloudWatch; add envoy\\.verboseLogsReviewed: \\{ reason: … \\} if that was reviewed, got ${logLevel}$`,
        ),
      ),
    ]);
  });

  test('GIVEN debug with a reviewed reason THEN it loads and Envoy runs at debug', () => {
    const config = testEnvironment({ services: ecsServicesWithOauth2(), envoy: { logLevel: 'debug', verboseLogsReviewed: { reason: 'dev login against a throwaway Cognito pool, logs kept 1 day' } } });
    expect(renderProxies(config).web.command.slice(-2)).toEqual(['--log-level', 'debug']);
  });

  test('GIVEN a reason too short to be a review THEN refused at the reason', () => {
    expect(configProblems({ services: ecsServicesWithOauth2(), envoy: { logLevel: 'debug', verboseLogsReviewed: { reason: 'ok' } } })).toEqual([
      expect.stringMatching(/envoy\.verboseLogsReviewed\.reason: expected a written reason of at least 20 characters/),
    ]);
  });

  test('GIVEN debug and no service with OAuth2 THEN it loads', () => {
    expect(testEnvironment({ services: ecsServices(), envoy: { logLevel: 'debug' } }).envoy.logLevel).toBe('debug');
  });
});

describe('envoy.timeouts.idleSeconds behind the NLB', () => {
  test("GIVEN the default THEN it is above the NLB's 350 s (and the ALB's 60 s)", () => {
    expect(testEnvironment({ services: ecsServices() }).envoy.timeouts.idleSeconds).toBe(360);
  });

  test.each([300, 350])('GIVEN %s with an ingress: apigw service THEN refused, naming the API service', (idleSeconds) => {
    expect(configProblems({ services: ecsServices(), envoy: { timeouts: { idleSeconds } } })).toEqual([
      expect.stringMatching(
        new RegExp(
          `^environments/bad\\.yaml:\\d+:\\d+: envoy\\.timeouts\\.idleSeconds: expected more than the NLB's 350 s idle timeout in front of api \\(ingress: apigw\\), so the NLB, not Envoy, closes idle connections, got ${idleSeconds}$`,
        ),
      ),
    ]);
  });

  test('GIVEN 300 without an API service THEN it loads (only the ALB is in front)', () => {
    const { web, worker } = ecsServices();
    expect(testEnvironment({ services: { web, worker }, envoy: { timeouts: { idleSeconds: 300 } } }).envoy.timeouts.idleSeconds).toBe(300);
  });
});

describe('envoy.image minimum release', () => {
  test.each(['envoyproxy/envoy:v1.29.12', 'envoyproxy/envoy:v1.9.0'])('GIVEN %s THEN refused: the upstream signing filter needs 1.30', (image) => {
    expect(configProblems({ envoy: { image } })).toEqual([
      expect.stringMatching(
        new RegExp(
          `envoy\\.image: expected Envoy v1\\.30 or later: the egress listeners sign requests as an upstream filter of the cluster, which older releases do not support, got ${image.replace(/\./g, '\\.')}$`,
        ),
      ),
    ]);
  });

  test.each(['envoyproxy/envoy:v1.30.0', 'envoyproxy/envoy:v1.38.9', `envoyproxy/envoy:v1.100.1@sha256:${'a'.repeat(64)}`])('GIVEN %s THEN it loads', (image) => {
    expect(testEnvironment({ envoy: { image } }).envoy.image).toBe(image);
  });
});
