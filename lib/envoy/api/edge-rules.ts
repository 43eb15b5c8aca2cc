import type { ConfigPath } from './config-path';

/**
 * Envoy's edge best practices that the API schema cannot express
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/best_practices/edge). A connection manager with
 * `use_remote_address: true` faces clients (that setting is the same page's first rule for an edge proxy): there,
 * the default escaped-slash handling (`KEEP_UNCHANGED`) leaves `%2F` in the path Envoy routes and authorises on, and
 * the application may decode it: `/assets/..%2Fadmin` matches an unauthenticated `/assets/` pass-through of the
 * OAuth2 filter and reaches `/admin`. The page asks for `REJECT_REQUEST` (clients that send normalized paths) or
 * `UNESCAPE_AND_REDIRECT` (clients that follow redirects, browsers): either way Envoy, the client and the
 * application see the same path.
 */

const ACCEPTED: readonly { name: string; number: number }[] = [
  { name: 'REJECT_REQUEST', number: 2 },
  { name: 'UNESCAPE_AND_REDIRECT', number: 3 },
];

export interface EdgeProblem {
  /** Relative to the connection manager's config. */
  readonly path: ConfigPath;
  readonly message: string;
}

/** Problems of one `HttpConnectionManager` (as written, snake_case or JSON names). */
export function escapedSlashesAtEdge(hcm: Record<string, unknown>): EdgeProblem[] {
  const remote = hcm.use_remote_address ?? hcm.useRemoteAddress;
  if (remote !== true) return [];
  const key = 'path_with_escaped_slashes_action' in hcm ? 'path_with_escaped_slashes_action' : 'pathWithEscapedSlashesAction' in hcm ? 'pathWithEscapedSlashesAction' : undefined;
  const value = key === undefined ? undefined : hcm[key];
  if (ACCEPTED.some((action) => value === action.name || value === action.number)) return [];
  return [
    {
      path: key === undefined ? [] : [key],
      message:
        `${key === undefined ? 'path_with_escaped_slashes_action is not set' : `"${key}" is ${JSON.stringify(value)}`} on a connection manager with use_remote_address: true (an edge listener): ` +
        `%2F and %5C stay in the path Envoy routes on, so a path such as /public/..%2Fadmin can pass a prefix rule and reach another path of the application; ` +
        `set it to ${ACCEPTED.map((action) => action.name).join(' or ')} (Envoy's edge best practices)`,
    },
  ];
}
