import type { PolicyStatement } from '../iam/policy-document';
import type { ContainerDefinition } from './container-definition';
import type { ContainerImage } from './image-pull-cache';

/** What an extension knows about the service it extends. */
export interface ServiceExtensionContext {
  readonly serviceName: string;
  readonly logGroupName: string;
  readonly region: string;
  readonly stopTimeoutSeconds: number;
}

/** A container port a load balancer sends traffic to. */
export interface ContainerTarget {
  readonly containerName: string;
  readonly containerPort: number;
}

/** A task-local (bind mount) volume, living as long as the task. */
export interface TaskVolume {
  readonly name: string;
}

/**
 * Something added to a Fargate service besides its application container: a
 * sidecar and everything it needs. The service asks every extension through
 * these hooks, in order, and never tests which extension it has; a hook an
 * extension does not need is left out.
 */
export interface ServiceExtension {
  /** Short name, for messages. */
  readonly name: string;
  /** Containers the extension adds to the task. */
  containers?(context: ServiceExtensionContext): readonly ContainerDefinition[];
  /** Changes to the application container (dependencies, environment). */
  extendApp?(app: ContainerDefinition, context: ServiceExtensionContext): ContainerDefinition;
  /** Task-local volumes its containers mount. */
  volumes?(): readonly TaskVolume[];
  /** Where load balancers send the service's traffic, when the extension receives it instead of the application. */
  ingressTarget?(): ContainerTarget | undefined;
  /** Statements for the task role (what the task's code, including sidecars, calls AWS for). */
  taskRoleStatements?(): readonly PolicyStatement[];
  /** ARNs of the Secrets Manager secrets its containers read (without JSON key), for the execution role. */
  secretArns?(): readonly string[];
  /** The ECR images its containers run, for the execution role's pull permissions. */
  images?(): readonly ContainerImage[];
}
