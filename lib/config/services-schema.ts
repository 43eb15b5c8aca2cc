import { checkRenamedFrom } from './renamed-from-checks';
import { z } from 'zod';
import type { EnvoyConfig } from './envoy-schema';
import { awsRegion, containerPort, resourceKey, s3BucketName, secretName } from './primitives';
import { ecsServiceShape } from './ecs-schema';
import { INGRESS_KINDS } from '../envoy/proxy-spec';
import { egressPort as resolvedEgressPort } from './derived-values';
import { localRateLimitSchema } from '../envoy/http-filter-config';

/**
 * The `services` section: one entry per ECS service, keyed by a stable
 * service name. This file holds what the Envoy sidecar needs; the ECS
 * capability extends each entry (image, cpu, memory, counts…) by spreading
 * `serviceShape` into its own strict object.
 */

export const urlPath = z.string().regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, { error: 'expected an absolute URL path such as /healthz' });

const httpsUrl = z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/, { error: 'expected an https:// URL without query, such as https://login.example.com/oauth2/token' });

const egressPort = containerPort.optional();

/** Requests to one S3 bucket, signed with service name `s3` and the payload left unsigned (streamed). */
const s3Target = z.strictObject({
  type: z.literal('s3'),
  bucket: s3BucketName,
  /** @default - the environment's region */
  region: awsRegion.optional(),
  /** Listener port on 127.0.0.1. @default - envoy.ports.egressBase; give each other target of the service its own port */
  port: egressPort,
});

/** Requests to one API Gateway stage (REST or HTTP API with IAM auth), signed with service name `execute-api`. */
const apiGatewayTarget = z.strictObject({
  type: z.literal('execute-api'),
  apiId: z.string().regex(/^[a-z0-9]{10}$/, { error: 'expected an API Gateway API id: 10 lowercase letters and digits' }),
  stage: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'expected a stage name of letters, digits, "-" and "_"' }),
  /** @default - the environment's region */
  region: awsRegion.optional(),
  /** Listener port on 127.0.0.1. @default - envoy.ports.egressBase; give each other target of the service its own port */
  port: egressPort,
});

/**
 * Requests to the API Gateway API of an `ingress: apigw` service of this
 * environment, by service name: its id is only known after apply, so Envoy
 * calls it through the environment's API custom domain and base path, and
 * the task role gets `execute-api:Invoke` on its stage.
 */
const environmentApiTarget = z.strictObject({
  type: z.literal('environment-api'),
  service: resourceKey,
  /** Listener port on 127.0.0.1. @default - envoy.ports.egressBase; give each other target of the service its own port */
  port: egressPort,
});

export const egressTargetSchema = z.discriminatedUnion('type', [s3Target, apiGatewayTarget, environmentApiTarget], {
  error: 'expected type: s3, execute-api or environment-api',
});

/** OAuth2 login for a browser-facing service (authorization code flow, Envoy's oauth2 filter). */
const oauth2Profile = z.strictObject({
  authorizationEndpoint: httpsUrl,
  tokenEndpoint: httpsUrl,
  clientId: z.string().min(1, { error: 'expected the OAuth2 client id' }),
  /** @default [openid, email]: the filter's own default scope ("user") is refused by OpenID Connect providers */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { error: 'expected an OAuth2 scope token such as openid' }))
    .min(1, { error: 'expected at least one scope' })
    .default(['openid', 'email']),
  /** Secrets Manager secret holding the client secret. */
  clientSecretName: secretName,
  /** Secrets Manager secret holding the key that signs the session cookies: one per service, shared by its tasks. */
  hmacSecretName: secretName,
  /** @default /oauth2/callback */
  callbackPath: urlPath.default('/oauth2/callback'),
  /** @default /oauth2/signout */
  signoutPath: urlPath.default('/oauth2/signout'),
  /** Path prefixes served without login, besides the health path. @default [] */
  publicPathPrefixes: z.array(urlPath).default([]),
});

/** The Envoy-related part of a service entry; spread it into a service schema that adds more keys. */
export const serviceShape = {
  /** Where the load balancer's traffic comes from: an ALB, API Gateway through a VPC link and NLB, or nowhere. */
  ingress: z.enum(INGRESS_KINDS, {
    error: (issue) => (issue.input === undefined ? 'expected alb, apigw or none' : undefined),
  }),
  /** Port the application listens on, on localhost. Required unless ingress is none. */
  containerPort: containerPort.optional(),
  /** The application's health path; the load balancer checks it through Envoy. @default /healthz */
  healthPath: urlPath.default('/healthz'),
  /** AWS endpoints the application calls through Envoy's signing proxy, by a stable target name. @default {} */
  egress: z.record(resourceKey, egressTargetSchema).default({}),
  /** @default - no login in front of the service */
  oauth2: oauth2Profile.optional(),
  /** Per-task local rate limit of the ingress listener (Envoy's local_ratelimit filter, lib/envoy/http-filters.ts). @default - no limit */
  rateLimit: localRateLimitSchema.optional(),
};

/** A service entry: the Envoy keys above plus the ECS keys of lib/config/ecs-schema.ts. */
export const serviceSchema = z.strictObject({ ...serviceShape, ...ecsServiceShape });
export const servicesSchema = z.record(resourceKey, serviceSchema).default({});

export type ServiceConfig = z.output<typeof serviceSchema>;

/** Cross-field rules of the services section, reported at the offending key. */
export function checkServices(services: Readonly<Record<string, ServiceConfig>>, envoy: EnvoyConfig, ctx: z.RefinementCtx): void {
  checkRenamedFrom(services, ['services'], ctx);
  for (const [name, service] of Object.entries(services)) {
    const at = (...keys: (string | number)[]) => ['services', name, ...keys];
    if (service.ingress !== 'none' && service.containerPort === undefined) {
      ctx.addIssue({ code: 'custom', path: at('containerPort'), message: `expected the application's port because ingress is ${service.ingress}` });
    }
    if (service.rateLimit && service.ingress === 'none') {
      ctx.addIssue({ code: 'custom', path: at('rateLimit'), message: 'rateLimit limits the ingress listener, so it needs ingress: alb or apigw, got none' });
    }
    if (service.oauth2 && service.ingress !== 'alb') {
      ctx.addIssue({ code: 'custom', path: at('oauth2'), message: `oauth2 logs browsers in through the ALB, so it needs ingress: alb, got ${service.ingress}` });
    }
    for (const [target, config] of Object.entries(service.egress)) {
      if (config.type === 'environment-api' && services[config.service]?.ingress !== 'apigw') {
        const apis = Object.keys(services).filter((other) => services[other].ingress === 'apigw');
        ctx.addIssue({
          code: 'custom',
          path: at('egress', target, 'service'),
          message: `expected a service with ingress: apigw (${apis.join(', ') || 'none in this environment'}), got ${config.service}`,
        });
      }
      // Virtual-hosted S3 names are covered by the wildcard certificate *.s3.<region>.amazonaws.com only without dots.
      if (config.type === 's3' && config.bucket.includes('.')) {
        ctx.addIssue({
          code: 'custom',
          path: at('egress', target, 'bucket'),
          message: `expected a bucket name without dots: ${config.bucket}.s3.<region>.amazonaws.com does not match S3's TLS certificate`,
        });
      }
    }
    if (service.oauth2) checkPublicPaths(service.oauth2, at, ctx);
    checkPorts(service, envoy, at, ctx);
  }
  checkListenerRoles(services, envoy, ctx);
}

/**
 * Paths served without login are Envoy's `pass_through_matcher`s, which the OAuth2 filter checks before anything
 * else (https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/http/oauth2/v3/oauth.proto): a prefix
 * that matches every path turns the login off silently, and one that matches the callback or sign-out path breaks it.
 */
function checkPublicPaths(oauth2: z.output<typeof oauth2Profile>, at: (...keys: (string | number)[]) => (string | number)[], ctx: z.RefinementCtx): void {
  oauth2.publicPathPrefixes.forEach((prefix, index) => {
    const path = at('oauth2', 'publicPathPrefixes', index);
    if (prefix === '/') {
      ctx.addIssue({
        code: 'custom',
        path,
        message:
          '"/" is a prefix of every path, so no request would need a login and the OAuth2 filter would protect nothing; list the public prefixes (such as /assets/), or remove oauth2 to serve the service without login',
      });
      return;
    }
    for (const [key, own] of [
      ['callbackPath', oauth2.callbackPath],
      ['signoutPath', oauth2.signoutPath],
    ] as const) {
      if (own.startsWith(prefix)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${prefix}" covers oauth2.${key} ${own}: the OAuth2 filter passes matching requests through before it handles them, so ${key === 'callbackPath' ? 'the login never completes' : 'signing out never clears the session'}; use a prefix that leaves ${own} out`,
        });
      }
    }
  });
}

/**
 * `envoy.listeners` turns a role off for every service; refused at that key when a service still relies on it: with
 * the ingress listener off, an ALB would reach the application's port directly (no TLS to the task, and no OAuth2
 * login or rate limit in front of it) and API Gateway's NLB would reach nothing; with the egress listener off, the
 * application's calls to its signing proxy on localhost are refused.
 */
function checkListenerRoles(services: Readonly<Record<string, ServiceConfig>>, envoy: EnvoyConfig, ctx: z.RefinementCtx): void {
  const entries = Object.entries(services);
  const served = entries.filter(([, service]) => service.ingress !== 'none');
  if (!envoy.listeners.ingress && served.length > 0) {
    const described = served.map(([name, service]) => `${name} (ingress: ${service.ingress}${service.oauth2 ? ', OAuth2 login' : ''}${service.rateLimit ? ', rate limit' : ''})`);
    ctx.addIssue({
      code: 'custom',
      path: ['envoy', 'listeners', 'ingress'],
      message:
        `false turns off Envoy's TLS listener, which ${described.join(', ')} ${served.length === 1 ? 'takes' : 'take'} traffic through: ` +
        "an ALB would reach the application's port without TLS, login or rate limit, and API Gateway would reach nothing; remove it, or give those services ingress: none",
    });
  }
  const signing = entries.filter(([, service]) => Object.keys(service.egress).length > 0);
  if (!envoy.listeners.egress && signing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['envoy', 'listeners', 'egress'],
      message:
        `false turns off Envoy's signing egress listeners, but ${signing.map(([name, service]) => `${name} (${Object.keys(service.egress).join(', ')})`).join(', ')} ` +
        `${signing.length === 1 ? 'declares' : 'declare'} egress targets: the application's calls to them on localhost would be refused; remove it, or remove those egress targets`,
    });
  }
}

/** Every port one Envoy and its application use in the task's network namespace must differ. */
function checkPorts(service: ServiceConfig, envoy: EnvoyConfig, at: (...keys: (string | number)[]) => (string | number)[], ctx: z.RefinementCtx): void {
  // The environment's own ports are checked against each other in the envoy section.
  const taken = new Map<number, string>([[envoy.ports.admin, 'the Envoy admin interface (envoy.ports.admin)']]);
  if (service.ingress !== 'none') taken.set(envoy.ports.ingress, 'the Envoy TLS listener (envoy.ports.ingress)');
  const claim = (port: number, owner: string, path: (string | number)[]) => {
    const other = taken.get(port);
    if (other) ctx.addIssue({ code: 'custom', path, message: `port ${port} is already used by ${other}` });
    else taken.set(port, owner);
  };
  if (service.containerPort !== undefined) claim(service.containerPort, 'the application (containerPort)', at('containerPort'));
  for (const [target, config] of Object.entries(service.egress)) {
    const port = resolvedEgressPort(config, envoy.ports.egressBase);
    const explicit = service.egress[target].port !== undefined;
    const other = taken.get(port);
    if (other?.startsWith('egress target') && !explicit) {
      // Ports are stable per target name: a target without `port` gets envoy.ports.egressBase, never a position in the map.
      ctx.addIssue({
        code: 'custom',
        path: at('egress', target),
        message: `port ${port} (envoy.ports.egressBase, the default) is already used by ${other}; give egress target ${target} its own port`,
      });
      continue;
    }
    claim(port, `egress target ${target}`, at('egress', target, ...(explicit ? ['port'] : [])));
  }
}
