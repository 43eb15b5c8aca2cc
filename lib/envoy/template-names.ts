/**
 * The names of the Envoy templates (envoy/templates/<name>.yaml) and the kind
 * of value an environment may override in them. Kept apart, without imports,
 * so the config schema can check override shapes without reading templates.
 */
export const ENVOY_TEMPLATES = ['bootstrap', 'ingress-tls', 'local-ratelimit', 'oauth2', 'egress-sigv4'] as const;
export type EnvoyTemplateName = (typeof ENVOY_TEMPLATES)[number];

/** A template value: what `values:` may hold and an override may replace. */
export type TemplateValue = string | number | boolean | readonly string[];
