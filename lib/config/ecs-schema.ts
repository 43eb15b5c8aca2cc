import { z } from 'zod';
import { FARGATE_CPU_VALUES, fargateMemoryValues } from '../ecs/fargate-sizes';
import { parseImageReference } from '../ecs/image-reference';
import { SECRET_REFERENCE_FORMAT, secretSource } from '../ecs/secret-reference';
import { edgeCertificateNames, withoutWildcard } from '../dns/dns-names';
import { dnsName, kmsKeyArn, logRetentionDays, renamedFrom } from './primitives';
import { CAPACITY_PROVIDERS } from '../ecs/ecs-cluster';
import { EGRESS_URL_VARIABLE_PREFIX } from '../ecs/envoy-sidecar-extension';
import { serviceHostname } from './derived-values';

export { EGRESS_URL_VARIABLE_PREFIX, serviceHostname };
import type { EnvoyConfig } from './envoy-schema';
import { checkNetworkEgress, networkEgressSchema } from './network-egress-schema';

/**
 * The ECS part of each `services` entry (spread into the service schema in
 * services-schema.ts) and the environment-wide `ecs` section.
 */

export const CPU_ARCHITECTURES = ['X86_64', 'ARM64'] as const;

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}$/, { error: 'expected an environment variable name of letters, digits and "_", not starting with a digit' });

const image = z.string().superRefine((value, ctx) => {
  const parsed = parseImageReference(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const count = (what: string) =>
  z
    .number()
    .int({ error: `expected a whole number of ${what}` })
    .min(0, { error: `expected 0 or more ${what}` });
const seconds = (min: number, max: number) =>
  z
    .number()
    .int({ error: 'expected a whole number of seconds' })
    .min(min, { error: `expected at least ${min} seconds` })
    .max(max, { error: `expected at most ${max} seconds` });

const autoscaling = z.strictObject({
  minCount: count('tasks'),
  maxCount: count('tasks').min(1, { error: 'expected at least 1 task' }),
  /** Target average CPU utilisation of the service. @default 60 */
  cpuPercent: z.number().int().min(10, { error: 'expected at least 10 (%)' }).max(90, { error: 'expected at most 90 (%)' }).default(60),
  /** Target ALB requests per task per minute; only with `ingress: alb`. @default - no request-count policy */
  requestsPerTarget: z.number().int().min(1, { error: 'expected at least 1 request per target' }).optional(),
  /** @default 300 */
  scaleInCooldownSeconds: seconds(0, 3600).default(300),
  /** @default 60 */
  scaleOutCooldownSeconds: seconds(0, 3600).default(60),
});

/** The ECS keys of one service entry. */
export const ecsServiceShape = {
  /** Pinned application image: a tag other than `latest`, or a digest. */
  image,
  /** `uid[:gid]` (or names) the application runs as: the image must work as this user; root is refused. @default 1000:1000 */
  user: z
    .string()
    .regex(/^(?!0(:|$))(?!root(:|$))[a-z0-9_][a-z0-9_.-]{0,31}(:[a-z0-9_][a-z0-9_.-]{0,31})?$/, {
      error: 'expected a non-root user as uid[:gid] or name[:group], such as 1000:1000 (0 and root are refused)',
    })
    .default('1000:1000'),
  /** Task CPU units (1024 = 1 vCPU). @default 256 */
  cpu: z
    .number()
    .refine((cpu) => FARGATE_CPU_VALUES.includes(cpu), { error: `expected one of Fargate's CPU values: ${FARGATE_CPU_VALUES.join(', ')}` })
    .default(256),
  /** Task memory in MiB; must be valid for `cpu`. @default 512 */
  memory: z.number().int({ error: 'expected a whole number of MiB' }).default(512),
  /** @default X86_64 */
  cpuArchitecture: z.enum(CPU_ARCHITECTURES).default('X86_64'),
  /** Tasks at creation; autoscaling owns the count afterwards when configured. @default 1 */
  desiredCount: count('tasks').default(1),
  /** Target tracking on CPU (and ALB requests per target). @default - a fixed desiredCount */
  autoscaling: autoscaling.optional(),
  /** Plain environment variables of the application; plaintext credentials are refused (lib/config/plaintext-secrets.ts). @default {} */
  environment: z.record(variableName, z.string()).default({}),
  /** Variables filled from Secrets Manager or SSM Parameter Store, by ARN. @default {} */
  secrets: z
    .record(
      variableName,
      z.string().refine((value) => secretSource(value) !== undefined, { error: `expected ${SECRET_REFERENCE_FORMAT}` }),
    )
    .default({}),
  /** Customer managed key the secrets are encrypted with; the execution role may decrypt with it. @default - AWS managed keys */
  secretsKmsKeyArn: kmsKeyArn.optional(),
  /** Public name of an `alb` service, covered by the edge certificate. @default <service>.<dns.domain> */
  hostname: dnsName.optional(),
  /** ECS Exec (shell into running tasks); refused in production. @default false */
  exec: z.boolean().default(false),
  /** Seconds the load balancer's failed health checks are ignored after a task starts. @default 60 */
  healthCheckGracePeriodSeconds: seconds(0, 2147483647).default(60),
  /** Seconds between SIGTERM and SIGKILL for each container (Fargate allows at most 120). @default 30 */
  stopTimeoutSeconds: seconds(2, 120).default(30),
  /** Seconds the ALB keeps sending in-flight requests to a task being stopped. @default 30 */
  deregistrationDelaySeconds: seconds(0, 3600).default(30),
  /** Connections the tasks may open besides HTTPS (databases, caches), by a stable name; see network-egress-schema.ts. @default {} - HTTPS only */
  networkEgress: networkEgressSchema,
  /** The service's previous name while it is being renamed (`moved` blocks keep its resources); see primitives.ts renamedFrom. */
  renamedFrom,
};

const capacityProviderShare = z.strictObject({
  capacityProvider: z.enum(CAPACITY_PROVIDERS),
  /** Tasks placed on this provider first. @default 0 */
  base: z.number().int().min(0).max(100000).default(0),
  /** Share of the tasks beyond the bases. @default 1 */
  weight: z.number().int().min(0).max(1000).default(1),
});

/** The `ecs` section: the cluster and the public ALB. */
export const ecsSchema = z
  .strictObject({
    /** `enhanced` adds per-container metrics (billed per metric). @default enhanced */
    containerInsights: z.enum(['enhanced', 'enabled']).default('enhanced'),
    /** The cluster's default capacity provider strategy. @default [{capacityProvider: FARGATE, base: 1, weight: 1}] */
    capacityProviderStrategy: z
      .array(capacityProviderShare)
      .min(1, { error: 'expected at least one capacity provider' })
      .default([{ capacityProvider: 'FARGATE', base: 1, weight: 1 }]),
    alb: z
      .strictObject({
        /** Days ALB access logs are kept in their bucket. @default 90 */
        accessLogRetentionDays: logRetentionDays.default(90),
        /** Keep below envoy.timeouts.idleSeconds so the ALB closes idle connections first. @default 60 */
        idleTimeoutSeconds: seconds(1, 4000).default(60),
      })
      .prefault({}),
  })
  .superRefine((ecs, ctx) => {
    const strategy = ecs.capacityProviderStrategy;
    strategy.forEach((share, index) => {
      if (strategy.findIndex((other) => other.capacityProvider === share.capacityProvider) !== index) {
        ctx.addIssue({ code: 'custom', path: ['capacityProviderStrategy', index, 'capacityProvider'], message: `${share.capacityProvider} is already in the strategy; list each provider once` });
      }
    });
    const withBase = strategy.filter((share) => share.base > 0);
    if (withBase.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['capacityProviderStrategy'],
        message: `expected a base on at most one capacity provider (an ECS rule), got ${withBase.map((s) => s.capacityProvider).join(' and ')}`,
      });
    }
    if (!strategy.some((share) => share.weight > 0)) {
      ctx.addIssue({ code: 'custom', path: ['capacityProviderStrategy'], message: 'expected a weight above 0 on at least one capacity provider' });
    }
  });

export type EcsConfig = z.output<typeof ecsSchema>;

/** The ECS fields of a service as the checks see them. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a schema value whose only use is its output type
const ecsServiceFields = z.object(ecsServiceShape);
type EcsService = { readonly ingress: string } & Readonly<z.output<typeof ecsServiceFields>>;

export interface EcsCheckContext {
  readonly production: boolean;
  readonly domain: string;
  readonly edgeCertificateAdditionalNames: readonly string[];
  readonly envoy: EnvoyConfig;
  readonly ecs: EcsConfig;
}

/** True when a certificate with `names` serves `hostname`: an exact name, or a wildcard one label above it. */
export function certificateCovers(names: readonly string[], hostname: string): boolean {
  return names.some((name) => {
    if (name === hostname) return true;
    const parent = withoutWildcard(name);
    if (parent === name || !hostname.endsWith(`.${parent}`)) return false;
    // A wildcard matches exactly one label: *.example.com covers a.example.com, not a.b.example.com.
    return !hostname.slice(0, -(parent.length + 1)).includes('.');
  });
}

/** Cross-field rules of the ECS keys of the services, reported at the offending key. */
export function checkEcsServices(services: Readonly<Record<string, EcsService>>, context: EcsCheckContext, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const certificateNames = edgeCertificateNames(context.domain, context.edgeCertificateAdditionalNames);
  const hostnames = new Map<string, string>();
  if (context.envoy.timeouts.idleSeconds <= context.ecs.alb.idleTimeoutSeconds) {
    issue(
      ['ecs', 'alb', 'idleTimeoutSeconds'],
      `expected less than envoy.timeouts.idleSeconds (${context.envoy.timeouts.idleSeconds}) so the ALB, not Envoy, closes idle connections, got ${context.ecs.alb.idleTimeoutSeconds}`,
    );
  }
  for (const [name, service] of Object.entries(services)) {
    const at = (...keys: (string | number)[]) => ['services', name, ...keys];
    const memoryValues = fargateMemoryValues(service.cpu);
    if (memoryValues.length > 0 && !memoryValues.includes(service.memory)) {
      issue(at('memory'), `expected one of Fargate's memory values for cpu ${service.cpu}: ${memoryValues.join(', ')} (MiB), got ${service.memory}`);
    }
    const scaling = service.autoscaling;
    if (scaling) {
      if (scaling.minCount > service.desiredCount) issue(at('autoscaling', 'minCount'), `expected at most desiredCount (${service.desiredCount}), got ${scaling.minCount}`);
      if (scaling.maxCount < service.desiredCount) issue(at('autoscaling', 'maxCount'), `expected at least desiredCount (${service.desiredCount}), got ${scaling.maxCount}`);
      if (scaling.requestsPerTarget !== undefined && service.ingress !== 'alb') {
        issue(at('autoscaling', 'requestsPerTarget'), `scaling on ALB requests per target needs ingress: alb, got ${service.ingress}`);
      }
    }
    for (const variable of Object.keys(service.environment)) {
      // Plaintext credentials in values are refused by checkPlaintextSecrets (plaintext-secrets.ts).
      if (variable in service.secrets) {
        issue(at('environment', variable), `${variable} is also under services.${name}.secrets; set each variable once`);
      }
    }
    for (const variable of [...Object.keys(service.environment), ...Object.keys(service.secrets)]) {
      if (variable.startsWith(EGRESS_URL_VARIABLE_PREFIX)) {
        issue(
          at(variable in service.secrets ? 'secrets' : 'environment', variable),
          `variables starting with ${EGRESS_URL_VARIABLE_PREFIX} are set by the Envoy sidecar (the egress listener URLs); choose another name`,
        );
      }
    }
    if (service.hostname !== undefined && service.ingress !== 'alb') {
      issue(at('hostname'), `a public hostname needs ingress: alb, got ${service.ingress}`);
    }
    if (service.ingress === 'alb') {
      const hostname = serviceHostname(name, service, context.domain);
      if (!certificateCovers(certificateNames, hostname)) {
        issue(
          at('hostname'),
          `${hostname} is not covered by the edge certificate (${certificateNames.join(', ')}); expected one label under ${context.domain} or a name in dns.edgeCertificate.additionalNames`,
        );
      }
      const other = hostnames.get(hostname);
      if (other) issue(at('hostname'), `${hostname} is already the hostname of service ${other}`);
      else hostnames.set(hostname, name);
    }
    checkNetworkEgress(name, service.networkEgress, ctx);
    if (service.exec && context.production) {
      issue(at('exec'), 'ECS Exec is off in production (tier: production): a shell in a production task bypasses review; remove exec or set it to false');
    }
  }
}
