import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { CapacityProvider } from './ecs-cluster';
import { boundedNamePrefix } from '../core/naming';
import { InvalidPropsError } from '../core/invalid-props-error';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { awsLogs, containerDefinitionsJson, type ContainerDefinition } from './container-definition';
import { parseImageReference } from './image-reference';
import { secretSource } from './secret-reference';
import type { ContainerTarget, ServiceExtension, ServiceExtensionContext, TaskVolume } from './service-extension';
import { ServiceAutoscaling, type ServiceAutoscalingProps } from './service-autoscaling';
import { ServiceRoles } from './service-roles';
import { checkTargets } from './check-targets';
import { AFTER_SCRATCH_INIT, scratchInitContainer } from './scratch-volume-init';
import type { ContainerImage } from './image-pull-cache';
import { runsToCompletion } from './container-dependencies';

export const APP_CONTAINER_NAME = 'app';
const APP_TMP_VOLUME = 'app-tmp';

/**
 * Where the SSM agent that ECS Exec injects into each container keeps its
 * state and logs: both must be writable, which a read-only root filesystem
 * is not (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html,
 * considerations).
 */
export const EXEC_AGENT_PATHS = { lib: '/var/lib/amazon', log: '/var/log/amazon' } as const;

/** A load balancer target group the service registers its tasks in (ALB here; the NLB of the API Gateway path). */
export interface LoadBalancerTarget extends ContainerTarget {
  readonly targetGroupArn: string;
}

/** A security group allowed to reach the tasks on one port. */
export interface IngressSource {
  readonly securityGroupId: string;
  readonly port: number;
  readonly description: string;
}

/** Where the tasks may connect besides HTTPS: exactly one kind of destination. */
export type EgressDestination =
  | { readonly kind: 'security-group'; readonly securityGroupId: string }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string }
  | { readonly kind: 'cidr'; readonly cidrIpv4: string };

/** One extra egress rule of the tasks' security group: a destination on a port range. */
export interface NetworkEgressRule {
  readonly destination: EgressDestination;
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  /** Equal to `fromPort` for one port. */
  readonly toPort: number;
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
  /** Plain variables of the application. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Variables from Secrets Manager or SSM, by variable name (`valueFrom` ARNs). @default {} */
  readonly secrets?: Readonly<Record<string, string>>;
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
  /** Connections the tasks may open besides HTTPS, by a stable name (part of each rule's construct id). @default {} - HTTPS only */
  readonly networkEgress?: Readonly<Record<string, NetworkEgressRule>>;
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
    const stopTimeoutSeconds = props.stopTimeoutSeconds;
    const where = `FargateService ${props.serviceName}`;
    const image = parseImageReference(props.image);
    if (typeof image === 'string') throw new InvalidPropsError(where, `image: ${image}`);
    const appSecrets = Object.entries(props.secrets ?? {}).map(([name, valueFrom]) => {
      const source = secretSource(valueFrom);
      if (!source) throw new InvalidPropsError(where, `secrets.${name}: ${valueFrom} is not a Secrets Manager or SSM parameter ARN`);
      return source;
    });
    const servicePrefix = `${props.namePrefix}-${props.serviceName}`;

    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/ecs/${props.namePrefix}/${props.serviceName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });
    const context: ServiceExtensionContext = {
      serviceName: props.serviceName,
      logGroupName: this.logGroup.name,
      region: props.region,
      stopTimeoutSeconds,
    };

    const app = extensions.reduce<ContainerDefinition>((container, extension) => extension.extendApp?.(container, context) ?? container, {
      name: APP_CONTAINER_NAME,
      image: props.image,
      essential: true,
      user: props.user,
      readonlyRootFilesystem: true,
      // The application port is mapped only when a load balancer targets the application itself.
      portMappings: targets.filter((t) => t.containerName === APP_CONTAINER_NAME).map((t) => ({ containerPort: t.containerPort, protocol: 'tcp' as const })),
      environment: Object.entries(props.environment ?? {}).map(([name, value]) => ({ name, value })),
      secrets: Object.entries(props.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
      mountPoints: [{ sourceVolume: APP_TMP_VOLUME, containerPath: '/tmp', readOnly: false }],
      dependsOn: [AFTER_SCRATCH_INIT],
      stopTimeout: stopTimeoutSeconds,
      // An init process reaps zombies and forwards SIGTERM; ECS Exec sessions rely on it too.
      linuxParameters: { initProcessEnabled: true },
      logConfiguration: awsLogs(this.logGroup.name, props.region, APP_CONTAINER_NAME),
    });
    const scratchVolumes = [APP_TMP_VOLUME, ...extensions.flatMap((extension) => extension.volumes?.() ?? []).map((volume) => volume.name)];
    // A sidecar that mounts a scratch volume starts once the init container opened it, as the app does.
    const sidecars = extensions.flatMap((extension) => extension.containers?.(context) ?? []).map((container) =>
      container.mountPoints?.some((mount) => scratchVolumes.includes(mount.sourceVolume)) ? { ...container, dependsOn: [...(container.dependsOn ?? []), AFTER_SCRATCH_INIT] } : container,
    );
    const init = scratchInitContainer(props.scratchInitImage.uri, scratchVolumes, this.logGroup.name, props.region);
    const execVolumes: TaskVolume[] = [];
    // ECS Exec may target any container of the task, and each runs its own agent: one pair of task-local volumes per container, never shared.
    // Not for a container others wait on to exit (SUCCESS/COMPLETE, the scratch init): it is gone in milliseconds, nobody can exec into it.
    const all = [app, ...sidecars, init];
    const containers = all.map((container) => {
      if (!props.enableExecute || runsToCompletion(container.name, all)) return container;
      const mounts = Object.entries(EXEC_AGENT_PATHS).map(([kind, containerPath]) => ({ sourceVolume: `${container.name}-exec-${kind}`, containerPath, readOnly: false }));
      execVolumes.push(...mounts.map((mount) => ({ name: mount.sourceVolume })));
      return { ...container, mountPoints: [...(container.mountPoints ?? []), ...mounts] };
    });
    checkTargets(where, containers, targets, ingressFrom);

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
      containerDefinitions: containerDefinitionsJson(containers),
      volume: [...scratchVolumes.map((name) => ({ name })), ...execVolumes.map((volume) => ({ name: volume.name }))],
    });

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      // Replaced before destroyed (the tasks' ENIs hold the old group until the service moves), so a generated name:
      // group names are unique per VPC (CreateSecurityGroup: InvalidGroup.Duplicate).
      namePrefix: boundedNamePrefix([servicePrefix, 'tasks'], 100),
      description: `Tasks of ${servicePrefix}`,
      vpcId: props.vpcId,
      tags: { Name: `${servicePrefix}-tasks` },
      lifecycle: { createBeforeDestroy: true },
    });
    ingressFrom.forEach((source, index) => {
      new VpcSecurityGroupIngressRule(this, `ingress-${index}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: source.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: source.port,
        toPort: source.port,
        description: source.description,
      });
    });
    // AWS APIs, image registries and identity providers, through the NAT gateways; no VPC endpoints are assumed.
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to AWS APIs, registries and identity providers (through NAT)',
    });
    // One rule per named destination, never a list index: the id stays when entries are added, removed or reordered.
    for (const [name, rule] of Object.entries(props.networkEgress ?? {})) {
      const to = rule.destination;
      new VpcSecurityGroupEgressRule(this, `network-egress-${name}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: to.kind === 'security-group' ? to.securityGroupId : undefined,
        prefixListId: to.kind === 'prefix-list' ? to.prefixListId : undefined,
        cidrIpv4: to.kind === 'cidr' ? to.cidrIpv4 : undefined,
        ipProtocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        description: `networkEgress ${name} of ${props.serviceName}`,
      });
    }

    this.service = new EcsService(this, 'service', {
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

    if (props.autoscaling) {
      this.autoscaling = new ServiceAutoscaling(this, 'autoscaling', {
        ...props.autoscaling,
        clusterName: props.cluster.name,
        serviceName: this.service.name,
      });
    }
  }
}
