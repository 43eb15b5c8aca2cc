import type { TemplateValue } from './template-names';
import { invalidProps } from '../util/user-error';

/**
 * What rendering a sidecar reads, as plain types: the config schema's output
 * (lib/config) satisfies them, so lib/envoy never imports the config (the
 * pipeline, lib/synth/render-envoy.ts, hands the resolved values over).
 */

/** Where a service's load-balancer traffic comes from: the ALB, API Gateway through a VPC link and NLB, or nowhere. */
export const INGRESS_KINDS = ['alb', 'apigw', 'none'] as const;
export type IngressKind = (typeof INGRESS_KINDS)[number];

/** One AWS endpoint a service calls through its sidecar's signing proxy. `port`: the resolved listener port on 127.0.0.1. */
export type EgressTarget =
  | { readonly type: 's3'; readonly bucket: string; readonly region?: string; readonly port?: number }
  | { readonly type: 'execute-api'; readonly apiId: string; readonly stage: string; readonly region?: string; readonly port?: number }
  | { readonly type: 'environment-api'; readonly service: string; readonly port?: number };

/** OAuth2 login in front of a browser-facing service (Envoy's oauth2 filter). */
export interface OAuth2Profile {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly clientSecretName: string;
  readonly hmacSecretName: string;
  readonly callbackPath: string;
  readonly signoutPath: string;
  readonly publicPathPrefixes: readonly string[];
}

/** The part of a service its sidecar is rendered from. */
export interface ProxyService {
  readonly ingress: IngressKind;
  /** The application's port on localhost; required unless ingress is none. */
  readonly containerPort?: number;
  readonly healthPath: string;
  readonly egress: Readonly<Record<string, EgressTarget>>;
  readonly oauth2?: OAuth2Profile;
  /** Per-task local rate limit of the ingress listener (lib/envoy/http-filters.ts). */
  readonly rateLimit?: { readonly requestsPerSecond: number; readonly burst?: number };
}

/** An environment's Envoy settings, defaults applied (lib/config/envoy-schema.ts documents each). */
export interface EnvoySettings {
  readonly image: string;
  readonly logLevel: string;
  readonly ports: { readonly ingress: number; readonly admin: number; readonly egressBase: number };
  readonly timeouts: {
    readonly connectSeconds: number;
    readonly requestSeconds: number;
    readonly egressRequestSeconds: number;
    readonly idleSeconds: number;
    readonly healthCheckSeconds: number;
  };
  readonly circuitBreakers: { readonly maxConnections: number; readonly maxPendingRequests: number; readonly maxRequests: number; readonly maxRetries: number };
  readonly listeners: { readonly ingress: boolean; readonly egress: boolean };
  readonly tls: { readonly secretName?: string };
  readonly overrides: Readonly<Record<string, Readonly<Record<string, TemplateValue>>>>;
}

/** An API of this environment as a caller reaches it: the custom domain and the API's base path. */
export interface EnvironmentApiEndpoint {
  readonly host: string;
  readonly basePath: string;
}

/** An egress target as its listener reaches it, and as the templates see it (the resolved model's `egress`). */
export interface ResolvedEgressTarget {
  readonly port: number;
  /** Base URL the application uses instead of the AWS endpoint: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** SigV4 service name the requests are signed for. */
  readonly signingName: 's3' | 'execute-api';
  readonly region: string;
  /** The AWS endpoint requests go to. */
  readonly host: string;
  /** Path prefix of the target's requests: `/` for S3, `/<stage>/` or `/<base path>/` for an API. */
  readonly pathPrefix: string;
}

/**
 * Where an egress target's listener sends requests: the AWS host, the signing name and the path prefix, for a target
 * whose region is resolved (the resolved model calls this once per target, lib/config/resolved-environment.ts).
 */
export function egressEndpoint(
  target: EgressTarget,
  region: string,
  environmentApis: Readonly<Record<string, EnvironmentApiEndpoint>>,
): Pick<ResolvedEgressTarget, 'signingName' | 'host' | 'pathPrefix'> {
  if (target.type === 's3') {
    // Virtual-hosted style on the regional endpoint: path-style URLs are deprecated for new buckets.
    return { signingName: 's3', host: `${target.bucket}.s3.${region}.amazonaws.com`, pathPrefix: '/' };
  }
  if (target.type === 'environment-api') {
    const api = environmentApis[target.service];
    if (!api) throw invalidProps('renderServiceProxy', `egress target names service ${target.service}, which has no API of this environment`);
    // IAM-authorized REST APIs accept SigV4 (service execute-api) through a custom domain as well.
    return { signingName: 'execute-api', host: api.host, pathPrefix: `/${api.basePath}/` };
  }
  return { signingName: 'execute-api', host: `${target.apiId}.execute-api.${region}.amazonaws.com`, pathPrefix: `/${target.stage}/` };
}

/** The ingress listener's TLS secret when `envoy.tls.secretName` is not set: `<project>/<environment>/envoy-tls`. */
export function defaultTlsSecretName(project: string, environment: string): string {
  return `${project}/${environment}/envoy-tls`;
}
