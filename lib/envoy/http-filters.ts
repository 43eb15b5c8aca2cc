import type { z } from 'zod';
import type { EnvoySecretReference } from './envoy-proxy-bundle';
import { localRateLimitSchema } from './http-filter-config';
import type { OAuth2Profile, ProxyService } from './proxy-spec';
import { SECRET_VARIABLES } from './secret-variables';
import type { EnvoyTemplateName } from './template-names';

/**
 * The HTTP filters of the ingress listener, in one place: adding a filter is
 * a template (envoy/templates/<name>.yaml with an `httpFilters` section), a
 * config key on the service and an entry here (docs/envoy.md, "How to add an
 * HTTP filter"). Rendering (render-service-proxy.ts) only loops over this
 * list: it has no per-filter code.
 */
export interface IngressHttpFilter {
  /** Envoy's extension name, e.g. `envoy.filters.http.local_ratelimit`. */
  readonly name: string;
  /** The template holding the filter (section `httpFilters`) and any `clusters` or `secrets` it needs. */
  readonly template: EnvoyTemplateName;
  /** Position in the chain: ascending; the router (partials/router.yaml) always ends it. */
  readonly order: number;
  /** The service key that turns the filter on and configures it; its schema is `schema`. */
  readonly configKey: 'rateLimit' | 'oauth2';
  /** The config's schema (lib/config/services-schema.ts puts it under services.<name>.<configKey>), when the registry owns it. */
  readonly schema?: z.ZodType;
  /** Sections of the template besides `httpFilters` that the filter contributes to the bootstrap. */
  readonly sections: readonly ('clusters' | 'secrets')[];
  /** The template's variables, from the service (its config is present). */
  variables(service: ProxyService): Record<string, unknown>;
  /** Secrets the filter reads from environment variables that ECS fills from Secrets Manager. */
  secrets(service: ProxyService): EnvoySecretReference[];
}

/** The registry, in chain order. */
export const INGRESS_HTTP_FILTERS: readonly IngressHttpFilter[] = [
  {
    name: 'envoy.filters.http.local_ratelimit',
    template: 'local-ratelimit',
    // First: a request over the limit costs no login redirect and no token exchange.
    order: 10,
    configKey: 'rateLimit',
    schema: localRateLimitSchema,
    sections: [],
    variables: (service) => {
      const limit = service.rateLimit!;
      return { rateLimit: { maxTokens: limit.burst ?? limit.requestsPerSecond, tokensPerFill: limit.requestsPerSecond, fillInterval: '1s' } };
    },
    secrets: () => [],
  },
  {
    name: 'envoy.filters.http.oauth2',
    template: 'oauth2',
    order: 20,
    configKey: 'oauth2',
    sections: ['clusters', 'secrets'],
    variables: (service) => oauth2Variables(service.oauth2!, service.healthPath),
    secrets: (service) => [
      { environmentVariable: SECRET_VARIABLES.oauth2ClientSecret, secretName: service.oauth2!.clientSecretName },
      { environmentVariable: SECRET_VARIABLES.oauth2HmacSecret, secretName: service.oauth2!.hmacSecretName },
    ],
  },
];

/** The filters a service's ingress listener runs, in chain order. */
export function ingressHttpFilters(service: ProxyService): IngressHttpFilter[] {
  return [...INGRESS_HTTP_FILTERS].filter((filter) => service[filter.configKey] !== undefined).sort((a, b) => a.order - b.order);
}

/** The oauth2 template's variables: the profile, the identity provider's cluster, the paths served without login. */
function oauth2Variables(oauth2: OAuth2Profile, healthPath: string): Record<string, unknown> {
  const tokenEndpoint = new URL(oauth2.tokenEndpoint);
  const passThroughMatchers = [{ name: ':path', string_match: { exact: healthPath } }, ...oauth2.publicPathPrefixes.map((prefix) => ({ name: ':path', string_match: { prefix } }))];
  return {
    oauth2: { ...oauth2, passThroughMatchers },
    upstream: { cluster: 'oauth2_idp', host: tokenEndpoint.hostname, port: Number(tokenEndpoint.port || 443) },
  };
}
