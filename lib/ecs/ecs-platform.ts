import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { EcsServiceSpec, EcsSettings } from './ecs-service-spec';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';
import { PublicAlb } from '../edge/public-alb';
import type { AlbServiceRoute } from '../edge/alb-service-route';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import type { NetworkRefs } from '../network/network-refs';
import { EcsCluster } from './ecs-cluster';
import { EnvoySidecarExtension } from './envoy-sidecar-extension';
import { envoyImageCacheOutput, envoyImageDigest } from './envoy-image';
import { DockerHubPullThroughCache, type ContainerImage } from './image-pull-cache';
import { parseImageReference } from './image-reference';
import { FargateService, type LoadBalancerTarget } from './fargate-service';
import type { IngressSource } from './task-security-group';
import { ProxySecrets } from './proxy-secrets';
import type { ServiceExtension } from './service-extension';
import type { RenamedConstruct } from '../construct-support/moved-resources';
import { invalidProps } from '../util/user-error';

/** Id of the public ALB (PublicAlb) below the platform. */
const ALB_ID = 'edge';

/** A load balancer outside this construct that sends a service its traffic (the API Gateway path's NLB). */
export interface ExternalTarget {
  readonly targetGroupArn: string;
  /** Security group of the load balancer, admitted to the tasks on the ingress port. */
  readonly sourceSecurityGroupId: string;
  /** What the service must wait for (the listener that puts the target group in use). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export interface EcsPlatformProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Deletion protection on the ALB. */
  readonly production: boolean;
  readonly network: NetworkRefs;
  /** Public zone and domain of the service host names. */
  readonly publicZone: HostedZoneRef;
  /** Validated edge certificate for the ALB. */
  readonly certificateArn: string;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn: string;
  readonly ecs: EcsSettings;
  readonly services: Readonly<Record<string, EcsServiceSpec>>;
  /** The public host name of each `ingress: alb` service, by service name, in `publicZone`. */
  readonly hostnames: Readonly<Record<string, string>>;
  /** Envoy sidecar of each service that has one, by service name. */
  readonly proxies: Readonly<Record<string, EnvoyProxyBundle>>;
  /**
   * The environment's Envoy image (Docker Hub reference): what the sidecars run, and what opens every service's
   * scratch volumes before its containers start, sidecar or not (scratch-volume-init.ts), so it is cached even when no
   * service has a sidecar.
   */
  readonly envoyImage: string;
  /** Targets of `ingress: apigw` services, by service name (from the API Gateway side). @default {} - they get no traffic */
  readonly externalTargets?: Readonly<Record<string, ExternalTarget>>;
  /** Invoke ARNs of this environment's APIs by service name, for `environment-api` egress targets. @default {} */
  readonly environmentApiInvokeArns?: Readonly<Record<string, string>>;
}

/**
 * The ECS side of an environment: the cluster, the secrets the sidecars read,
 * the ECR pull through cache the sidecars' image comes from, the public ALB (when a service has `ingress: alb`) and one Fargate service
 * per configured service, each extended with its Envoy sidecar.
 */
export class EcsPlatform extends Construct {
  /** Construct id of a service's FargateService: `service-<name>`. */
  static serviceId(serviceName: string): string {
    return `service-${serviceName}`;
  }

  /** The constructs, relative to this one, whose ids derive from a service's name: what renaming the service moves. */
  static renamedServiceConstructs(from: string, to: string): RenamedConstruct[] {
    return [
      { parent: [], from: EcsPlatform.serviceId(from), to: EcsPlatform.serviceId(to) },
      { parent: [ALB_ID], from: PublicAlb.routeId(from), to: PublicAlb.routeId(to) },
      { parent: [ALB_ID], from: PublicAlb.egressRuleId(from), to: PublicAlb.egressRuleId(to) },
    ];
  }

  public readonly cluster: EcsCluster;
  public readonly alb?: PublicAlb;
  /** The ALB route (target group, listener rule, alias) of each `ingress: alb` service, by service name. */
  public readonly albRoutes: Readonly<Record<string, AlbServiceRoute>>;
  public readonly services: Readonly<Record<string, FargateService>>;
  public readonly proxySecrets: ProxySecrets;
  /** Where the Envoy sidecars and the scratch volumes' init containers pull their image from. */
  public readonly imagePullCache: DockerHubPullThroughCache;

  constructor(scope: Construct, id: string, props: EcsPlatformProps) {
    super(scope, id);
    const entries = Object.entries(props.services);
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.namePrefix,
      containerInsights: props.ecs.containerInsights,
      defaultStrategy: props.ecs.capacityProviderStrategy,
    });
    const teardown = teardownSettings(props.production);
    this.proxySecrets = new ProxySecrets(this, 'proxy-secrets', {
      bundles: props.proxies,
      region: props.region,
      recoveryWindowDays: teardown.secretRecoveryWindowDays,
    });
    const { cache, images: envoyImages } = envoyImagesThroughCache(this, props, teardown);
    this.imagePullCache = cache;
    const alb = entries.some(([, service]) => service.ingress === 'alb')
      ? new PublicAlb(this, ALB_ID, {
          namePrefix: props.namePrefix,
          accountId: props.accountId,
          region: props.region,
          vpcId: props.network.vpcId,
          publicSubnetIds: props.network.publicSubnetIds,
          certificateArn: props.certificateArn,
          zone: props.publicZone,
          deletionProtection: props.production,
          idleTimeoutSeconds: props.ecs.alb.idleTimeoutSeconds,
          accessLogRetentionDays: props.ecs.alb.accessLogRetentionDays,
          accessLogsForceDestroy: teardown.forceDestroyStores,
        })
      : undefined;
    this.alb = alb;

    const services: Record<string, FargateService> = {};
    const albRoutes: Record<string, AlbServiceRoute> = {};
    for (const [name, service] of entries) {
      const bundle = props.proxies[name];
      const extensions: ServiceExtension[] = bundle
        ? [
            new EnvoySidecarExtension({
              bundle,
              image: envoyImages[bundle.image],
              secretArns: this.proxySecrets.arns,
              egress: service.egress,
              accountId: props.accountId,
              environmentApiInvokeArns: props.environmentApiInvokeArns,
            }),
          ]
        : [];
      const ingress = FargateService.ingressTarget(extensions, service.containerPort);
      const targets: LoadBalancerTarget[] = [];
      const ingressFrom: IngressSource[] = [];
      // A service starts no task before the secrets its sidecar reads have a value (ProxySecrets).
      const dependencies: ITerraformDependable[] = [this.cluster.capacityProviders, ...(bundle ? this.proxySecrets.checksFor(bundle) : [])];
      let requestCountLabel: string | undefined;

      if (alb && service.ingress === 'alb' && ingress) {
        const route = alb.addService(name, {
          hostname: props.hostnames[name],
          port: ingress.containerPort,
          healthPath: service.healthPath,
          deregistrationDelaySeconds: service.deregistrationDelaySeconds,
        });
        albRoutes[name] = route;
        targets.push({ targetGroupArn: route.targetGroup.arn, ...ingress });
        ingressFrom.push({ securityGroupId: alb.securityGroup.id, port: ingress.containerPort, description: 'From the public ALB' });
        dependencies.push(route.rule);
        requestCountLabel = route.requestCountResourceLabel;
      }
      const external = props.externalTargets?.[name];
      if (external) {
        if (!ingress) throw invalidProps(`EcsPlatform ${name}`, 'an external target was given for a service that listens on no port');
        targets.push({ targetGroupArn: external.targetGroupArn, ...ingress });
        ingressFrom.push({ securityGroupId: external.sourceSecurityGroupId, port: ingress.containerPort, description: 'From the internal NLB of API Gateway' });
        dependencies.push(...(external.dependsOn ?? []));
      }

      const scaling = service.autoscaling;
      services[name] = new FargateService(this, EcsPlatform.serviceId(name), {
        serviceName: name,
        namePrefix: props.namePrefix,
        accountId: props.accountId,
        region: props.region,
        cluster: { arn: this.cluster.arn, name: this.cluster.name },
        capacityProviderStrategy: props.ecs.capacityProviderStrategy,
        vpcId: props.network.vpcId,
        subnetIds: props.network.privateSubnetIds,
        image: service.image,
        // The environment's Envoy image, which every sidecar runs too (its bundle's image is the same setting).
        scratchInitImage: envoyImages[props.envoyImage],
        user: service.user,
        cpu: service.cpu,
        memory: service.memory,
        cpuArchitecture: service.cpuArchitecture,
        desiredCount: service.desiredCount,
        environment: service.environment,
        secrets: service.secrets,
        secretsKmsKeyArn: service.secretsKmsKeyArn,
        extensions,
        loadBalancerTargets: targets,
        dependsOn: dependencies,
        ingressFrom,
        networkEgress: service.networkEgress,
        logRetentionDays: props.logRetentionDays,
        logKmsKeyArn: props.logKmsKeyArn,
        enableExecute: service.exec && !props.production,
        healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
        stopTimeoutSeconds: service.stopTimeoutSeconds,
        autoscaling: scaling && {
          minCount: scaling.minCount,
          maxCount: scaling.maxCount,
          cpuPercent: scaling.cpuPercent,
          requestsPerTarget: scaling.requestsPerTarget !== undefined && requestCountLabel ? { targetValue: scaling.requestsPerTarget, resourceLabel: requestCountLabel } : undefined,
          scaleInCooldownSeconds: scaling.scaleInCooldownSeconds,
          scaleOutCooldownSeconds: scaling.scaleOutCooldownSeconds,
        },
      });
      if (alb && requestCountLabel && ingress) alb.allowTo(name, services[name].securityGroup.id, ingress.containerPort);
    }
    this.services = services;
    this.albRoutes = albRoutes;
  }
}

/**
 * The Envoy image of every sidecar, pulled through this account's ECR (never
 * from Docker Hub by the tasks) and pinned by digest.
 */
function envoyImagesThroughCache(scope: Construct, props: EcsPlatformProps, teardown: TeardownSettings): { cache: DockerHubPullThroughCache; images: Readonly<Record<string, ContainerImage>> } {
  const upstreams = [...new Set([...Object.values(props.proxies).map((bundle) => bundle.image), props.envoyImage])].map((image) => {
    const reference = parseImageReference(image);
    if (typeof reference === 'string') throw invalidProps('EcsPlatform', `envoy image: ${reference}`);
    return [image, reference] as const;
  });
  const cache = new DockerHubPullThroughCache(scope, 'image-cache', {
    namePrefix: props.namePrefix,
    accountId: props.accountId,
    region: props.region,
    repositories: upstreams.map(([, reference]) => reference.repository),
    recoveryWindowDays: teardown.secretRecoveryWindowDays,
    forceDelete: teardown.forceDestroyStores,
  });
  envoyImageCacheOutput(
    scope,
    upstreams.map(([, reference]) => ({ repository: cache.repositoryNames[reference.repository], tag: reference.tag ?? '', digest: reference.digest ?? '' })),
  );
  return {
    cache,
    images: Object.fromEntries(upstreams.map(([image, reference]) => [image, cache.image(reference, envoyImageDigest(scope, reference))])),
  };
}

/** How the ECS side's stores behave on `terraform destroy`; one decision per tier (policy rule non-production-destroyable). */
export interface TeardownSettings {
  /** Days a deleted secret keeps its name reserved. */
  readonly secretRecoveryWindowDays: number;
  /** Delete ECR repositories with images and S3 buckets with objects. */
  readonly forceDestroyStores: boolean;
}

/**
 * Outside production an environment must tear down and come back under the same names: a deleted secret goes at
 * once (a recovery window keeps the name reserved: "You can't create a new secret with the same name" until it ends,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html), and a repository with cached
 * images or a bucket with logs is deleted with them (RepositoryNotEmptyException, BucketNotEmpty otherwise). In
 * production the names stay reserved for 30 days, so an accidental deletion can be undone, and nothing is deleted with its data.
 */
export function teardownSettings(production: boolean): TeardownSettings {
  return production ? { secretRecoveryWindowDays: 30, forceDestroyStores: false } : { secretRecoveryWindowDays: 0, forceDestroyStores: true };
}
