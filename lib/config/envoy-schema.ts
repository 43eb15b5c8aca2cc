import { z } from 'zod';
import { ENVOY_TEMPLATES } from '../envoy/template-names';
import { containerPort, secretName } from './primitives';
import { MIN_REASON } from './guardrails-schema';
import { cipherSuiteProblem } from './boringssl-ciphers';

/** The template value that sets the ingress listener's TLS 1.2 cipher suites (envoy/templates/ingress-tls.yaml). */
export const CIPHER_SUITES_OVERRIDE = { template: 'ingress-tls', key: 'cipherSuites' } as const;

/**
 * Template values that carry a promise of the ingress listener (docs/envoy.md): an override may tune them, not
 * remove the promise. Each answers why a value breaks it, or undefined.
 */
const PROMISED_VALUES: readonly { readonly template: string; readonly key: string; readonly problem: (value: unknown) => string | undefined }[] = [
  {
    // https://www.envoyproxy.io/docs/envoy/latest/configuration/best_practices/edge: an app that treats "_" and "-"
    // alike in header names can be fooled by a smuggled X_Forwarded_For or X_Auth_User.
    template: 'ingress-tls',
    key: 'headersWithUnderscoresAction',
    problem: (value) =>
      value === 'ALLOW'
        ? 'ALLOW lets headers with underscores through, which the ingress listener refuses so an application that reads "_" as "-" cannot be handed a smuggled header; keep REJECT_REQUEST (or DROP_HEADER)'
        : undefined,
  },
  {
    // The ALB and API Gateway's NLB path each append one X-Forwarded-For entry: trusting more hops takes the client
    // address from an entry the client wrote (https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#x-forwarded-for).
    template: 'ingress-tls',
    key: 'xffNumTrustedHops',
    problem: (value) =>
      typeof value === 'number' && value > 1
        ? `${value} trusted hops would take the client address from an X-Forwarded-For entry the client wrote itself (the load balancer appends only one), so access logs and per-client limits could be spoofed; keep 1`
        : undefined,
  },
];

/**
 * The stock image, pinned to an exact supported release (1.38 is supported
 * until April 2027, https://www.envoyproxy.io/docs/envoy/latest/version_history/version_history).
 * Upgrading is a one-line change reviewed like any other: the rendered
 * configs and the validator do not depend on the patch version. This names
 * the image on Docker Hub; tasks run its copy in the environment's ECR pull
 * through cache, by digest: the one given here after `@` (the first
 * `npm run deploy` writes it), else the `envoy_image_digest` Terraform
 * variable (docs/deploy.md).
 */
export const DEFAULT_ENVOY_IMAGE = 'envoyproxy/envoy:v1.38.9';

export const ENVOY_LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;

/** Seconds with millisecond precision, rendered as a Duration such as "0.25s". */
const seconds = (max: number) =>
  z
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected more than 0 seconds' })
    .max(max, { error: `expected at most ${max} seconds` })
    .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, {
      error: 'expected at most millisecond precision (3 decimals)',
    });

const count = (label: string) =>
  z
    .number()
    .int({ error: `expected a whole number of ${label}` })
    .min(1, { error: `expected at least 1 ${label.replace(/s$/, '')}` });

const templateValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
  error: 'expected a string, number, boolean or list of strings',
});

export const envoySchema = z
  .strictObject({
    /** @default envoyproxy/envoy:v1.38.9 */
    image: z
      .string()
      .regex(/^envoyproxy\/envoy:v1\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/, {
        error: 'expected the stock image pinned to an exact release, such as envoyproxy/envoy:v1.38.9 (optionally @sha256:<digest>)',
      })
      .default(DEFAULT_ENVOY_IMAGE),
    /** Envoy's own log level (`--log-level`); access logs are always written. @default info */
    logLevel: z.enum(ENVOY_LOG_LEVELS).default('info'),
    /**
     * A reviewed reason to run `debug` or `trace` although a service has an OAuth2 login: at those levels Envoy logs
     * request headers, cookies and bearer tokens included (lib/config/envoy-checks.ts). @default - refused
     */
    verboseLogsReviewed: z
      .strictObject({
        reason: z
          .string()
          .trim()
          .min(MIN_REASON, { error: `expected a written reason of at least ${MIN_REASON} characters` }),
      })
      .optional(),
    ports: z
      .strictObject({
        /** TLS listener the load balancer's target group points at. @default 8443 */
        ingress: containerPort.default(8443),
        /** Admin interface, bound to 127.0.0.1 only. @default 9901 */
        admin: containerPort.default(9901),
        /** First port of the egress listeners, one per target, in order. @default 15001 */
        egressBase: containerPort.default(15001),
      })
      .prefault({}),
    timeouts: z
      .strictObject({
        /** Connecting to the application or an AWS endpoint. @default 2 */
        connectSeconds: seconds(60).default(2),
        /** A whole request through the ingress listener. @default 30 */
        requestSeconds: seconds(3600).default(30),
        /** A whole request to AWS through the signing proxy (large S3 transfers take longer). @default 120 */
        egressRequestSeconds: seconds(3600).default(120),
        /**
         * Idle connections and streams; above the load balancers' idle timeouts (ALB: ecs.alb.idleTimeoutSeconds; the
         * API path's NLB: 350, fixed), so the balancer, not Envoy, closes an idle connection. @default 360
         */
        idleSeconds: seconds(86400).default(360),
        /** The load balancer's health check request through Envoy. @default 5 */
        healthCheckSeconds: seconds(60).default(5),
      })
      .prefault({}),
    /** Per cluster: the application and each AWS target. Envoy's defaults are 1024, 1024, 1024 and 3. */
    circuitBreakers: z
      .strictObject({
        /** @default 1024 */
        maxConnections: count('connections').default(1024),
        /** @default 1024 */
        maxPendingRequests: count('requests').default(1024),
        /** @default 1024 */
        maxRequests: count('requests').default(1024),
        /** @default 3 */
        maxRetries: count('retries').default(3),
      })
      .prefault({}),
    /** Turn a role off for every service of the environment. */
    listeners: z
      .strictObject({
        /** @default true */
        ingress: z.boolean().default(true),
        /** @default true */
        egress: z.boolean().default(true),
      })
      .prefault({}),
    tls: z
      .strictObject({
        /**
         * Secrets Manager secret (JSON keys `certificate` and `privateKey`, PEM) of the ingress listener.
         * @default - "<project>/<environment>/envoy-tls"
         */
        secretName: secretName.optional(),
      })
      .prefault({}),
    /**
     * Template values to change in this environment: `<template>: {<key>: <value>}`, see envoy/templates. The schema
     * checks the shape; that the template declares the key, with a value of the same kind, is checked where the
     * templates are read (lib/envoy/template-overrides.ts, in the synth pipeline). @default {}
     */
    overrides: z.record(z.string(), z.record(z.string(), templateValue)).default({}),
  })
  .superRefine((envoy, ctx) => {
    if (envoy.ports.ingress === envoy.ports.admin) {
      ctx.addIssue({ code: 'custom', path: ['ports', 'ingress'], message: `port ${envoy.ports.ingress} is already the admin port` });
    }
    for (const template of Object.keys(envoy.overrides)) {
      if (!(ENVOY_TEMPLATES as readonly string[]).includes(template)) {
        ctx.addIssue({ code: 'custom', path: ['overrides', template], message: `unknown template "${template}"; expected one of: ${ENVOY_TEMPLATES.join(', ')}` });
      }
    }
    // Checked here, at the override's line, not when Envoy starts: a name BoringSSL does not know makes Envoy refuse
    // the listener, and a suite without ECDHE or AEAD breaks the TLS policy the ingress template promises.
    for (const promised of PROMISED_VALUES) {
      const value = envoy.overrides[promised.template]?.[promised.key];
      const problem = value === undefined ? undefined : promised.problem(value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['overrides', promised.template, promised.key], message: problem });
    }
    const ciphers = envoy.overrides[CIPHER_SUITES_OVERRIDE.template]?.[CIPHER_SUITES_OVERRIDE.key];
    if (Array.isArray(ciphers)) {
      ciphers.forEach((entry, index) => {
        const problem = cipherSuiteProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', path: ['overrides', CIPHER_SUITES_OVERRIDE.template, CIPHER_SUITES_OVERRIDE.key, index], message: problem });
      });
    }
  });

export type EnvoyConfig = z.output<typeof envoySchema>;
