import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { envoyApiDescriptor } from '../../lib/envoy/api/api-descriptor';
import { formatConfigPath } from '../../lib/envoy/api/config-path';
import { validateEnvoyConfig } from '../../lib/envoy/api/validate-envoy-config';

const fixtures = path.join(__dirname, 'fixtures');
const read = (kind: 'valid' | 'invalid', name: string) => parse(fs.readFileSync(path.join(fixtures, kind, name), 'utf8'));
const problemsOf = (config: unknown) => validateEnvoyConfig(config, envoyApiDescriptor()).map((p) => `${formatConfigPath(p.path)}: ${p.message}`);

const HCM = 'static_resources.listeners[0].filter_chains[0].filters[0].typed_config';
const CLUSTER = 'static_resources.clusters[0]';

describe('validateEnvoyConfig', () => {
  test.each(fs.readdirSync(path.join(fixtures, 'valid')))("GIVEN %s, written from an example in Envoy's documentation, THEN it is valid", (name) => {
    expect(problemsOf(read('valid', name))).toEqual([]);
  });

  test.each([
    [
      'unknown-field.yaml',
      `${HCM}.stats_prefix`,
      /^unknown field "stats_prefix" in envoy\.extensions\.filters\.network\.http_connection_manager\.v3\.HttpConnectionManager: did you mean "stat_prefix"\?$/,
    ],
    ['wrong-value-kind.yaml', `${CLUSTER}.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value`, /^expected an integer \(uint32\), got a list$/],
    [
      'unknown-enum-value.yaml',
      `${CLUSTER}.type`,
      /^unknown value string "STATIK" of enum envoy\.config\.cluster\.v3\.Cluster\.DiscoveryType; expected one of STATIC, STRICT_DNS, LOGICAL_DNS, EDS, ORIGINAL_DST$/,
    ],
    [
      'two-oneof-members.yaml',
      `${HCM}.route_config.virtual_hosts[0].routes[0].route.cluster_header`,
      /^"cluster" and "cluster_header" are both set, but they are alternatives \(oneof cluster_specifier of envoy\.config\.route\.v3\.RouteAction\): keep one$/,
    ],
    [
      'unresolved-type.yaml',
      `${HCM}.http_filters[0].typed_config.@type`,
      /^"@type" type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Routr does not resolve to a message of Envoy's v3 API: did you mean type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Router\?$/,
    ],
    [
      'filter-without-typed-config.yaml',
      `${HCM}.http_filters[0]`,
      /^filter "envoy\.filters\.http\.router" has no typed_config; add typed_config: \{"@type": type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Router\}$/,
    ],
    [
      'router-not-last.yaml',
      `${HCM}.http_filters`,
      /^the HTTP filter chain must end with envoy\.filters\.http\.router \(@type type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Router\); the last filter is "envoy\.filters\.http\.cors"$/,
    ],
    ['required-message.yaml', `${CLUSTER}.health_checks[0]`, /^required field "unhealthy_threshold" is missing \(google\.protobuf\.UInt32Value\)$/],
    ['string-min-len.yaml', `${HCM}.stat_prefix`, /^"stat_prefix" must be at least 1 character long, got ""$/],
    ['uint32-range.yaml', `${HCM}.max_request_headers_kb`, /^"max_request_headers_kb" must be at most 8192, got 9000$/],
    [
      'enum-defined-only.yaml',
      `static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_params.tls_minimum_protocol_version`,
      /^"tls_minimum_protocol_version" must be a value the enum defines, got 9$/,
    ],
    ['duration-format.yaml', `${CLUSTER}.connect_timeout`, /^expected a duration such as "5s" or "0\.25s" \(google\.protobuf\.Duration\), got number 5$/],
    [
      'deprecated-field.yaml',
      `${CLUSTER}.http_protocol_options`,
      /^"http_protocol_options" is deprecated in Envoy's v3 API \(since API version 3\.0\): use envoy\.extensions\.upstreams\.http\.v3\.HttpProtocolOptions instead \(deprecated fields are errors under --strict\)$/,
    ],
    ['prototype-keys.yaml', `${CLUSTER}.constructor`, /^unknown field "constructor" in envoy\.config\.cluster\.v3\.Cluster$/],
  ])('GIVEN %s THEN the problem is reported at %s', (name, at, message) => {
    const problems = validateEnvoyConfig(read('invalid', name), envoyApiDescriptor(), { strict: true });
    expect(problems.map((p) => formatConfigPath(p.path))).toContain(at);
    expect(problems.find((p) => formatConfigPath(p.path) === at)!.message).toMatch(message);
  });

  test('GIVEN a deprecated field without strict THEN it is a warning, not an error', () => {
    const problems = validateEnvoyConfig(read('invalid', 'deprecated-field.yaml'), envoyApiDescriptor());
    expect(problems).toEqual([expect.objectContaining({ warning: true, message: expect.stringMatching(/\(Envoy loads it with a warning\)$/) })]);
  });

  describe('an edge connection manager does not route on escaped slashes', () => {
    const edge = () => read('invalid', 'edge-escaped-slashes.yaml');
    const hcmOf = (config: any) => config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;

    test('GIVEN use_remote_address and KEEP_UNCHANGED THEN an error at the field names the bypass and both accepted actions', () => {
      expect(problemsOf(edge())).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${HCM.replace(/[.[\]]/g, '\\$&')}\\.path_with_escaped_slashes_action: "path_with_escaped_slashes_action" is "KEEP_UNCHANGED" on a connection manager with use_remote_address: true \\(an edge listener\\).*/public/\\.\\.%2Fadmin.*set it to REJECT_REQUEST or UNESCAPE_AND_REDIRECT \\(Envoy's edge best practices\\)$`,
          ),
        ),
      ]);
    });

    test('GIVEN use_remote_address and no action THEN the error is at the connection manager', () => {
      const config = edge();
      delete hcmOf(config).path_with_escaped_slashes_action;
      expect(problemsOf(config)).toEqual([
        expect.stringMatching(new RegExp(`^${HCM.replace(/[.[\]]/g, '\\$&')}: path_with_escaped_slashes_action is not set on a connection manager with use_remote_address: true`)),
      ]);
    });

    test.each([['REJECT_REQUEST'], ['UNESCAPE_AND_REDIRECT'], [2], [3]])('GIVEN %s THEN valid', (action) => {
      const config = edge();
      hcmOf(config).path_with_escaped_slashes_action = action;
      expect(problemsOf(config)).toEqual([]);
    });

    test('GIVEN JSON names (useRemoteAddress, pathWithEscapedSlashesAction) THEN the rule reads them too', () => {
      const config = edge();
      const hcm = hcmOf(config);
      delete hcm.use_remote_address;
      delete hcm.path_with_escaped_slashes_action;
      hcm.useRemoteAddress = true;
      hcm.pathWithEscapedSlashesAction = 'UNESCAPE_AND_FORWARD';
      expect(problemsOf(config)).toEqual([expect.stringContaining('.pathWithEscapedSlashesAction: "pathWithEscapedSlashesAction" is "UNESCAPE_AND_FORWARD"')]);
    });

    test('GIVEN no use_remote_address (a sidecar-internal listener) THEN the default is left alone', () => {
      const config = edge();
      delete hcmOf(config).use_remote_address;
      expect(problemsOf(config)).toEqual([]);
    });
  });

  describe('the AWS request signing filter signs what is forwarded', () => {
    const ROUTE = `${HCM}.route_config.virtual_hosts[0].routes[0].route`;
    const UPSTREAM = `${CLUSTER}.typed_extension_protocol_options.envoy.extensions.upstreams.http.v3.HttpProtocolOptions`;

    test('GIVEN the signer in the connection manager and a route that rewrites path and host THEN both rewrites are errors that name the upstream filter chain', () => {
      const problems = problemsOf(read('invalid', 'signer-before-rewrite.yaml'));
      expect(problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${ROUTE.replace(/[.[\]]/g, '\\$&')}\\.prefix_rewrite: "prefix_rewrite" changes the path after envoy\\.filters\\.http\\.aws_request_signing \\(http_filters\\[0\\]\\) signed the request.*403 SignatureDoesNotMatch.*HttpProtocolOptions\\) http_filters, before envoy\\.filters\\.http\\.upstream_codec$`,
          ),
        ),
        expect.stringMatching(/\.host_rewrite_literal: "host_rewrite_literal" changes the host after envoy\.filters\.http\.aws_request_signing/),
      ]);
    });

    test("GIVEN the same rewrites with the signer as the cluster's upstream filter THEN the config is valid", () => {
      expect(problemsOf(read('valid', 'aws-request-signing-upstream.yaml'))).toEqual([]);
    });

    test('GIVEN JSON names, a signer found by @type and a disabled auto_host_rewrite THEN only the real rewrite is reported, under the name as written', () => {
      const config = read('invalid', 'signer-before-rewrite.yaml');
      const hcm = config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
      hcm.http_filters[0].name = 'sign';
      const action = hcm.route_config.virtual_hosts[0].routes[0].route;
      delete action.prefix_rewrite;
      delete action.host_rewrite_literal;
      Object.assign(action, { regexRewrite: { pattern: { regex: '^/(.*)' }, substitution: '/prod/\\1' }, auto_host_rewrite: false });
      expect(problemsOf(config)).toEqual([expect.stringMatching(/route\.regexRewrite: "regexRewrite" changes the path after/)]);
    });

    test('GIVEN a prefix rewritten to itself (S3: "/" to "/") THEN the path is unchanged and not reported', () => {
      const config = read('invalid', 'signer-before-rewrite.yaml');
      const route = config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0];
      route.route.prefix_rewrite = '/';
      delete route.route.host_rewrite_literal;
      expect(problemsOf(config)).toEqual([]);
    });

    test('GIVEN an upstream filter chain whose last filter is not the upstream codec THEN it is reported', () => {
      expect(problemsOf(read('invalid', 'upstream-codec-not-last.yaml'))).toEqual([
        `${UPSTREAM}.http_filters: the HTTP filter chain must end with envoy.filters.http.upstream_codec (@type type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec); the last filter is "envoy.filters.http.aws_request_signing"`,
      ]);
    });
  });

  describe('v2-style configs are rejected with their v3 replacement named', () => {
    test.each([
      [
        'v2-tls-context.yaml',
        `${CLUSTER}.tls_context`,
        /"tls_context" is v2 API configuration, removed in v3; use transport_socket: \{name: envoy\.transport_sockets\.tls, typed_config: \{"@type": type\.googleapis\.com\/envoy\.extensions\.transport_sockets\.tls\.v3\.UpstreamTlsContext/,
      ],
      ['v2-filter-config.yaml', 'static_resources.listeners[0].filter_chains[0].filters[0].config', /"config" is v2 API configuration, removed in v3; use typed_config/],
      [
        'v2-filter-config.yaml',
        'static_resources.listeners[0].filter_chains[0].filters[0]',
        /add typed_config: \{"@type": type\.googleapis\.com\/envoy\.extensions\.filters\.network\.http_connection_manager\.v3\.HttpConnectionManager\}/,
      ],
      ['v2-hosts.yaml', `${CLUSTER}.hosts`, /"hosts" is v2 API configuration, removed in v3; use load_assignment: \{cluster_name: …, endpoints: /],
      [
        'v2-router-name.yaml',
        `${HCM}.http_filters[0]`,
        /"envoy\.router" is a v2 name; in v3 use name: envoy\.filters\.http\.router with typed_config: \{"@type": type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Router\}/,
      ],
      [
        'v3alpha-type-url.yaml',
        `static_resources.listeners[0].filter_chains[0].filters[0].typed_config.@type`,
        /v3alpha type URLs were removed when the API became stable; use type\.googleapis\.com\/envoy\.extensions\.filters\.network\.http_connection_manager\.v3\.HttpConnectionManager$/,
      ],
      [
        'v2-type-url.yaml',
        `${HCM}.http_filters[0].typed_config.@type`,
        /envoy\.config\.filter\.http\.router\.v2\.Router is a v2 API type, removed in v3; use type\.googleapis\.com\/envoy\.extensions\.filters\.http\.router\.v3\.Router$/,
      ],
    ])('GIVEN %s THEN %s names the v3 replacement', (name, at, message) => {
      const problem = validateEnvoyConfig(read('invalid', name), envoyApiDescriptor()).find((p) => formatConfigPath(p.path) === at);
      expect(problem?.message).toMatch(message);
    });

    test('GIVEN a v2 tls_context on a filter chain THEN the downstream TLS context is named', () => {
      const config = read('valid', 'getting-started.yaml');
      config.static_resources.listeners[0].filter_chains[0].tls_context = {};
      expect(problemsOf(config)).toEqual([
        expect.stringMatching(/^static_resources\.listeners\[0\]\.filter_chains\[0\]\.tls_context: .*type\.googleapis\.com\/envoy\.extensions\.transport_sockets\.tls\.v3\.DownstreamTlsContext/),
      ]);
    });
  });

  describe('proto3 JSON mapping', () => {
    const cluster = () => read('valid', 'getting-started.yaml');

    test('GIVEN lowerCamelCase JSON names THEN they are accepted like the proto names', () => {
      const config = cluster();
      config.static_resources.clusters[0].dnsLookupFamily = config.static_resources.clusters[0].dns_lookup_family;
      delete config.static_resources.clusters[0].dns_lookup_family;
      expect(problemsOf(config)).toEqual([]);
    });

    test('GIVEN one field under both of its names THEN the second is refused', () => {
      const config = cluster();
      config.static_resources.clusters[0].dnsLookupFamily = 'V4_ONLY';
      expect(problemsOf(config)).toEqual([`${CLUSTER}.dnsLookupFamily: "dnsLookupFamily" sets the same field as "dns_lookup_family"`]);
    });

    test.each([
      ['a number for a string', { sni: 42 }, 'sni: expected a string, got number 42 (quote it)'],
      ['a string for a boolean', { allow_renegotiation: 'yes' }, 'allow_renegotiation: expected true or false, got string "yes"'],
      ['an integer out of the uint32 range', { max_session_keys: 4294967296 }, 'max_session_keys: expected an integer between 0 and 4294967295 (uint32), got 4294967296'],
    ])('GIVEN %s THEN the value kind is refused', (_, change, problem) => {
      const config = cluster();
      Object.assign(config.static_resources.clusters[0].transport_socket.typed_config, change);
      expect(problemsOf(config)).toEqual([`${CLUSTER}.transport_socket.typed_config.${problem}`]);
    });

    test('GIVEN "@type" outside an Any THEN it is refused', () => {
      const config = cluster();
      config.static_resources.clusters[0]['@type'] = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
      expect(problemsOf(config)).toEqual([expect.stringMatching(/^static_resources\.clusters\[0\]\.@type: "@type" is only allowed where the API expects a google\.protobuf\.Any/)]);
    });

    test('GIVEN a TypedStruct THEN its value is validated as the message its type_url names', () => {
      const config = cluster();
      config.static_resources.clusters[0].transport_socket.typed_config = {
        '@type': 'type.googleapis.com/xds.type.v3.TypedStruct',
        type_url: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        value: { sni: 'www.envoyproxy.io', snii: 'typo' },
      };
      expect(problemsOf(config)).toEqual([
        `${CLUSTER}.transport_socket.typed_config.value.snii: unknown field "snii" in envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext: did you mean "sni"?`,
      ]);
    });

    test('GIVEN a required oneof left empty THEN its members are listed', () => {
      const config = cluster();
      config.static_resources.clusters[0].transport_socket.typed_config.common_tls_context = { validation_context: { trusted_ca: {} } };
      expect(problemsOf(config)).toEqual([
        `${CLUSTER}.transport_socket.typed_config.common_tls_context.validation_context.trusted_ca: one of "filename", "inline_bytes", "inline_string", "environment_variable" is required (oneof specifier of envoy.config.core.v3.DataSource)`,
      ]);
    });

    test('GIVEN a string field with min_len left out THEN it is reported as a required field', () => {
      const config = cluster();
      delete config.static_resources.clusters[0].name;
      expect(problemsOf(config)).toEqual([`${CLUSTER}: required field "name" is missing (string that must be at least 1 character long)`]);
    });

    test('GIVEN an HTTP connection manager without filters THEN the missing router is reported', () => {
      const config = cluster();
      config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters = [];
      expect(problemsOf(config)).toEqual([
        `${HCM}.http_filters: the HTTP filter chain must end with envoy.filters.http.router (@type type.googleapis.com/envoy.extensions.filters.http.router.v3.Router); it has no filters`,
      ]);
    });

    test('GIVEN a value that is not a mapping at the top THEN the bootstrap type is named', () => {
      expect(problemsOf(['not', 'a', 'bootstrap'])).toEqual(['(root): expected a mapping (envoy.config.bootstrap.v3.Bootstrap), got a list']);
    });
  });
});

describe('the Envoy API descriptor', () => {
  test('is built from the packaged protos and names what it had to leave out', () => {
    const api = envoyApiDescriptor();
    expect(api.source.grpcJsXds).toBe(require('@grpc/grpc-js-xds/package.json').version);
    expect(api.extensions['envoy.filters.http.aws_request_signing']).toBe('envoy.extensions.filters.http.aws_request_signing.v3.AwsRequestSigning');
    expect(api.replacements['envoy.api.v2.Cluster']).toBe('envoy.config.cluster.v3.Cluster');
    // Their imports (OpenCensus, OpenTelemetry, Prometheus protos) are not shipped in the package.
    expect(api.excludedFiles).toEqual(expect.arrayContaining(['envoy/config/trace/v3/opencensus.proto']));
    expect(api.excludedFiles.every((file) => !file.includes('bootstrap') && !file.includes('http_connection_manager'))).toBe(true);
  });

  test('is cached under node_modules/.cache keyed by the package versions', () => {
    const folder = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'envoy-api-descriptor');
    envoyApiDescriptor();
    expect(fs.readdirSync(folder).filter((file) => file.endsWith('.json')).length).toBeGreaterThanOrEqual(1);
  });
});
