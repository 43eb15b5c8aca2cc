import type { ConfigPath } from './config-path';

/**
 * Envoy rules about the AWS request signing filter that the API schema
 * cannot express. In an HTTP connection manager the signer runs before the
 * router, and the router applies the route's path and host rewrites
 * afterwards: the signature then covers a path or host AWS never receives,
 * and AWS answers 403 SignatureDoesNotMatch. As an upstream HTTP filter of
 * the cluster (Envoy >= 1.30, https://github.com/envoyproxy/envoy/pull/31736)
 * the signer sees the request as forwarded, rewrites included.
 */

const SIGNER_NAME = 'envoy.filters.http.aws_request_signing';
const SIGNER_TYPE = 'envoy.extensions.filters.http.aws_request_signing.v3.AwsRequestSigning';

/** RouteAction fields that change the path or the host after the connection manager's filters ran. */
const REWRITES: readonly { field: string; json: string; changes: 'path' | 'host' }[] = [
  { field: 'prefix_rewrite', json: 'prefixRewrite', changes: 'path' },
  { field: 'regex_rewrite', json: 'regexRewrite', changes: 'path' },
  { field: 'path_rewrite_policy', json: 'pathRewritePolicy', changes: 'path' },
  { field: 'host_rewrite_literal', json: 'hostRewriteLiteral', changes: 'host' },
  { field: 'auto_host_rewrite', json: 'autoHostRewrite', changes: 'host' },
  { field: 'host_rewrite_header', json: 'hostRewriteHeader', changes: 'host' },
  { field: 'host_rewrite_path_regex', json: 'hostRewritePathRegex', changes: 'host' },
];

export interface SigningProblem {
  /** Relative to the connection manager's config. */
  readonly path: ConfigPath;
  readonly message: string;
}

/**
 * Problems of one `HttpConnectionManager` (as written, snake_case or JSON
 * names): every rewrite of its inline routes when its HTTP filters sign
 * requests. Routes from RDS or scoped routes are not known here.
 */
export function signerBeforeRewrites(hcm: Record<string, unknown>): SigningProblem[] {
  const [filtersKey, filters] = entry(hcm, 'http_filters', 'httpFilters');
  if (!Array.isArray(filters)) return [];
  const signerIndex = filters.findIndex(isSigner);
  if (signerIndex < 0) return [];
  const [routeConfigKey, routeConfig] = entry(hcm, 'route_config', 'routeConfig');
  const [hostsKey, hosts] = isMapping(routeConfig) ? entry(routeConfig, 'virtual_hosts', 'virtualHosts') : [undefined, undefined];
  if (!Array.isArray(hosts)) return [];
  const problems: SigningProblem[] = [];
  hosts.forEach((host, hostIndex) => {
    const routes = isMapping(host) ? host.routes : undefined;
    if (!Array.isArray(routes)) return;
    routes.forEach((route, routeIndex) => {
      const action = isMapping(route) ? route.route : undefined;
      if (!isMapping(action)) return;
      const matchPrefix = isMapping(route) && isMapping(route.match) ? route.match.prefix : undefined;
      for (const rewrite of REWRITES) {
        const [key, value] = entry(action, rewrite.field, rewrite.json);
        if (key === undefined || value === undefined || value === null || value === false || value === '') continue;
        // A prefix rewritten to itself leaves the path as signed.
        if (rewrite.field === 'prefix_rewrite' && value === matchPrefix) continue;
        problems.push({
          path: [routeConfigKey!, hostsKey!, hostIndex, 'routes', routeIndex, 'route', key],
          message:
            `"${key}" changes the ${rewrite.changes} after ${SIGNER_NAME} (${filtersKey}[${signerIndex}]) signed the request, ` +
            `so AWS checks a signature over a ${rewrite.changes} it never receives (403 SignatureDoesNotMatch); ` +
            `sign upstream instead: move the signer to the cluster's typed_extension_protocol_options ` +
            `(envoy.extensions.upstreams.http.v3.HttpProtocolOptions) http_filters, before envoy.filters.http.upstream_codec`,
        });
      }
    });
  });
  return problems;
}

function isSigner(filter: unknown): boolean {
  if (!isMapping(filter)) return false;
  const typed = filter.typed_config ?? filter.typedConfig;
  const typeUrl = isMapping(typed) ? typed['@type'] : undefined;
  return filter.name === SIGNER_NAME || (typeof typeUrl === 'string' && typeUrl.endsWith(`/${SIGNER_TYPE}`));
}

/** The key as written (proto name or JSON name) and its value. */
function entry(value: Record<string, unknown>, field: string, json: string): [string | undefined, unknown] {
  if (field in value) return [field, value[field]];
  if (json in value) return [json, value[json]];
  return [undefined, undefined];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
