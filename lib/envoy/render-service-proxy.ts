import { createHash } from 'crypto';
import { stringify } from 'yaml';
import type { EnvoySettings, ProxyService, ResolvedEgressTarget } from './proxy-spec';
import { formatConfigPath } from './api/config-path';
import type { ApiDescriptor } from './api/api-types';
import { validateEnvoyConfig } from './api/validate-envoy-config';
import type { EnvoyProxyBundle, EnvoyProxyPorts, EnvoySecretReference } from './envoy-proxy-bundle';
import { ingressHttpFilters, type IngressHttpFilter } from './http-filters';
import { SECRET_VARIABLES } from './secret-variables';
import { ENVOY_TEMPLATES, renderSection, sourceAt, traceAt, type EnvoyTemplateName, type EnvoyTemplateSet, type TemplateValue } from './templates';
import type { ConfigPath } from './api/config-path';
import { invalidProps } from '../util/user-error';
import { envoyConfigError } from './envoy-config-error';

/** What rendering reads besides the environment: the parsed templates and Envoy's API, read once per synth by the pipeline. */
export interface EnvoyRenderInputs {
  readonly templates: EnvoyTemplateSet;
  readonly api: ApiDescriptor;
}

export interface RenderServiceProxyProps {
  /** Environment name, e.g. `dev`. */
  readonly environment: string;
  readonly project: string;
  /** The environment's `envoy` settings. */
  readonly envoy: EnvoySettings;
  readonly serviceName: string;
  readonly service: ProxyService;
  /** The service's egress targets as its listeners reach them (port, region, host), by target name: the resolved model's. */
  readonly egress: Readonly<Record<string, ResolvedEgressTarget>>;
  /** Secrets Manager secret with the ingress listener's certificate and key: the resolved model's `envoyTlsSecretName`. */
  readonly tlsSecretName: string;
}

/** The roles a service's sidecar plays in an environment, in render order; empty when it needs no Envoy. */
export function proxyTemplates(service: ProxyService, envoy: EnvoySettings): EnvoyTemplateName[] {
  const ingress = service.ingress !== 'none' && envoy.listeners.ingress;
  const egress = Object.keys(service.egress).length > 0 && envoy.listeners.egress;
  const templates: EnvoyTemplateName[] = ['bootstrap'];
  if (ingress) templates.push('ingress-tls', ...ingressHttpFilters(service).map((filter) => filter.template));
  if (egress) templates.push('egress-sigv4');
  return templates.length > 1 ? templates : [];
}

/**
 * Renders, validates and packages the Envoy sidecar of one service. Throws
 * UserError (naming environment, service, template and path) if the
 * rendered bootstrap does not validate against Envoy's v3 API, and
 * UserError if the service needs no sidecar (see proxyTemplates).
 */
export function renderServiceProxy(props: RenderServiceProxyProps, inputs: EnvoyRenderInputs): EnvoyProxyBundle {
  const { environment, envoy, serviceName, service } = props;
  const templates = proxyTemplates(service, envoy);
  if (templates.length === 0) {
    throw invalidProps('renderServiceProxy', `service ${serviceName} has no ingress and no egress targets in ${environment}, so it needs no Envoy sidecar`);
  }
  const ingress = templates.includes('ingress-tls') && service.ingress !== 'none' ? service.ingress : undefined;
  const filters = ingress ? ingressHttpFilters(service) : [];
  const egress = templates.includes('egress-sigv4') ? props.egress : {};

  const overridden = overriddenVariables(envoy.overrides);
  const bootstrap = renderBootstrap(props, inputs.templates, { ingress: ingress !== undefined, filters, egress }, (variable) => overridden.has(variable));
  // Strict: the project's own bundles use no deprecated field.
  const problems = validateEnvoyConfig(bootstrap, inputs.api, { strict: true });
  if (problems.length > 0) {
    throw envoyConfigError(
      problems.map((problem) => {
        // The renderer marked each field an override wrote: a problem at (or below) one is that override's.
        const variable = traceAt(bootstrap, problem.path);
        const override = variable === undefined ? undefined : overridden.get(variable);
        return {
          environment,
          service: serviceName,
          source: sourceAt(bootstrap, problem.path) ?? inputs.templates.bootstrap.file,
          path: formatConfigPath(problem.path),
          message: problem.message,
          ...(override ? { override } : {}),
        };
      }),
    );
  }

  const json = JSON.stringify(bootstrap);
  const command = ['--config-yaml', json, '--log-level', envoy.logLevel];
  const ports: EnvoyProxyPorts = {
    ...(ingress ? { ingress: { port: envoy.ports.ingress, kind: ingress, healthPath: service.healthPath } } : {}),
    admin: { address: '127.0.0.1', port: envoy.ports.admin, readinessPath: '/ready' },
    egress: Object.fromEntries(Object.entries(egress).map(([name, { pathPrefix: _, ...port }]) => [name, port])),
  };
  const { tlsSecretName } = props;
  const secrets: EnvoySecretReference[] = [
    ...(ingress
      ? [
          { environmentVariable: SECRET_VARIABLES.tlsCertificate, secretName: tlsSecretName, jsonKey: 'certificate' },
          { environmentVariable: SECRET_VARIABLES.tlsPrivateKey, secretName: tlsSecretName, jsonKey: 'privateKey' },
        ]
      : []),
    ...filters.flatMap((filter) => filter.secrets(service)),
  ];
  return {
    environment,
    serviceName,
    templates,
    image: envoy.image,
    bootstrap,
    yaml: stringify(bootstrap, { lineWidth: 0 }),
    json,
    sha256: createHash('sha256').update(json).digest('hex'),
    command,
    commandBytes: Buffer.byteLength(JSON.stringify(command), 'utf8'),
    ports,
    secrets,
  };
}

/**
 * Renders the role templates into listeners, clusters and secrets, and the
 * bootstrap template around them. Order: ingress first, then the identity
 * provider, then the egress targets in the order of the service's map.
 */
function renderBootstrap(
  props: RenderServiceProxyProps,
  templates: EnvoyTemplateSet,
  roles: { ingress: boolean; filters: readonly IngressHttpFilter[]; egress: Readonly<Record<string, ResolvedEgressTarget>> },
  traced: (variable: string) => boolean,
): Record<string, unknown> {
  const { envoy, service } = props;
  const context = {
    environment: props.environment,
    project: props.project,
    service: { name: props.serviceName, containerPort: service.containerPort, healthPath: service.healthPath },
    ports: { ingress: envoy.ports.ingress, admin: envoy.ports.admin },
    timeouts: {
      connect: duration(envoy.timeouts.connectSeconds),
      request: duration(envoy.timeouts.requestSeconds),
      egressRequest: duration(envoy.timeouts.egressRequestSeconds),
      idle: duration(envoy.timeouts.idleSeconds),
      healthCheck: duration(envoy.timeouts.healthCheckSeconds),
    },
    circuitBreakers: envoy.circuitBreakers,
    secretVariables: SECRET_VARIABLES,
    values: templateValues(templates, envoy.overrides),
  };
  const render = (name: EnvoyTemplateName, section: string, extra: Record<string, unknown> = {}) => renderSection(templates[name], section, { ...context, ...extra }, traced) as unknown[];

  const listeners: unknown[] = [];
  const clusters: unknown[] = [];
  const secrets: unknown[] = [];
  if (roles.ingress) {
    // The registry's filters in chain order (lib/envoy/http-filters.ts); the template adds the router last.
    const ingressHttpFilters = roles.filters.flatMap((filter) => render(filter.template, 'httpFilters', filter.variables(service)));
    listeners.push(...render('ingress-tls', 'listeners', { fragments: { ingressHttpFilters } }));
    clusters.push(...render('ingress-tls', 'clusters'));
  }
  for (const filter of roles.filters) {
    const variables = filter.variables(service);
    if (filter.sections.includes('clusters')) clusters.push(...render(filter.template, 'clusters', variables));
    if (filter.sections.includes('secrets')) secrets.push(...render(filter.template, 'secrets', variables));
  }
  for (const [name, target] of Object.entries(roles.egress)) {
    const extra = { target: { ...target, name, unsignedPayload: target.signingName === 's3' }, upstream: { cluster: `egress_${name}`, host: target.host, port: 443 } };
    listeners.push(...render('egress-sigv4', 'listeners', extra));
    // The signer runs as an upstream filter of the target's cluster (after the route's rewrites),
    // so the shared TLS cluster partial gets this template's protocol options.
    const typedExtensionProtocolOptions = renderSection(templates['egress-sigv4'], 'clusterProtocolOptions', { ...context, ...extra }, traced);
    clusters.push(...render('egress-sigv4', 'clusters', extra).map((c) => Object.assign(c as object, { typed_extension_protocol_options: typedExtensionProtocolOptions })));
  }
  return renderSection(templates.bootstrap, 'bootstrap', { ...context, fragments: { listeners, clusters, secrets } }, traced) as Record<string, unknown>;
}

/** The template variables the environment overrides (`values.<template>.<key>`) → the override's path under `envoy`. */
function overriddenVariables(overrides: Readonly<Record<string, Readonly<Record<string, TemplateValue>>>>): ReadonlyMap<string, ConfigPath> {
  return new Map(Object.entries(overrides).flatMap(([template, values]) => Object.keys(values).map((key) => [`values.${template}.${key}`, ['overrides', template, key]] as const)));
}

/** Template defaults with the environment's overrides applied, by template. */
function templateValues(templates: EnvoyTemplateSet, overrides: Readonly<Record<string, Readonly<Record<string, TemplateValue>>>>): Record<string, Record<string, TemplateValue>> {
  return Object.fromEntries(ENVOY_TEMPLATES.map((name) => [name, { ...templates[name].values, ...overrides[name] }]));
}

/** Seconds as a proto3 JSON Duration: 2 → "2s", 0.25 → "0.25s". */
function duration(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}
