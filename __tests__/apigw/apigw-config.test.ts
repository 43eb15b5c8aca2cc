import { API_AUTHORIZATION_TYPES, apiDomainName, resolveApiServices } from '../../lib/config/apigw-schema';
import { testEnvironment } from '../helpers/environment-fixture';
import { apigwEnvironment } from './apigw-fixture';

/** `testEnvironment` throws a UserError whose message lists every `file:line:col: key: message`. */
const lines = (text: string) => new RegExp(`^test\\.yaml:\\d+:\\d+: ${text}`, 'm');

const reason = 'public health probe of a partner, no data behind it';
const suppressions = [
  { rule: 'apigw-method-authorized', resource: 'apigw/api-api/root-any', reason },
  { rule: 'apigw-method-authorized', resource: 'apigw/api-api/proxy-any', reason },
];

describe('apiGateway config section', () => {
  test('GIVEN one apigw service and no apiGateway section THEN every default is resolved from the service name and the zones', () => {
    const config = apigwEnvironment();
    expect(apiDomainName(config)).toBe('api.test.acme-example.com');
    expect(config.apiGateway.manageAccountCloudWatchRole).toBe(true);
    expect(resolveApiServices(config)).toEqual({
      api: {
        stageName: 'v1',
        basePath: 'api',
        hostName: 'api.internal.test.acme-example.com',
        certificateNames: ['api.internal.test.acme-example.com'],
        listenerPort: 443,
        authorization: 'AWS_IAM',
        throttling: { rateLimit: 500, burstLimit: 1000 },
        xrayTracing: false,
      },
    });
  });

  test('GIVEN two apigw services, the second with its own listener port THEN it gets that port and its own base path and host', () => {
    const config = apigwEnvironment({
      services: { web: { ingress: 'alb', containerPort: 8080 }, orders: { ingress: 'apigw', containerPort: 8080 } },
      apiGateway: { services: { orders: { listenerPort: 444 } } },
    });
    const services = resolveApiServices(config);
    expect(Object.keys(services)).toEqual(['api', 'orders']);
    expect(services.api.listenerPort).toBe(443);
    expect(services.orders).toEqual(expect.objectContaining({ listenerPort: 444, basePath: 'orders', hostName: 'orders.internal.test.acme-example.com' }));
  });

  test('GIVEN a second apigw service without listenerPort THEN its default port does not come from its position: loading fails naming both services', () => {
    expect(() => apigwEnvironment({ services: { orders: { ingress: 'apigw', containerPort: 8080 } } })).toThrow(
      lines('apiGateway\\.services\\.orders: NLB listener port 443 \\(apiGateway\\.nlb\\.defaultListenerPort, the default\\) is already used by api; give orders its own listenerPort$'),
    );
  });

  test('GIVEN a wildcard certificate and explicit settings THEN they are kept', () => {
    const explicit = {
      certificateNames: ['*.internal.test.acme-example.com'],
      listenerPort: 8443,
      basePath: 'v2/api',
      stageName: 'live',
      throttling: { rateLimit: 50, burstLimit: 100 },
      xrayTracing: true,
    };
    const config = apigwEnvironment({ apiGateway: { domain: { name: 'gateway.test.acme-example.com' }, services: { api: explicit } } });
    expect(apiDomainName(config)).toBe('gateway.test.acme-example.com');
    expect(resolveApiServices(config).api).toEqual({ ...explicit, hostName: 'api.internal.test.acme-example.com', authorization: 'AWS_IAM' });
  });

  test.each(API_AUTHORIZATION_TYPES)('GIVEN authorization %s with what it needs THEN it is accepted', (authorization) => {
    const changes =
      authorization === 'NONE'
        ? { apiGateway: { services: { api: { authorization, unauthenticatedReason: reason } } }, guardrails: { suppressions } }
        : { apiGateway: { services: { api: { authorization } } } };
    expect(resolveApiServices(apigwEnvironment(changes)).api.authorization).toBe(authorization);
  });

  test('GIVEN no private zone THEN the NLB name still defaults to internal.<domain> (API Gateway reaches it through the VPC link, not DNS)', () => {
    expect(resolveApiServices(apigwEnvironment({ dns: { privateZone: null } })).api.hostName).toBe('api.internal.test.acme-example.com');
  });

  test('GIVEN no apigw service THEN the section is optional and nothing is resolved', () => {
    expect(resolveApiServices(testEnvironment())).toEqual({});
  });

  test.each([
    [
      'a certificate that does not cover the integration host',
      { apiGateway: { services: { api: { certificateNames: ['orders.internal.test.acme-example.com'] } } } },
      lines(
        "apiGateway\\.services\\.api: integration host api\\.internal\\.test\\.acme-example\\.com is not covered by the NLB listener certificate's names \\(orders\\.internal\\.test\\.acme-example\\.com\\): API Gateway verifies that certificate against the host and would answer 500 to every call",
      ),
    ],
    [
      'a host outside the wildcard certificate',
      { apiGateway: { services: { api: { hostName: 'api.eu.internal.test.acme-example.com', certificateNames: ['*.internal.test.acme-example.com'] } } } },
      lines(
        "apiGateway\\.services\\.api\\.hostName: integration host api\\.eu\\.internal\\.test\\.acme-example\\.com is not covered by the NLB listener certificate's names \\(\\*\\.internal\\.test\\.acme-example\\.com\\)",
      ),
    ],
    [
      'a host outside the private zone',
      { apiGateway: { services: { api: { hostName: 'api.test.acme-example.com' } } } },
      lines("apiGateway\\.services\\.api\\.hostName: the NLB's name gets an alias in the private zone: api\\.test\\.acme-example\\.com is outside the zone internal\\.test\\.acme-example\\.com"),
    ],
    [
      'a certificate name outside dns.domain',
      { apiGateway: { services: { api: { certificateNames: ['api.internal.test.acme-example.com', 'api.other.com'] } } } },
      lines('apiGateway\\.services\\.api\\.certificateNames\\[1\\]: api\\.other\\.com is outside the zone test\\.acme-example\\.com'),
    ],
    [
      'settings for a service that is not apigw',
      { services: { web: { ingress: 'alb', containerPort: 8080 } }, apiGateway: { services: { web: {} } } },
      lines('apiGateway\\.services\\.web: expected the name of a service with ingress: apigw \\(api\\), got web \\(ingress: alb\\)$'),
    ],
    [
      'settings for an unknown service',
      { apiGateway: { services: { billing: {} } } },
      lines('apiGateway\\.services\\.billing: expected the name of a service with ingress: apigw \\(api\\), got billing \\(not in services\\)$'),
    ],
    [
      'authorization NONE without a reason',
      { apiGateway: { services: { api: { authorization: 'NONE' } } }, guardrails: { suppressions } },
      lines('apiGateway\\.services\\.api\\.unauthenticatedReason: expected a written reason because authorization is NONE'),
    ],
    [
      'authorization NONE without the guardrail suppressions',
      { apiGateway: { services: { api: { authorization: 'NONE', unauthenticatedReason: reason } } } },
      lines(
        'apiGateway\\.services\\.api\\.authorization: authorization NONE also needs guardrails\\.suppressions of rule apigw-method-authorized for apigw/api-api/root-any and apigw/api-api/proxy-any$',
      ),
    ],
    [
      'a reason with AWS_IAM',
      { apiGateway: { services: { api: { unauthenticatedReason: reason } } } },
      lines('apiGateway\\.services\\.api\\.unauthenticatedReason: expected no reason because authorization is AWS_IAM$'),
    ],
    [
      'a short reason',
      { apiGateway: { services: { api: { authorization: 'NONE', unauthenticatedReason: 'because' } } }, guardrails: { suppressions } },
      lines('apiGateway\\.services\\.api\\.unauthenticatedReason: expected a written reason of at least 20 characters$'),
    ],
    [
      'an unknown authorization',
      { apiGateway: { services: { api: { authorization: 'COGNITO_USER_POOLS' } } } },
      lines('apiGateway\\.services\\.api\\.authorization: expected one of "AWS_IAM", "NONE", got string "COGNITO_USER_POOLS"$'),
    ],
    [
      'two services on one listener port',
      { services: { orders: { ingress: 'apigw', containerPort: 8080 } }, apiGateway: { services: { orders: { listenerPort: 443 } } } },
      lines('apiGateway\\.services\\.orders\\.listenerPort: NLB listener port 443 is already used by api; give orders its own listenerPort$'),
    ],
    [
      'two services on one base path',
      { services: { orders: { ingress: 'apigw', containerPort: 8080 } }, apiGateway: { services: { orders: { basePath: 'api' } } } },
      lines('apiGateway\\.services\\.orders\\.basePath: base path api of the custom domain is already mapped to api$'),
    ],
    [
      'a base path with a leading slash',
      { apiGateway: { services: { api: { basePath: '/api' } } } },
      lines('apiGateway\\.services\\.api\\.basePath: expected a base path without leading or trailing slash, such as orders or v2/orders$'),
    ],
    [
      'a custom domain outside dns.domain',
      { apiGateway: { domain: { name: 'api.example.org' } } },
      lines('apiGateway\\.domain\\.name: api\\.example\\.org is outside the zone test\\.acme-example\\.com'),
    ],
    [
      'a zero throttling rate',
      { apiGateway: { services: { api: { throttling: { rateLimit: 0 } } } } },
      lines('apiGateway\\.services\\.api\\.throttling\\.rateLimit: expected a positive number of requests per second$'),
    ],
    [
      'an unknown key',
      { apiGateway: { stage: 'v1' } },
      lines('apiGateway\\.stage: unknown key "stage"; expected one of: domain, manageAccountCloudWatchRole, executeApiEndpoint, accessLogs, nlb, services$'),
    ],
  ])('GIVEN %s THEN loading fails at that key', (_what, changes, expected) => {
    expect(() => apigwEnvironment(changes)).toThrow(expected);
  });
});
