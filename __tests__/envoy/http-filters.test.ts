import { INGRESS_HTTP_FILTERS } from '../../lib/envoy/http-filters';
import { ENVOY_TEMPLATES } from '../../lib/envoy/template-names';
import { configProblems } from '../helpers/config-problems';
import { renderProxies } from '../helpers/envoy-inputs';
import { testEnvironment } from '../helpers/environment-fixture';

const OAUTH2 = {
  authorizationEndpoint: 'https://login.example.com/oauth2/authorize',
  tokenEndpoint: 'https://login.example.com/oauth2/token',
  clientId: 'web-client',
  clientSecretName: 'acme/test/web/client-secret',
  hmacSecretName: 'acme/test/web/hmac',
};
const web = (extra: Record<string, unknown>) => ({ web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080, ...extra } });
const proxyOf = (services: Record<string, unknown>) => renderProxies(testEnvironment({ services }))['web'];
const ingressFiltersOf = (bootstrap: any) => bootstrap.static_resources.listeners.find((l: any) => l.name === 'ingress_tls').filter_chains[0].filters[0].typed_config.http_filters as any[];

describe('the ingress HTTP filter registry', () => {
  test('GIVEN the registry THEN every entry names a template that exists, and positions are unique', () => {
    for (const filter of INGRESS_HTTP_FILTERS) expect(ENVOY_TEMPLATES).toContain(filter.template);
    expect(new Set(INGRESS_HTTP_FILTERS.map((f) => f.order)).size).toBe(INGRESS_HTTP_FILTERS.length);
  });

  test('GIVEN a service with rateLimit and oauth2 WHEN rendered THEN the chain is local_ratelimit, oauth2, router with the token bucket from the config', () => {
    const proxy = proxyOf(web({ oauth2: OAUTH2, rateLimit: { requestsPerSecond: 50, burst: 100 } }));
    const filters = ingressFiltersOf(proxy.bootstrap);
    expect(filters.map((f) => f.name)).toEqual(['envoy.filters.http.local_ratelimit', 'envoy.filters.http.oauth2', 'envoy.filters.http.router']);
    expect(filters[0].typed_config).toMatchObject({
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
      token_bucket: { max_tokens: 100, tokens_per_fill: 50, fill_interval: '1s' },
      filter_enforced: { default_value: { numerator: 100, denominator: 'HUNDRED' } },
    });
    expect(proxy.templates).toEqual(['bootstrap', 'ingress-tls', 'local-ratelimit', 'oauth2']);
    // The secrets come from the registry entries: oauth2's two, none for the rate limit.
    expect(proxy.secrets.map((s) => s.environmentVariable)).toEqual(['ENVOY_TLS_CERTIFICATE', 'ENVOY_TLS_PRIVATE_KEY', 'ENVOY_OAUTH2_CLIENT_SECRET', 'ENVOY_OAUTH2_HMAC_SECRET']);
  });

  test('GIVEN rateLimit without burst THEN the bucket holds one second of requests', () => {
    const filters = ingressFiltersOf(proxyOf(web({ rateLimit: { requestsPerSecond: 7 } })).bootstrap);
    expect(filters.map((f) => f.name)).toEqual(['envoy.filters.http.local_ratelimit', 'envoy.filters.http.router']);
    expect(filters[0].typed_config.token_bucket).toEqual({ max_tokens: 7, tokens_per_fill: 7, fill_interval: '1s' });
  });

  test('GIVEN no rateLimit THEN no rate limit filter is rendered', () => {
    expect(ingressFiltersOf(proxyOf(web({})).bootstrap).map((f) => f.name)).toEqual(['envoy.filters.http.router']);
  });

  test('GIVEN the enforced percent overridden THEN the filter enforces that share', () => {
    const config = testEnvironment({ services: web({ rateLimit: { requestsPerSecond: 5 } }), envoy: { overrides: { 'local-ratelimit': { enforcedPercent: 0 } } } });
    const filters = ingressFiltersOf(renderProxies(config)['web'].bootstrap);
    expect(filters[0].typed_config.filter_enforced.default_value.numerator).toBe(0);
  });

  test('GIVEN a rate limit of 0, an unknown key, or a rate limit without ingress THEN each is refused at its key', () => {
    expect(configProblems({ services: web({ rateLimit: { requestsPerSecond: 0 } }) })).toEqual([
      expect.stringMatching(/services\.web\.rateLimit\.requestsPerSecond: expected at least 1 request per second/),
    ]);
    expect(configProblems({ services: web({ rateLimit: { requestsPerSecond: 5, perMinute: 3 } }) })).toEqual([expect.stringMatching(/services\.web\.rateLimit\.perMinute: unknown key "perMinute"/)]);
    expect(
      configProblems({ services: { worker: { image: 'acme/app:1.0.0', ingress: 'none', rateLimit: { requestsPerSecond: 5 }, egress: { uploads: { type: 's3', bucket: 'acme-test-uploads' } } } } }),
    ).toEqual([expect.stringMatching(/services\.worker\.rateLimit: rateLimit limits the ingress listener, so it needs ingress: alb or apigw, got none$/)]);
  });
});
