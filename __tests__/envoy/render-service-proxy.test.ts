import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { validateEnvoyConfig } from '../../lib/envoy/api/validate-envoy-config';
import { proxyTemplates, renderServiceProxy } from '../../lib/envoy/render-service-proxy';
import { SECRET_VARIABLES } from '../../lib/envoy/secret-variables';
import { ENVOY_INPUTS, renderProxies } from '../helpers/envoy-inputs';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';
import { UserError, invalidProps } from '../../lib/util/user-error';

const environments = loadEnvironments(path.join(__dirname, '..', '..', 'environments'));

/** The three example services of the issue: web (ALB, OAuth2 login), api (API Gateway), worker (signing proxy). */
const SERVICES = {
  web: {
    image: 'acme/app:1.0.0',
    ingress: 'alb',
    containerPort: 8080,
    oauth2: {
      authorizationEndpoint: 'https://login.example.com/oauth2/authorize',
      tokenEndpoint: 'https://login.example.com/oauth2/token',
      clientId: 'web-client',
      clientSecretName: 'acme/test/web/client-secret',
      hmacSecretName: 'acme/test/web/hmac',
    },
  },
  api: { image: 'acme/app:1.0.0', ingress: 'apigw', containerPort: 9000, healthPath: '/status' },
  worker: {
    image: 'acme/app:1.0.0',
    ingress: 'none',
    egress: {
      uploads: { type: 's3', bucket: 'acme-test-uploads' },
      archive: { type: 's3', bucket: 'acme-test-archive', region: 'eu-central-1', port: 16000 },
      billing: { type: 'execute-api', apiId: 'a1b2c3d4e5', stage: 'v1', port: 15003 },
    },
  },
};

/** A test environment with the example services, `services` entries replaced and `envoy` settings added. */
function withServices(changes: { services?: Record<string, any>; envoy?: Record<string, any> } = {}) {
  return testEnvironment({ services: { ...SERVICES, ...changes.services }, ...(changes.envoy ? { envoy: changes.envoy } : {}) });
}

const bootstrapOf = (config: ReturnType<typeof withServices>, service: string) => renderProxies(config)[service].bootstrap as Record<string, any>;
const listener = (bootstrap: Record<string, any>, name: string) => bootstrap.static_resources.listeners.find((l: any) => l.name === name);
const cluster = (bootstrap: Record<string, any>, name: string) => bootstrap.static_resources.clusters.find((c: any) => c.name === name);
const hcmOf = (l: any) => l.filter_chains[0].filters[0].typed_config;
const upstreamFiltersOf = (c: any) => c.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].http_filters;

describe('renderServiceProxy', () => {
  test.each(environments.map((config) => [config.name, config] as const))('GIVEN the %s environment THEN every sidecar config passes the validator', (_, config) => {
    const proxies = renderProxies(config);
    expect(Object.keys(proxies).sort()).toEqual(['api', 'web', 'worker']);
    for (const proxy of Object.values(proxies)) {
      expect(validateEnvoyConfig(proxy.bootstrap, ENVOY_INPUTS.api)).toEqual([]);
      expect(validateEnvoyConfig(parse(proxy.yaml), ENVOY_INPUTS.api)).toEqual([]);
      expect(JSON.parse(proxy.json)).toEqual(proxy.bootstrap);
    }
  });

  test.each(environments.map((config) => [config.name, config] as const))(
    'GIVEN the %s environment THEN each task definition command stays far below the 64 KiB task definition limit',
    (_, config) => {
      for (const proxy of Object.values(renderProxies(config))) {
        expect(proxy.commandBytes).toBeLessThan(20 * 1024);
        expect(proxy.command).toEqual(['--config-yaml', proxy.json, '--log-level', config.envoy.logLevel]);
      }
    },
  );

  describe('egress-sigv4 (worker)', () => {
    const config = withServices();
    const proxy = renderProxies(config).worker;

    test('GIVEN three egress targets THEN there is one listener per target, on 127.0.0.1, and its cluster signs with the right service name and region', () => {
      expect(proxy.templates).toEqual(['bootstrap', 'egress-sigv4']);
      const expected = [
        ['egress_uploads', 15001, 's3', 'eu-west-1', 'acme-test-uploads.s3.eu-west-1.amazonaws.com', true],
        ['egress_archive', 16000, 's3', 'eu-central-1', 'acme-test-archive.s3.eu-central-1.amazonaws.com', true],
        ['egress_billing', 15003, 'execute-api', 'eu-west-1', 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', false],
      ] as const;
      expect(proxy.bootstrap.static_resources).toMatchObject({ listeners: expect.any(Array) });
      const listeners = (proxy.bootstrap as any).static_resources.listeners;
      expect(listeners.map((l: any) => l.name)).toEqual(expected.map(([name]) => name));
      for (const [name, port, service, region, host, unsigned] of expected) {
        const l = listener(proxy.bootstrap, name);
        expect(l.address.socket_address).toEqual({ address: '127.0.0.1', port_value: port });
        expect(hcmOf(l).route_config.virtual_hosts[0].routes[0].route).toMatchObject({ cluster: name, host_rewrite_literal: host });
        const [signing, codec] = upstreamFiltersOf(cluster(proxy.bootstrap, name));
        expect(signing.name).toBe('envoy.filters.http.aws_request_signing');
        expect(signing.typed_config).toEqual({
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.aws_request_signing.v3.AwsRequestSigning',
          service_name: service,
          region,
          use_unsigned_payload: unsigned,
          match_excluded_headers: [{ prefix: 'x-envoy' }, { exact: 'x-request-id' }],
        });
        expect(codec.typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec');
      }
    });

    test('GIVEN an API Gateway target THEN the stage prefixes every path, so the app calls paths without it', () => {
      const route = hcmOf(listener(proxy.bootstrap, 'egress_billing')).route_config.virtual_hosts[0].routes[0];
      expect(route).toMatchObject({ match: { prefix: '/' }, route: { prefix_rewrite: '/v1/', timeout: '120s' } });
    });

    // Envoy is not available here; what makes the signature cover the forwarded path is where the
    // signer sits: the router rewrites path and host, then runs the cluster's upstream filters.
    test.each(['egress_uploads', 'egress_archive', 'egress_billing'])("GIVEN %s THEN the signer runs after the rewrites: only in the cluster's upstream filters, none in the listener", (name) => {
      const hcm = hcmOf(listener(proxy.bootstrap, name));
      expect(hcm.http_filters.map((f: any) => f.name)).toEqual(['envoy.filters.http.router']);
      expect(JSON.stringify(hcm)).not.toContain('aws_request_signing');
      const options = cluster(proxy.bootstrap, name).typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'];
      expect(options).toMatchObject({ explicit_http_config: { http_protocol_options: {} } });
      expect(options.http_filters.map((f: any) => f.name)).toEqual(['envoy.filters.http.aws_request_signing', 'envoy.filters.http.upstream_codec']);
    });

    test('GIVEN a signer moved back into the listener (the old template) THEN the bundle is refused because the route rewrites after signing', () => {
      const bootstrap = structuredClone(proxy.bootstrap) as Record<string, any>;
      const hcm = hcmOf(listener(bootstrap, 'egress_billing'));
      const c = cluster(bootstrap, 'egress_billing');
      hcm.http_filters.unshift(upstreamFiltersOf(c)[0]);
      delete c.typed_extension_protocol_options;
      const at = (field: string) => ['static_resources', 'listeners', 2, 'filter_chains', 0, 'filters', 0, 'typed_config', 'route_config', 'virtual_hosts', 0, 'routes', 0, 'route', field];
      expect(validateEnvoyConfig(bootstrap, ENVOY_INPUTS.api)).toEqual([
        { path: at('prefix_rewrite'), message: expect.stringContaining('403 SignatureDoesNotMatch') },
        { path: at('host_rewrite_literal'), message: expect.stringContaining('403 SignatureDoesNotMatch') },
      ]);
    });

    test('GIVEN no override THEN signed bodies are limited to 1 MiB, explicitly, on every egress listener (the signer buffers against it)', () => {
      for (const l of (proxy.bootstrap as any).static_resources.listeners) expect(l.per_connection_buffer_limit_bytes).toBe(1048576);
    });

    test('each target cluster resolves DNS and verifies TLS: SNI, system CA bundle and the host name', () => {
      const c = cluster(proxy.bootstrap, 'egress_uploads');
      expect(c).toMatchObject({ type: 'LOGICAL_DNS', connect_timeout: '2s', respect_dns_ttl: true });
      expect(c.circuit_breakers.thresholds).toEqual([{ max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 }]);
      expect(c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
        address: 'acme-test-uploads.s3.eu-west-1.amazonaws.com',
        port_value: 443,
      });
      expect(c.transport_socket.typed_config).toEqual({
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        sni: 'acme-test-uploads.s3.eu-west-1.amazonaws.com',
        common_tls_context: {
          tls_params: { tls_minimum_protocol_version: 'TLSv1_2' },
          validation_context: {
            trusted_ca: { filename: '/etc/ssl/certs/ca-certificates.crt' },
            match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: 'acme-test-uploads.s3.eu-west-1.amazonaws.com' } }],
          },
        },
      });
    });

    test('the ports API gives the app a URL per target and the ECS issue the admin port; no ingress, no secrets', () => {
      expect(proxy.ports.ingress).toBeUndefined();
      expect(proxy.ports.admin).toEqual({ address: '127.0.0.1', port: 9901, readinessPath: '/ready' });
      expect(proxy.ports.egress).toEqual({
        uploads: { port: 15001, url: 'http://127.0.0.1:15001', signingName: 's3', region: 'eu-west-1', host: 'acme-test-uploads.s3.eu-west-1.amazonaws.com' },
        archive: { port: 16000, url: 'http://127.0.0.1:16000', signingName: 's3', region: 'eu-central-1', host: 'acme-test-archive.s3.eu-central-1.amazonaws.com' },
        billing: { port: 15003, url: 'http://127.0.0.1:15003', signingName: 'execute-api', region: 'eu-west-1', host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' },
      });
      expect(proxy.secrets).toEqual([]);
    });
  });

  describe('ingress-tls', () => {
    const config = withServices();
    const api = renderProxies(config).api;
    const ingress = listener(api.bootstrap, 'ingress_tls');

    test('GIVEN apigw ingress THEN TLS is terminated with TLS 1.2+, modern ciphers and the key read from environment variables', () => {
      expect(api.templates).toEqual(['bootstrap', 'ingress-tls']);
      expect(ingress.address.socket_address).toEqual({ address: '0.0.0.0', port_value: 8443 });
      const tls = ingress.filter_chains[0].transport_socket.typed_config;
      expect(tls['@type']).toBe('type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
      expect(tls.common_tls_context.tls_params.tls_minimum_protocol_version).toBe('TLSv1_2');
      expect(tls.common_tls_context.tls_params.cipher_suites.every((suite: string) => /^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/.test(suite))).toBe(true);
      expect(tls.common_tls_context.tls_certificates).toEqual([
        { certificate_chain: { environment_variable: 'ENVOY_TLS_CERTIFICATE' }, private_key: { environment_variable: 'ENVOY_TLS_PRIVATE_KEY' } },
      ]);
      expect(api.json).not.toMatch(/BEGIN (CERTIFICATE|PRIVATE KEY)|inline_string|inline_bytes/);
    });

    test('the health path is routed to the app health path, the rest to the app, on localhost', () => {
      const routes = hcmOf(ingress).route_config.virtual_hosts[0].routes;
      expect(routes).toEqual([
        { match: { path: '/status' }, route: { cluster: 'local_app', timeout: '5s' } },
        { match: { prefix: '/' }, route: { cluster: 'local_app', timeout: '30s' } },
      ]);
      expect(cluster(api.bootstrap, 'local_app').load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
        address: '127.0.0.1',
        port_value: 9000,
      });
    });

    test('admin listens on 127.0.0.1 only, and access logs are JSON lines on stdout', () => {
      expect(api.bootstrap.admin).toEqual({ address: { socket_address: { address: '127.0.0.1', port_value: 9901 } } });
      const [accessLog] = hcmOf(ingress).access_log;
      expect(accessLog.typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog');
      expect(accessLog.typed_config.log_format.json_format).toMatchObject({ response_code: '%RESPONSE_CODE%', path: '%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%' });
    });

    test('the ports API gives the target group port and health path, and the secrets to inject', () => {
      expect(api.ports.ingress).toEqual({ port: 8443, kind: 'apigw', healthPath: '/status' });
      expect(api.secrets).toEqual([
        { environmentVariable: SECRET_VARIABLES.tlsCertificate, secretName: 'acme/test/envoy-tls', jsonKey: 'certificate' },
        { environmentVariable: SECRET_VARIABLES.tlsPrivateKey, secretName: 'acme/test/envoy-tls', jsonKey: 'privateKey' },
      ]);
    });
  });

  describe('oauth2 (web)', () => {
    const web = renderProxies(withServices()).web;
    const filters = hcmOf(listener(web.bootstrap, 'ingress_tls')).http_filters;

    test('GIVEN an oauth2 profile THEN the filter runs before the router with explicit scopes, and health checks pass through', () => {
      expect(web.templates).toEqual(['bootstrap', 'ingress-tls', 'oauth2']);
      expect(filters.map((f: any) => f.name)).toEqual(['envoy.filters.http.oauth2', 'envoy.filters.http.router']);
      const oauth = filters[0].typed_config.config;
      expect(oauth.auth_scopes).toEqual(['openid', 'email']);
      expect(oauth.pass_through_matcher).toEqual([{ name: ':path', string_match: { exact: '/healthz' } }]);
      expect(oauth.token_endpoint).toEqual({ cluster: 'oauth2_idp', uri: 'https://login.example.com/oauth2/token', timeout: '5s' });
      expect(oauth.redirect_uri).toBe('https://%REQ(:authority)%/oauth2/callback');
    });

    test('the client secret and HMAC key are SDS secrets read from environment variables filled by ECS', () => {
      const oauth = filters[0].typed_config.config;
      expect(oauth.credentials).toEqual({ client_id: 'web-client', token_secret: { name: 'oauth2_client_secret' }, hmac_secret: { name: 'oauth2_hmac_secret' } });
      expect(web.bootstrap.static_resources).toMatchObject({
        secrets: [
          { name: 'oauth2_client_secret', generic_secret: { secret: { environment_variable: 'ENVOY_OAUTH2_CLIENT_SECRET' } } },
          { name: 'oauth2_hmac_secret', generic_secret: { secret: { environment_variable: 'ENVOY_OAUTH2_HMAC_SECRET' } } },
        ],
      });
      expect(web.secrets.slice(2)).toEqual([
        { environmentVariable: 'ENVOY_OAUTH2_CLIENT_SECRET', secretName: 'acme/test/web/client-secret' },
        { environmentVariable: 'ENVOY_OAUTH2_HMAC_SECRET', secretName: 'acme/test/web/hmac' },
      ]);
      expect(cluster(web.bootstrap, 'oauth2_idp').transport_socket.typed_config.sni).toBe('login.example.com');
    });
  });

  describe('environment settings', () => {
    test('GIVEN template overrides THEN the rendered values change', () => {
      const config = withServices({ envoy: { overrides: { bootstrap: { maxDownstreamConnections: 1000 }, 'egress-sigv4': { numRetries: 5 } } } });
      const worker = bootstrapOf(config, 'worker');
      expect(worker.overload_manager.resource_monitors[0].typed_config.max_active_downstream_connections).toBe(1000);
      expect(hcmOf(worker.static_resources.listeners[0]).route_config.virtual_hosts[0].routes[0].route.retry_policy.num_retries).toBe(5);
    });

    test('GIVEN a larger signed body limit THEN every egress listener buffers up to it, and a non-number is refused', () => {
      const worker = bootstrapOf(withServices({ envoy: { overrides: { 'egress-sigv4': { signedBodyLimitBytes: 8388608 } } } }), 'worker');
      expect(worker.static_resources.listeners.map((l: any) => l.per_connection_buffer_limit_bytes)).toEqual([8388608, 8388608, 8388608]);
      expect(() => bootstrapOf(withServices({ envoy: { overrides: { 'egress-sigv4': { signedBodyLimitBytes: '8MiB' } } } }), 'worker')).toThrow(
        /envoy\.overrides\.egress-sigv4\.signedBodyLimitBytes: expected a number like the template's default 1048576, got "8MiB"/,
      );
    });

    test('GIVEN timeouts and circuit breakers THEN they are rendered as durations and thresholds', () => {
      const config = withServices({ envoy: { timeouts: { connectSeconds: 0.25, requestSeconds: 45 }, circuitBreakers: { maxRequests: 64 } } });
      const api = bootstrapOf(config, 'api');
      expect(cluster(api, 'local_app')).toMatchObject({ connect_timeout: '0.25s', circuit_breakers: { thresholds: [{ max_requests: 64 }] } });
      expect(hcmOf(listener(api, 'ingress_tls')).route_config.virtual_hosts[0].routes[1].route.timeout).toBe('45s');
    });

    test.each([
      ['ingress', { web: ['bootstrap', 'egress-sigv4'], api: undefined, worker: ['bootstrap', 'egress-sigv4'] }],
      ['egress', { web: ['bootstrap', 'ingress-tls', 'oauth2'], api: ['bootstrap', 'ingress-tls'], worker: undefined }],
    ])('GIVEN the %s listeners turned off THEN that role is not rendered, and services left with none get no sidecar', (role, expected) => {
      // The environment schema refuses a role turned off while a service relies on it (services-schema.ts,
      // checkListenerRoles), so the renderer's own behaviour is checked on the settings directly.
      const webWithEgress = { ...SERVICES.web, egress: { assets: { type: 's3', bucket: 'acme-assets' } } };
      const config = withServices({ services: { web: webWithEgress } });
      const envoy = { ...config.envoy, listeners: { ...config.envoy.listeners, [role]: false } };
      for (const [service, templates] of Object.entries(expected)) {
        const rendered = proxyTemplates(config.services[service], envoy);
        expect(rendered.length > 0 ? rendered : undefined).toEqual(templates);
      }
    });

    test('GIVEN the same config twice THEN the output is identical; GIVEN a change THEN the hash changes', () => {
      const first = renderProxies(withServices()).api;
      expect(renderProxies(withServices()).api.sha256).toBe(first.sha256);
      expect(renderProxies(withServices({ envoy: { timeouts: { requestSeconds: 31 } } })).api.sha256).not.toBe(first.sha256);
      expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('escaped slashes at the edge', () => {
    test('THEN every ingress listener faces clients (use_remote_address) and refuses %2F and %5C in paths, so a public prefix cannot be escaped into another path', () => {
      for (const service of ['web', 'api']) {
        const hcm = hcmOf(listener(bootstrapOf(withServices(), service), 'ingress_tls'));
        expect(hcm).toMatchObject({ use_remote_address: true, normalize_path: true, merge_slashes: true, path_with_escaped_slashes_action: 'REJECT_REQUEST' });
      }
    });

    test('GIVEN an override back to KEEP_UNCHANGED THEN synth stops at the override with the Envoy-check rule', () => {
      const config = withServices({ envoy: { overrides: { 'ingress-tls': { pathWithEscapedSlashesAction: 'KEEP_UNCHANGED' } } } });
      const messages = captureProblems(() => renderProxies(config));
      expect(messages).toHaveLength(2);
      for (const message of messages) {
        expect(message).toMatch(
          /envoy\.overrides\.ingress-tls\.pathWithEscapedSlashesAction: .*path_with_escaped_slashes_action: "path_with_escaped_slashes_action" is "KEEP_UNCHANGED" on a connection manager with use_remote_address: true/,
        );
      }
    });
  });

  describe('errors', () => {
    test('GIVEN an override that Envoy refuses THEN synth stops naming the override at its line:col, the environment, service, template and path', () => {
      const changes = { services: SERVICES, envoy: { overrides: { 'ingress-tls': { maxRequestHeadersKb: 9000 } } } };
      // Line 53 of the file is the override; column 28 is where its value starts, as for schema errors.
      expect(stringify(environmentDocument(changes)).split('\n')[52]).toBe('      maxRequestHeadersKb: 9000');
      const config = withServices({ envoy: changes.envoy });
      expect(() => renderProxies(config)).toThrow(UserError);
      const messages = captureProblems(() => renderProxies(config));
      expect(messages).toEqual([
        'test.yaml:53:28: envoy.overrides.ingress-tls.maxRequestHeadersKb: test: service web: envoy/templates/ingress-tls.yaml: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.max_request_headers_kb: "max_request_headers_kb" must be at most 8192, got 9000',
        'test.yaml:53:28: envoy.overrides.ingress-tls.maxRequestHeadersKb: test: service api: envoy/templates/ingress-tls.yaml: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.max_request_headers_kb: "max_request_headers_kb" must be at most 8192, got 9000',
      ]);
    });

    test('GIVEN an override that a partial inserts and Envoy refuses THEN the override, the partial and its includer are named', () => {
      const config = withServices({ envoy: { overrides: { bootstrap: { caBundle: '' } } } });
      expect(captureProblems(() => renderProxies(config))[0]).toMatch(
        /^test\.yaml:53:17: envoy\.overrides\.bootstrap\.caBundle: test: service web: envoy\/templates\/partials\/upstream-tls-cluster\.yaml \(included by envoy\/templates\/oauth2\.yaml\): static_resources\.clusters\[1\]\.transport_socket\.typed_config\.common_tls_context\.validation_context\.trusted_ca\.filename: "filename" must be at least 1 character long/,
      );
    });

    test('GIVEN a service without ingress or egress THEN it needs no sidecar and rendering one is refused', () => {
      const config = withServices({ services: { batch: { image: 'acme/app:1.0.0', ingress: 'none' } } });
      expect(proxyTemplates(config.services.batch, config.envoy)).toEqual([]);
      expect(Object.keys(renderProxies(config))).not.toContain('batch');
      expect(() =>
        renderServiceProxy(
          { environment: 'test', project: 'acme', envoy: config.envoy, serviceName: 'batch', service: config.services.batch, egress: {}, tlsSecretName: 'acme/test/envoy-tls' },
          ENVOY_INPUTS,
        ),
      ).toThrow(invalidProps('renderServiceProxy', 'service batch has no ingress and no egress targets in test, so it needs no Envoy sidecar'));
    });
  });
});

function captureProblems(render: () => unknown): string[] {
  try {
    render();
  } catch (error) {
    if (error instanceof UserError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected an UserError');
}
