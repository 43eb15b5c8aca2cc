import type { ApiDescriptor } from './api-types';
import type { ConfigPath } from './config-path';
import { isMapping, own } from './proto-json';

const TYPE_URL_PREFIX = 'type.googleapis.com/';
const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';
const UPSTREAM_CODEC = 'envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec';

/** Filter lists that Envoy runs in order and that must end with a terminal filter. */
const TERMINAL_FILTERS: readonly { message: string; field: string; terminal: string; name: string; whenEmpty: boolean }[] = [
  { message: 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', field: 'http_filters', terminal: ROUTER, name: 'envoy.filters.http.router', whenEmpty: true },
  { message: 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions', field: 'http_filters', terminal: UPSTREAM_CODEC, name: 'envoy.filters.http.upstream_codec', whenEmpty: false },
  { message: ROUTER, field: 'upstream_http_filters', terminal: UPSTREAM_CODEC, name: 'envoy.filters.http.upstream_codec', whenEmpty: false },
];

/**
 * An HTTP filter chain must end with its terminal filter (the router; the
 * upstream codec upstream). `present` holds the message's fields as written;
 * paths are relative to the message.
 */
export function terminalFilterProblems(api: ApiDescriptor, typeName: string, present: ReadonlyMap<string, { key: string; value: unknown }>): { path: ConfigPath; message: string }[] {
  const problems: { path: ConfigPath; message: string }[] = [];
  for (const rule of TERMINAL_FILTERS.filter((r) => r.message === typeName)) {
    const entry = present.get(rule.field);
    const filters = Array.isArray(entry?.value) ? entry.value : [];
    if (filters.length === 0) {
      if (rule.whenEmpty) problems.push({ path: entry ? [entry.key] : [], message: `the HTTP filter chain must end with ${rule.name} (@type ${TYPE_URL_PREFIX}${rule.terminal}); it has no filters` });
      continue;
    }
    const last = filters[filters.length - 1];
    const lastUrl = isMapping(last) && isMapping(last.typed_config) ? last.typed_config['@type'] : undefined;
    const lastType = typeof lastUrl === 'string' ? lastUrl.slice(lastUrl.lastIndexOf('/') + 1) : undefined;
    // A last filter without typed_config, or with an @type that does not resolve, is already reported.
    if (!lastType || !own(api.messages, lastType)) continue;
    if (lastType !== rule.terminal) {
      const lastName = typeof last.name === 'string' ? last.name : lastType;
      problems.push({ path: [entry!.key], message: `the HTTP filter chain must end with ${rule.name} (@type ${TYPE_URL_PREFIX}${rule.terminal}); the last filter is "${lastName}"` });
    }
  }
  return problems;
}
