import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { CapacityProvider } from './ecs-cluster';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { containerDefinitionsJson } from './container-definition';
import { parseImageReference } from './image-reference';
import { secretSource } from './secret-reference';
import type { ContainerTarget, ServiceExtension, ServiceExtensionContext } from './service-extension';
import { APP_CONTAINER_NAME, taskContainers } from './task-containers';
import { addTaskSecurityGroup, type IngressSource, type NetworkEgressRule } from './task-security-group';
import { ServiceAutoscaling, type ServiceAutoscalingProps } from './service-autoscaling';
import { ServiceRoles } from './service-roles';
import { invalidProps } from '../util/user-error';
import { checkTargets } from './check-targets';
import type { ContainerImage } from './image-pull-cache';

/** A load balancer target group the service registers its tasks in (ALB here; the NLB of the API Gateway path). */
export interface LoadBalancerTarget extends ContainerTarget {
  readonly targetGroupArn: string;
}

export interface FargateServiceProps {
  readonly serviceName: string;
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly cluster: { readonly arn: string; readonly name: string };
  readonly capacityProviderStrategy: readonly { readonly capacityProvider: CapacityProvider; readonly base: number; readonly weight: number }[];
  readonly vpcId: string;
  /** Private subnets the tasks run in. */
  readonly subnetIds: readonly string[];
  /** Pinned application image. */
  readonly image: string;
  /** An image holding `/bin/chmod` that opens the scratch volumes (`/tmp`) to the containers' users before they start (scratch-volume-init.ts). */
  readonly scratchInitImage: ContainerImage;
  /** Non-root `uid[:gid]` of the application. */
  readonly user: string;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  readonly desiredCount: number;
  /** Plain variables of the application. */
  readonly environment: Readonly<Record<string, string>>;
  /** Variables from Secrets Manager or SSM, by variable name (`valueFrom` ARNs). */
  readonly secrets: Readonly<Record<string, string>>;
  /** @default - AWS managed keys */
  readonly secretsKmsKeyArn?: string;
  /** Sidecars and what they need, in order. @default [] */
  readonly extensions?: readonly ServiceExtension[];
  /** Target groups to register the tasks in. @default [] */
  readonly loadBalancerTargets?: readonly LoadBalancerTarget[];
  /**
   * Resources the service must be created after: the cluster's capacity providers (for a FARGATE_SPOT
   * strategy) and the listener rules that put its target groups in use (ECS refuses an unused group). @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Security groups admitted to the tasks, each on one port. @default [] - no inbound traffic */
  readonly ingressFrom?: readonly IngressSource[];
  /** Connections the tasks may open besides HTTPS, by a stable name (part of each rule's construct id); none: HTTPS only. */
  readonly networkEgress: Readonly<Record<string, NetworkEgressRule>>;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn: string;
  /** ECS Exec: the service allows it, the task role gets its channels, every container gets writable agent paths. */
  readonly enableExecute: boolean;
  readonly healthCheckGracePeriodSeconds: number;
  readonly stopTimeoutSeconds: number;
  /** Target tracking; the service then ignores `desired_count` drift. @default - fixed desired count */
  readonly autoscaling?: Omit<ServiceAutoscalingProps, 'clusterName' | 'serviceName'>;
}

/**
 * One ECS service on Fargate: its log group, roles, task definition (the
 * application container plus whatever the extensions add), security group
 * and the service itself, in private subnets without public IPs, rolling
 * 100/200 with the deployment circuit breaker rolling back failed releases.
 */
export class FargateService extends Construct {
  public readonly service: EcsService;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly securityGroup: SecurityGroup;
  public readonly roles: ServiceRoles;
  public readonly logGroup: EncryptedLogGroup;
  public readonly autoscaling?: ServiceAutoscaling;

  /** Where load balancers send this service's traffic: the first extension that takes ingress, else the application's port. */
  static ingressTarget(extensions: readonly ServiceExtension[], appPort: number | undefined): ContainerTarget | undefined {
    for (const extension of extensions) {
      const target = extension.ingressTarget?.();
      if (target) return target;
    }
    return appPort === undefined ? undefined : { containerName: APP_CONTAINER_NAME, containerPort: appPort };
  }

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const extensions = props.extensions ?? [];
    const targets = props.loadBalancerTargets ?? [];
    const ingressFrom = props.ingressFrom ?? [];
    const where = `FargateService ${props.serviceName}`;
    const image = parseImageReference(props.image);
    if (typeof image === 'string') throw invalidProps(where, `image: ${image}`);
    const appSecrets = Object.entries(props.secrets).map(([name, valueFrom]) => {
      const source = secretSource(valueFrom);
      if (!source) throw invalidProps(where, `secrets.${name}: ${valueFrom} is not a Secrets Manager or SSM parameter ARN`);
      return source;
    });
    const servicePrefix = `${props.namePrefix}-${props.serviceName}`;

    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/ecs/${props.namePrefix}/${props.serviceName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });
    const context: ServiceExtensionContext = { serviceName: props.serviceName, logGroupName: this.logGroup.name, region: props.region, stopTimeoutSeconds: props.stopTimeoutSeconds };
    const task = taskContainers(props, extensions, targets, context);
    checkTargets(where, task.containers, targets, ingressFrom);

    this.roles = new ServiceRoles(this, 'roles', {
      namePrefix: servicePrefix,
      accountId: props.accountId,
      appImage: image,
      logGroupArn: this.logGroup.arn,
      appSecrets,
      extensionSecretArns: extensions.flatMap((extension) => extension.secretArns?.() ?? []),
      extensionImages: [...extensions.flatMap((extension) => extension.images?.() ?? []), props.scratchInitImage],
      secretsKmsKeyArn: props.secretsKmsKeyArn,
      taskStatements: extensions.flatMap((extension) => extension.taskRoleStatements?.() ?? []),
      enableExecute: props.enableExecute,
    });
    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: servicePrefix,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture },
      executionRoleArn: this.roles.executionRole.arn,
      taskRoleArn: this.roles.taskRole.arn,
      containerDefinitions: containerDefinitionsJson(task.containers),
      volume: task.volumes.map((volume) => ({ name: volume.name })),
    });
    // Children of this construct (their ids are Terraform addresses under it), built by a helper for readability.
    this.securityGroup = addTaskSecurityGroup(this, { servicePrefix, serviceName: props.serviceName, vpcId: props.vpcId, ingressFrom, networkEgress: props.networkEgress });
    this.service = this.addService(props, targets);
    if (props.autoscaling) {
      this.autoscaling = new ServiceAutoscaling(this, 'autoscaling', { ...props.autoscaling, clusterName: props.cluster.name, serviceName: this.service.name });
    }
  }

  private addService(props: FargateServiceProps, targets: readonly LoadBalancerTarget[]): EcsService {
    return new EcsService(this, 'service', {
      name: props.serviceName,
      cluster: props.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      // Explicit, equal to the cluster default: a service relying on the default shows a diff after the first apply.
      capacityProviderStrategy: props.capacityProviderStrategy.map((share) => ({ ...share })),
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      // ECS refuses a grace period on a service without load balancers.
      healthCheckGracePeriodSeconds: targets.length > 0 ? props.healthCheckGracePeriodSeconds : undefined,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      enableExecuteCommand: props.enableExecute,
      networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [this.securityGroup.id], assignPublicIp: false },
      loadBalancer: targets.map((target) => ({ targetGroupArn: target.targetGroupArn, containerName: target.containerName, containerPort: target.containerPort })),
      lifecycle: props.autoscaling ? { ignoreChanges: ['desired_count'] } : undefined,
      // The roles' policies too: the worker, with no load balancer rule to wait for, would otherwise race them.
      dependsOn: [...(props.dependsOn ?? []), ...this.roles.policies],
    });
  }
}
