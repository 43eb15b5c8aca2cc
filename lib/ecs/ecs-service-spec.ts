import type { ProxyService } from '../envoy/proxy-spec';
import type { CapacityProviderShare } from './ecs-cluster';
import type { FargateServiceProps } from './fargate-service';

/**
 * One service as EcsPlatform builds it, with every default already applied
 * (the config schema's `services.<name>` satisfies it; lib/config/ecs-schema.ts
 * documents each key and its default). Defined here so the ECS constructs do
 * not import the config.
 */
export interface EcsServiceSpec
  extends
    ProxyService,
    Pick<
      FargateServiceProps,
      | 'image'
      | 'user'
      | 'cpu'
      | 'memory'
      | 'cpuArchitecture'
      | 'desiredCount'
      | 'environment'
      | 'secrets'
      | 'secretsKmsKeyArn'
      | 'networkEgress'
      | 'healthCheckGracePeriodSeconds'
      | 'stopTimeoutSeconds'
    > {
  /** Public name of an `alb` service. @default - `<service>.<public zone domain>` */
  readonly hostname?: string;
  readonly deregistrationDelaySeconds: number;
  /** ECS Exec; never enabled in production. */
  readonly exec: boolean;
  readonly autoscaling?: {
    readonly minCount: number;
    readonly maxCount: number;
    readonly cpuPercent: number;
    /** ALB requests per task per minute; only with `ingress: alb`. */
    readonly requestsPerTarget?: number;
    readonly scaleInCooldownSeconds: number;
    readonly scaleOutCooldownSeconds: number;
  };
}

/** The environment-wide ECS settings, defaults applied (the config's `ecs` section). */
export interface EcsSettings {
  readonly containerInsights: 'enhanced' | 'enabled';
  readonly capacityProviderStrategy: readonly CapacityProviderShare[];
  readonly alb: { readonly accessLogRetentionDays: number; readonly idleTimeoutSeconds: number };
}
