import { envoyApiDescriptor } from '../../lib/envoy/api/api-descriptor';
import { formatConfigPath } from '../../lib/envoy/api/config-path';
import { SNAPSHOT_ENVOY_VERSION } from '../../lib/envoy/api/legacy-hints';
import { validateEnvoyConfig } from '../../lib/envoy/api/validate-envoy-config';
import { DEFAULT_ENVOY_IMAGE } from '../../lib/config/envoy-schema';

/**
 * The checker validates against the Envoy API snapshot that @grpc/grpc-js-xds
 * ships, older than the image the bundles run: the gap is a fact with a test.
 */
describe('the Envoy API snapshot', () => {
  const api = envoyApiDescriptor();
  const LOCAL_RATE_LIMIT = 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

  test(`GIVEN the descriptor THEN it is Envoy v${SNAPSHOT_ENVOY_VERSION}'s API: 1.31's fields are there, 1.32's api_key_auth filter is not`, () => {
    expect(SNAPSHOT_ENVOY_VERSION).toBe('1.31');
    expect(Object.keys(api.messages[LOCAL_RATE_LIMIT].fields)).toContain('rate_limited_as_resource_exhausted');
    expect(Object.keys(api.messages['envoy.extensions.filters.http.aws_request_signing.v3.AwsRequestSigning'].fields)).toContain('query_string');
    expect(Object.keys(api.messages).some((name) => name.startsWith('envoy.extensions.filters.http.api_key_auth.'))).toBe(false);
  });

  test('GIVEN the pinned image THEN it is newer than the snapshot, as docs/envoy.md states', () => {
    const [, minor] = /:v1\.(\d+)\./.exec(DEFAULT_ENVOY_IMAGE)!;
    expect(Number(minor)).toBeGreaterThan(Number(SNAPSHOT_ENVOY_VERSION.split('.')[1]));
  });

  test('GIVEN a field the snapshot lacks (newer than it) THEN the message says the snapshot lacks it, not only "unknown field"', () => {
    const filter = { '@type': `type.googleapis.com/${LOCAL_RATE_LIMIT}`, stat_prefix: 'x', max_dynamic_descriptors: 10 };
    const problems = validateEnvoyConfig(filter, api, { typeName: 'google.protobuf.Any' });
    expect(problems.map((p) => `${formatConfigPath(p.path)}: ${p.message}`)).toEqual([
      `max_dynamic_descriptors: unknown field "max_dynamic_descriptors" in ${LOCAL_RATE_LIMIT}: not in this checker's Envoy API snapshot (about Envoy v1.31, from @grpc/grpc-js-xds ${api.source.grpcJsXds}); if it was added to Envoy later, newer images accept it (docs/envoy.md, "API snapshot")`,
    ]);
  });

  test('GIVEN a filter type the snapshot lacks THEN its @type says so too', () => {
    const problems = validateEnvoyConfig({ '@type': 'type.googleapis.com/envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth' }, api, { typeName: 'google.protobuf.Any' });
    expect(problems[0].message).toMatch(/does not resolve to a message of Envoy's v3 API: not in this checker's Envoy API snapshot \(about Envoy v1\.31/);
  });
});
