import type { EgressTarget } from '../envoy/proxy-spec';
import type { PolicyStatement } from '../iam/policy-document';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import { awsLogs, type ContainerDefinition } from './container-definition';
import type { ContainerImage } from './image-pull-cache';
import type { ContainerTarget, ServiceExtension, ServiceExtensionContext, TaskVolume } from './service-extension';
import { invalidProps } from '../util/user-error';

/** Prefix of the variables that give the application the URL of each egress listener of its Envoy. */
export const EGRESS_URL_VARIABLE_PREFIX = 'ENVOY_EGRESS_';

export const ENVOY_CONTAINER_NAME = 'envoy';

/**
 * The stock image's `envoy` user (uid/gid 101, https://www.envoyproxy.io/docs/envoy/latest/start/docker).
 * Started as a non-root uid, the image's entrypoint runs Envoy directly
 * instead of switching users with su-exec (which needs root). Envoy owns no
 * file it writes to, so the numeric id works even if an image changed the
 * user's entry in /etc/passwd.
 */
export const ENVOY_USER = '101:101';

/**
 * Open files (sockets) Envoy may hold: Fargate's default soft limit of 65535
 * is below the downstream connection limits production configures; 1048576 is
 * Fargate's maximum (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_limits).
 */
export const ENVOY_NOFILE_LIMIT = 1048576;

/** Seconds ECS waits for the Envoy health check command before counting it failed. */
export const ENVOY_HEALTH_CHECK_TIMEOUT_SECONDS = 5;
/** Seconds the check waits for the status line: below the check's own timeout, so a hung admin fails the check instead of timing it out. */
const READINESS_READ_TIMEOUT_SECONDS = 3;

const TMP_VOLUME = 'envoy-tmp';

export interface EnvoySidecarExtensionProps {
  readonly bundle: EnvoyProxyBundle;
  /** The bundle's image (`bundle.image`, a Docker Hub reference) as the task pulls it: from ECR, by digest. */
  readonly image: ContainerImage;
  /** ARN of each Secrets Manager secret the bundle names, by secret name. */
  readonly secretArns: Readonly<Record<string, string>>;
  /** The service's egress targets, whose requests Envoy signs with the task role. */
  readonly egress: Readonly<Record<string, EgressTarget>>;
  readonly accountId: string;
  /** Invoke ARNs (the stage execution ARN with any method and path) of this environment's APIs, by service name, for `environment-api` targets. @default {} */
  readonly environmentApiInvokeArns?: Readonly<Record<string, string>>;
}

/**
 * The Envoy sidecar of a service, as an extension: its container (inline
 * config, health check on the admin `/ready`, read-only root with a
 * task-local /tmp, non-root, `nofile` ulimit, TLS material from Secrets
 * Manager through ECS `secrets`), the application's dependency on it, the
 * egress listener URLs for the application, the task role statements for
 * what it signs, and the ingress target load balancers use.
 */
export class EnvoySidecarExtension implements ServiceExtension {
  public readonly name = 'envoy';

  constructor(private readonly props: EnvoySidecarExtensionProps) {
    for (const secret of props.bundle.secrets) {
      if (!props.secretArns[secret.secretName]) {
        throw invalidProps(`EnvoySidecarExtension ${props.bundle.serviceName}`, `no ARN for secret ${secret.secretName}, which the Envoy config reads`);
      }
    }
  }

  containers(context: ServiceExtensionContext): readonly ContainerDefinition[] {
    const { bundle, secretArns } = this.props;
    const admin = bundle.ports.admin;
    return [
      {
        name: ENVOY_CONTAINER_NAME,
        image: this.props.image.uri,
        essential: true,
        user: ENVOY_USER,
        readonlyRootFilesystem: true,
        // Hot restart needs shared memory and a second Envoy process; ECS replaces tasks instead.
        command: [...bundle.command, '--disable-hot-restart'],
        portMappings: bundle.ports.ingress ? [{ containerPort: bundle.ports.ingress.port, protocol: 'tcp', name: 'envoy-tls' }] : [],
        secrets: bundle.secrets.map((secret) => ({
          name: secret.environmentVariable,
          // `<arn>:<json-key>:<version-stage>:<version-id>`: empty stage and id mean AWSCURRENT.
          valueFrom: secret.jsonKey ? `${secretArns[secret.secretName]}:${secret.jsonKey}::` : secretArns[secret.secretName],
        })),
        mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: '/tmp', readOnly: false }],
        healthCheck: {
          command: ['CMD', '/bin/bash', '-c', envoyReadinessScript(admin.address, admin.port, admin.readinessPath)],
          interval: 10,
          timeout: ENVOY_HEALTH_CHECK_TIMEOUT_SECONDS,
          retries: 3,
          startPeriod: 10,
        },
        ulimits: [{ name: 'nofile', softLimit: ENVOY_NOFILE_LIMIT, hardLimit: ENVOY_NOFILE_LIMIT }],
        stopTimeout: context.stopTimeoutSeconds,
        logConfiguration: awsLogs(context.logGroupName, context.region, ENVOY_CONTAINER_NAME),
      },
    ];
  }

  /** The application starts once Envoy is ready, and learns the URL of each egress listener. */
  extendApp(app: ContainerDefinition): ContainerDefinition {
    const egressUrls = Object.entries(this.props.bundle.ports.egress).map(([target, port]) => ({ name: egressUrlVariable(target), value: port.url }));
    return {
      ...app,
      dependsOn: [...(app.dependsOn ?? []), { containerName: ENVOY_CONTAINER_NAME, condition: 'HEALTHY' }],
      environment: [...(app.environment ?? []), ...egressUrls],
    };
  }

  volumes(): readonly TaskVolume[] {
    return [{ name: TMP_VOLUME }];
  }

  ingressTarget(): ContainerTarget | undefined {
    const ingress = this.props.bundle.ports.ingress;
    return ingress && { containerName: ENVOY_CONTAINER_NAME, containerPort: ingress.port };
  }

  /** Exactly what the signing listeners sign for: objects and listing of each bucket, invoking each API stage. */
  taskRoleStatements(): readonly PolicyStatement[] {
    const targets = Object.entries(this.props.egress).filter(([name]) => name in this.props.bundle.ports.egress);
    const buckets = targets.flatMap(([, target]) => (target.type === 's3' ? [target.bucket] : []));
    const stages = targets.flatMap(([name, target]) => {
      // The region the listener signs for (the resolved model's, in the bundle's ports).
      if (target.type === 'execute-api') return [`arn:aws:execute-api:${this.props.bundle.ports.egress[name].region}:${this.props.accountId}:${target.apiId}/${target.stage}/*/*`];
      if (target.type !== 'environment-api') return [];
      const invokeArn = this.props.environmentApiInvokeArns?.[target.service];
      if (!invokeArn) throw invalidProps('EnvoySidecarExtension', `egress target calls the API of ${target.service}, but no invoke ARN was given for it`);
      return [invokeArn];
    });
    return [
      ...(buckets.length > 0
        ? [
            { sid: 'SignedS3ObjectAccess', actions: ['s3:GetObject', 's3:PutObject'], resources: buckets.map((bucket) => `arn:aws:s3:::${bucket}/*`) },
            { sid: 'SignedS3List', actions: ['s3:ListBucket'], resources: buckets.map((bucket) => `arn:aws:s3:::${bucket}`) },
          ]
        : []),
      ...(stages.length > 0 ? [{ sid: 'SignedApiInvoke', actions: ['execute-api:Invoke'], resources: stages }] : []),
    ];
  }

  secretArns(): readonly string[] {
    return [...new Set(this.props.bundle.secrets.map((secret) => this.props.secretArns[secret.secretName]))];
  }

  images(): readonly ContainerImage[] {
    return [this.props.image];
  }
}

/** `ENVOY_EGRESS_<TARGET>_URL`: the base URL of the egress listener of `target`. */
export function egressUrlVariable(target: string): string {
  return `${EGRESS_URL_VARIABLE_PREFIX}${target.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * The health check script of the Envoy container: GET the admin readiness
 * path over bash's /dev/tcp (the stock image has bash but no curl or wget)
 * and pass only on a 200 status line. /ready answers 200 once Envoy has
 * initialised its listeners and clusters, 503 before and while draining.
 *
 * HTTP/1.1, with `Host` and `Connection: close`: Envoy's HTTP/1 codec refuses
 * HTTP/1.0 with `426 Upgrade Required` unless `accept_http_10` is set
 * (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/protocol.proto#envoy-v3-api-field-config-core-v3-http1protocoloptions-accept-http-10,
 * envoyproxy/envoy#4243), which the admin listener never sets, so an HTTP/1.0
 * check never passes and the app container (dependsOn HEALTHY) never starts.
 * `Connection: close` makes Envoy end the exchange after the answer.
 */
export function envoyReadinessScript(address: string, port: number, path: string): string {
  // Both land inside a single-quoted printf format: no quote, "%" or backslash may reach it.
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) throw invalidProps('envoyReadinessScript', `address: expected an IPv4 address, got ${address}`);
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path)) throw invalidProps('envoyReadinessScript', `path: expected a plain absolute path such as /ready, got ${path}`);
  return [
    `exec 3<>/dev/tcp/${address}/${port}`,
    `printf 'GET ${path} HTTP/1.1\\r\\nHost: ${address}:${port}\\r\\nConnection: close\\r\\n\\r\\n' >&3`,
    `IFS= read -r -t ${READINESS_READ_TIMEOUT_SECONDS} status <&3`,
    `[[ "$status" == HTTP/1.?" 200 "* ]]`,
  ].join(' && ');
}
