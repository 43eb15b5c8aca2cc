/**
 * The subset of an ECS container definition this project writes, typed
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
 * Containers are built as these objects and serialised once with
 * `containerDefinitionsJson`, so the synthesized `container_definitions` is
 * JSON the guardrails and reviewers can read (Terraform references inside
 * strings, such as secret ARNs, stay `${…}` text within that JSON).
 */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  /** `uid:gid`; never root, except the scratch volumes' init container, which drops every capability (scratch-volume-init.ts). */
  readonly user: string;
  readonly readonlyRootFilesystem: true;
  readonly entryPoint?: readonly string[];
  readonly command?: readonly string[];
  readonly portMappings?: readonly PortMapping[];
  readonly environment?: readonly KeyValuePair[];
  readonly secrets?: readonly ContainerSecret[];
  readonly mountPoints?: readonly MountPoint[];
  readonly dependsOn?: readonly ContainerDependency[];
  readonly healthCheck?: HealthCheck;
  readonly ulimits?: readonly Ulimit[];
  readonly stopTimeout?: number;
  readonly logConfiguration: LogConfiguration;
  readonly linuxParameters?: { readonly initProcessEnabled?: boolean; readonly capabilities?: { readonly drop: readonly 'ALL'[] } };
}

export interface PortMapping {
  readonly containerPort: number;
  readonly protocol: 'tcp';
  /** Names the port for Service Connect and reviewers; ECS requires lowercase letters, digits and "-". */
  readonly name?: string;
}
export interface KeyValuePair {
  readonly name: string;
  readonly value: string;
}
export interface ContainerSecret {
  readonly name: string;
  /** Secrets Manager ARN (optionally `:<json-key>:<stage>:<version>`) or SSM parameter ARN. */
  readonly valueFrom: string;
}
export interface MountPoint {
  readonly sourceVolume: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
}
export interface ContainerDependency {
  readonly containerName: string;
  readonly condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
}
export interface HealthCheck {
  readonly command: readonly string[];
  readonly interval: number;
  readonly timeout: number;
  readonly retries: number;
  readonly startPeriod: number;
}
export interface Ulimit {
  readonly name: 'nofile';
  readonly softLimit: number;
  readonly hardLimit: number;
}
export interface LogConfiguration {
  readonly logDriver: 'awslogs';
  readonly options: { readonly 'awslogs-group': string; readonly 'awslogs-region': string; readonly 'awslogs-stream-prefix': string };
}

/** The awslogs configuration of one container of a service: one log group per service, one stream prefix per container. */
export function awsLogs(logGroupName: string, region: string, containerName: string): LogConfiguration {
  return { logDriver: 'awslogs', options: { 'awslogs-group': logGroupName, 'awslogs-region': region, 'awslogs-stream-prefix': containerName } };
}

/**
 * `container_definitions` as JSON text. Environment variables and secrets
 * are sorted by name: ECS returns them sorted, so any other order would show
 * a permanent diff in `terraform plan`.
 */
export function containerDefinitionsJson(containers: readonly ContainerDefinition[]): string {
  const byName = <T extends { name: string }>(items: readonly T[] | undefined) => items && [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(containers.map((c) => ({ ...c, environment: byName(c.environment), secrets: byName(c.secrets) })));
}
