import type { ApiDescriptor } from './api-types';
import { didYouMean, own } from './proto-json';

/**
 * What replaced the v2 API in v3, for messages that name the fix. Envoy
 * removed v2 in 1.18: a v2 config fails at start-up with a bare "unknown
 * field", so the validator says what to write instead.
 */

const TLS_SOCKET = (context: 'Upstream' | 'Downstream') =>
  `transport_socket: {name: envoy.transport_sockets.tls, typed_config: {"@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.${context}TlsContext, …}}`;

/** v2 fields removed in v3, by message (full name) and field. */
const REMOVED_FIELDS: Record<string, Record<string, string>> = {
  'envoy.config.cluster.v3.Cluster': {
    tls_context: TLS_SOCKET('Upstream'),
    hosts: 'load_assignment: {cluster_name: …, endpoints: [{lb_endpoints: [{endpoint: {address: …}}]}]}',
    extension_protocol_options: 'typed_extension_protocol_options with an "@type" per entry',
  },
  'envoy.config.listener.v3.FilterChain': { tls_context: TLS_SOCKET('Downstream') },
  'envoy.config.route.v3.VirtualHost': { per_filter_config: 'typed_per_filter_config with an "@type" per entry' },
  'envoy.config.route.v3.Route': { per_filter_config: 'typed_per_filter_config with an "@type" per entry' },
  'envoy.config.route.v3.WeightedCluster.ClusterWeight': { per_filter_config: 'typed_per_filter_config with an "@type" per entry' },
};

/** The v2 untyped `config:` struct of any extension point became `typed_config` with an `@type`. */
const REMOVED_CONFIG_HINT = 'typed_config: {"@type": type.googleapis.com/<the v3 config message>, …}';

/** v2 filter names whose v3 name is not `<category>.<same last word>`. */
const RENAMED_EXTENSIONS: Record<string, string> = {
  'envoy.file_access_log': 'envoy.access_loggers.file',
  'envoy.http_grpc_access_log': 'envoy.access_loggers.http_grpc',
  'envoy.tcp_grpc_access_log': 'envoy.access_loggers.tcp_grpc',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.listener.proxy_protocol': 'envoy.filters.listener.proxy_protocol',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
};

/** Extension-name prefixes accepted by each filter-like message, to turn a v2 name into its v3 name. */
export const EXTENSION_CATEGORIES: Record<string, string> = {
  'envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter': 'envoy.filters.http.',
  'envoy.config.listener.v3.Filter': 'envoy.filters.network.',
  'envoy.config.listener.v3.ListenerFilter': 'envoy.filters.listener.',
  'envoy.config.accesslog.v3.AccessLog': 'envoy.access_loggers.',
  'envoy.config.core.v3.TransportSocket': 'envoy.transport_sockets.',
};

/** The v3 replacement of a field missing from `message`, when it is a known v2 field. */
export function removedFieldHint(message: string, field: string, reserved: readonly string[]): string | undefined {
  const replacement = own(own(REMOVED_FIELDS, message) ?? {}, field) ?? (field === 'config' && reserved.includes('config') ? REMOVED_CONFIG_HINT : undefined);
  if (replacement) return `"${field}" is v2 API configuration, removed in v3; use ${replacement}`;
  if (reserved.includes(field)) return `"${field}" was removed from ${message} in the v3 API`;
  return undefined;
}

/** The v3 extension name and config type for a filter name, which may be a v2 name such as `envoy.router`. */
export function extensionFor(api: ApiDescriptor, filterMessage: string, name: string): { name: string; type: string; renamed: boolean } | undefined {
  const direct = own(api.extensions, name);
  if (direct) return { name, type: direct, renamed: false };
  const prefix = EXTENSION_CATEGORIES[filterMessage];
  const candidate = own(RENAMED_EXTENSIONS, name) ?? (prefix && name.startsWith('envoy.') ? `${prefix}${name.slice(name.lastIndexOf('.') + 1)}` : undefined);
  const type = candidate ? own(api.extensions, candidate) : undefined;
  return candidate && type ? { name: candidate, type, renamed: true } : undefined;
}

/** Why a type URL does not resolve and what to use instead, for v2 and v3alpha type names. */
export function typeReplacementHint(api: ApiDescriptor, typeName: string): string | undefined {
  const v3 = typeName.replace(/\.v3alpha\./, '.v3.');
  if (v3 !== typeName && own(api.messages, v3)) {
    return `v3alpha type URLs were removed when the API became stable; use type.googleapis.com/${v3}`;
  }
  const replacement = own(api.replacements, typeName);
  if (replacement) return `${typeName} is a v2 API type, removed in v3; use type.googleapis.com/${replacement}`;
  return undefined;
}

/** What to say about a filter or extension without typed_config: the v3 name and `@type` to use, when known. */
export function missingTypedConfig(api: ApiDescriptor, typeName: string, name: string | undefined): string {
  const what = EXTENSION_CATEGORIES[typeName] ? `filter${name ? ` "${name}"` : ''}` : `${typeName}${name ? ` "${name}"` : ''}`;
  const extension = name ? extensionFor(api, typeName, name) : undefined;
  if (!extension) return `${what} has no typed_config: Envoy selects extensions by the "@type" of typed_config`;
  const fix = `typed_config: {"@type": type.googleapis.com/${extension.type}}`;
  return extension.renamed ? `${what} has no typed_config: "${name}" is a v2 name; in v3 use name: ${extension.name} with ${fix}` : `${what} has no typed_config; add ${fix}`;
}

/** A near miss for a type that does not resolve: a message of the same package within two edits, or of the same name in another v3 package. */
export function similarTypes(api: ApiDescriptor, typeName: string): string | undefined {
  const prefix = 'type.googleapis.com/';
  const dot = typeName.lastIndexOf('.');
  const [pkg, simple] = [typeName.slice(0, dot), typeName.slice(dot + 1)];
  const names = Object.keys(api.messages);
  const samePackage = names.filter((name) => name.lastIndexOf('.') === dot && name.startsWith(`${pkg}.`)).map((name) => name.slice(dot + 1));
  const typo = didYouMean(simple, samePackage);
  if (typo) return `did you mean ${prefix}${pkg}.${typo}?`;
  const moved = names.filter((name) => name.endsWith(`.${simple}`) && name.includes('.v3.'));
  return moved.length > 0 && moved.length <= 3 ? `did you mean ${moved.map((m) => prefix + m).join(' or ')}?` : undefined;
}

/**
 * The Envoy release whose API the descriptor's snapshot matches (the
 * `.proto` files @grpc/grpc-js-xds ships): it has 1.31's fields (e.g.
 * LocalRateLimit.rate_limited_as_resource_exhausted) and lacks 1.32's
 * api_key_auth filter; __tests__/envoy/api-snapshot.test.ts pins both facts.
 */
export const SNAPSHOT_ENVOY_VERSION = '1.31';

/** Said of a field or type the snapshot lacks: it may be newer than the snapshot, not wrong. */
export function snapshotGap(api: ApiDescriptor): string {
  return `not in this checker's Envoy API snapshot (about Envoy v${SNAPSHOT_ENVOY_VERSION}, from @grpc/grpc-js-xds ${api.source.grpcJsXds}); if it was added to Envoy later, newer images accept it (docs/envoy.md, "API snapshot")`;
}
