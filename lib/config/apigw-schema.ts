import { z } from 'zod';
import { dnsName, logRetentionDays, resourceKey } from './primitives';
import type { DnsConfig } from './dns-schema';
import { DEFAULT_PRIVATE_ZONE_LABEL, reportCertificateNames } from './dns-schema';
import type { GuardrailsConfig } from './guardrails-schema';
import type { ServiceConfig } from './services-schema';
import { recordNameProblem } from '../dns/dns-names';
import { integrationHostProblem } from '../apigw/integration-host';
import { apiMethodPaths } from '../apigw/construct-paths';
import { ownValue } from '../util/prototype-keys';
import { API_AUTHORIZATION_TYPES, EXECUTE_API_ENDPOINT_MODES, type ApiAuthorization } from '../apigw/service-rest-api';

export { API_AUTHORIZATION_TYPES, type ApiAuthorization } from '../apigw/service-rest-api';

/**
 * The `apiGateway` section: the REST APIs in front of the `ingress: apigw`
 * services (API Gateway → VPC link → internal NLB → Envoy). Environment-wide
 * settings at the top, per-service settings under `services.<name>` (keyed by
 * the service name of the `services` section, so services-schema.ts stays the
 * ECS/Envoy contract).
 */

/**
 * Default NLB listener port of an `apigw` service: the HTTPS port. It never depends on a service's position in the
 * services map (reordering keys must not move a listener); a second service sets its own `listenerPort`, and two
 * services on one port is an error naming both.
 */
export const DEFAULT_LISTENER_PORT = 443;
/** Default label of the API custom domain: `api.<dns.domain>`. */
export const DEFAULT_API_DOMAIN_LABEL = 'api';

const listenerPort = z
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole port number' })
  .min(1, { error: 'expected a port of at least 1' })
  .max(65535, { error: 'expected a port of at most 65535' });

/** API Gateway stage names: letters, digits, hyphens and underscores (https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html). */
const stageName = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'expected a stage name of letters, digits, "-" and "_"' });

/** A base path of the custom domain without leading or trailing slash, e.g. `orders` or `v2/orders`. */
const basePath = z.string().regex(/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, {
  error: 'expected a base path without leading or trailing slash, such as orders or v2/orders',
});

const apiServiceSchema = z.strictObject({
  /** @default v1 */
  stageName: stageName.default('v1'),
  /** Path of this API under the custom domain: `https://<domain>/<basePath>/…`. @default - the service name */
  basePath: basePath.optional(),
  /**
   * The NLB's name for this service: the integration URI's host, which API Gateway checks against the listener
   * certificate, and an alias in the private zone when there is one. @default <service>.<private zone name>
   */
  hostName: dnsName.optional(),
  /** Names on the listener's ACM certificate (inside dns.domain; a wildcard such as *.internal.<domain> is fine). @default [hostName] */
  certificateNames: z.array(dnsName).min(1, { error: 'expected at least one name' }).optional(),
  /** The NLB listener port of this service. @default - apiGateway.nlb.defaultListenerPort (443): each further apigw service needs its own */
  listenerPort: listenerPort.optional(),
  /** @default AWS_IAM: callers sign requests with SigV4 and need execute-api:Invoke on the stage */
  authorization: z.enum(API_AUTHORIZATION_TYPES).default('AWS_IAM'),
  /** Required with `authorization: NONE`: why anyone on the internet may call this API. */
  unauthenticatedReason: z.string().trim().min(20, { error: 'expected a written reason of at least 20 characters' }).optional(),
  /** Stage-wide throttling of all methods (the account limit is 10,000 rps with a burst of 5,000 per region). */
  throttling: z
    .strictObject({
      /** Steady-state requests per second. @default 500 */
      rateLimit: z.number().positive({ error: 'expected a positive number of requests per second' }).default(500),
      /** Requests allowed in a burst (token bucket size). @default 1000 */
      burstLimit: z.number().int().positive({ error: 'expected a positive whole number of requests' }).default(1000),
    })
    .prefault({}),
  /** X-Ray tracing of the stage. @default false */
  xrayTracing: z.boolean().default(false),
});

export const apiGatewaySchema = z
  .strictObject({
    /** The regional custom domain all APIs are mapped under (by base path). */
    domain: z
      .strictObject({
        /** @default api.<dns.domain> */
        name: dnsName.optional(),
      })
      .prefault({}),
    /**
     * Set API Gateway's account-level CloudWatch Logs role (aws_api_gateway_account), which stage logging needs. It is one
     * setting per account and region: let exactly one stack per account/region manage it. @default true
     */
    manageAccountCloudWatchRole: z.boolean().default(true),
    /**
     * The APIs' default execute-api endpoint. `disabled`: callers must come through the custom domain (API Gateway
     * answers 403 on the default endpoint), so one host, one TLS policy and one access path to audit; `enabled` keeps
     * it, e.g. for clients that still call `<api id>.execute-api.<region>.amazonaws.com`. @default disabled
     */
    executeApiEndpoint: z.enum(EXECUTE_API_ENDPOINT_MODES).default('disabled'),
    accessLogs: z
      .strictObject({
        /** @default - logs.retentionDays */
        retentionDays: logRetentionDays.optional(),
      })
      .prefault({}),
    nlb: z
      .strictObject({
        /** The listener port of an apigw service that sets no `listenerPort`. @default 443 */
        defaultListenerPort: listenerPort.default(DEFAULT_LISTENER_PORT),
      })
      .prefault({}),
    /** Per-service settings by service name (services with ingress: apigw only). @default {} */
    services: z.record(resourceKey, apiServiceSchema).default({}),
  })
  .prefault({});

export type ApiGatewayConfig = z.output<typeof apiGatewaySchema>;
type ApiServiceConfig = z.output<typeof apiServiceSchema>;

/** One `ingress: apigw` service's API settings with every default resolved. */
export interface ResolvedApiService {
  readonly stageName: string;
  readonly basePath: string;
  readonly hostName: string;
  readonly certificateNames: readonly string[];
  readonly listenerPort: number;
  readonly authorization: ApiAuthorization;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly xrayTracing: boolean;
}

/** What the resolution reads from the rest of the environment. */
export interface ApiGatewayContext {
  readonly apiGateway: ApiGatewayConfig;
  readonly services: Readonly<Record<string, Pick<ServiceConfig, 'ingress'>>>;
  readonly dns: Pick<DnsConfig, 'domain' | 'privateZone'>;
}

/** The custom domain's name, default resolved. */
export function apiDomainName(context: Pick<ApiGatewayContext, 'apiGateway' | 'dns'>): string {
  return context.apiGateway.domain.name ?? `${DEFAULT_API_DOMAIN_LABEL}.${context.dns.domain}`;
}

/** The names of the services with `ingress: apigw`, in the order of the services section. */
export function apiGatewayServiceNames(services: ApiGatewayContext['services']): string[] {
  return Object.entries(services)
    .filter(([, service]) => service.ingress === 'apigw')
    .map(([name]) => name);
}

/**
 * Every `ingress: apigw` service's settings with defaults resolved, in the
 * order of the services section. Defaults that read other sections (the
 * private zone's name) are resolved here, once, for both the checks and the stack.
 */
export function resolveApiServices(context: ApiGatewayContext): Record<string, ResolvedApiService> {
  const privateZone = context.dns.privateZone?.name ?? `${DEFAULT_PRIVATE_ZONE_LABEL}.${context.dns.domain}`;
  return Object.fromEntries(
    apiGatewayServiceNames(context.services).map((name) => {
      const settings: ApiServiceConfig = ownValue(context.apiGateway.services, name) ?? apiServiceSchema.parse({});
      const hostName = settings.hostName ?? `${name}.${privateZone}`;
      const resolved: ResolvedApiService = {
        stageName: settings.stageName,
        basePath: settings.basePath ?? name,
        hostName,
        certificateNames: settings.certificateNames ?? [hostName],
        listenerPort: settings.listenerPort ?? context.apiGateway.nlb.defaultListenerPort,
        authorization: settings.authorization,
        throttling: settings.throttling,
        xrayTracing: settings.xrayTracing,
      };
      return [name, resolved];
    }),
  );
}

/** Cross-section rules of `apiGateway`, reported at the offending key; runs in the environment's superRefine. */
export function checkApiGateway(context: ApiGatewayContext & { readonly guardrails: GuardrailsConfig }, ctx: z.RefinementCtx): void {
  const { apiGateway, dns } = context;
  const at = (service: string, ...keys: (string | number)[]) => ['apiGateway', 'services', service, ...keys];
  const resolved = resolveApiServices(context);
  const names = Object.keys(resolved);

  for (const [name, settings] of Object.entries(apiGateway.services)) {
    const ingress = context.services[name]?.ingress;
    if (ingress !== 'apigw') {
      ctx.addIssue({
        code: 'custom',
        path: at(name),
        message: `expected the name of a service with ingress: apigw (${names.join(', ') || 'there is none'}), got ${name}${ingress ? ` (ingress: ${ingress})` : ' (not in services)'}`,
      });
      continue;
    }
    if (settings.authorization === 'NONE' && settings.unauthenticatedReason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: at(name, 'unauthenticatedReason'),
        message: 'expected a written reason because authorization is NONE: anyone on the internet could call this API',
      });
    }
    if (settings.authorization !== 'NONE' && settings.unauthenticatedReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: at(name, 'unauthenticatedReason'), message: `expected no reason because authorization is ${settings.authorization}` });
    }
    if (settings.authorization === 'NONE') {
      const suppressed = new Set(context.guardrails.suppressions.filter((s) => s.rule === 'apigw-method-authorized' && s.stack === 'platform').map((s) => s.resource));
      const missing = apiMethodPaths(name).filter((path) => !suppressed.has(path));
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: at(name, 'authorization'),
          message: `authorization NONE also needs guardrails.suppressions of rule apigw-method-authorized for ${missing.join(' and ')}`,
        });
      }
    }
  }
  if (names.length === 0) return;

  const privateZone = dns.privateZone?.name;
  const ports = new Map<number, string>();
  const basePaths = new Map<string, string>();
  for (const [name, service] of Object.entries(resolved)) {
    const explicit: Partial<ApiServiceConfig> = ownValue(apiGateway.services, name) ?? {};
    const hostPath = explicit.hostName === undefined ? at(name) : at(name, 'hostName');
    const hostProblem = privateZone ? recordNameProblem(service.hostName, privateZone) : undefined;
    if (hostProblem) ctx.addIssue({ code: 'custom', path: hostPath, message: `the NLB's name gets an alias in the private zone: ${hostProblem}` });
    const certificatePaths = explicit.certificateNames === undefined ? [hostPath] : service.certificateNames.map((_, index) => at(name, 'certificateNames', index));
    reportCertificateNames(ctx, service.certificateNames, certificatePaths, at(name, 'certificateNames'), dns.domain);
    const coverage = integrationHostProblem(service.hostName, service.certificateNames);
    if (coverage) ctx.addIssue({ code: 'custom', path: hostPath, message: coverage });

    const portPath = explicit.listenerPort === undefined ? at(name) : at(name, 'listenerPort');
    const portOwner = ports.get(service.listenerPort);
    if (portOwner) {
      const source = explicit.listenerPort === undefined ? ' (apiGateway.nlb.defaultListenerPort, the default)' : '';
      ctx.addIssue({ code: 'custom', path: portPath, message: `NLB listener port ${service.listenerPort}${source} is already used by ${portOwner}; give ${name} its own listenerPort` });
    } else ports.set(service.listenerPort, name);

    const pathOwner = basePaths.get(service.basePath);
    if (pathOwner) {
      ctx.addIssue({
        code: 'custom',
        path: explicit.basePath === undefined ? at(name) : at(name, 'basePath'),
        message: `base path ${service.basePath} of the custom domain is already mapped to ${pathOwner}`,
      });
    } else basePaths.set(service.basePath, name);
  }
  reportCertificateNames(ctx, [apiDomainName(context)], [['apiGateway', 'domain', 'name']], ['apiGateway', 'domain', 'name'], dns.domain);
}
