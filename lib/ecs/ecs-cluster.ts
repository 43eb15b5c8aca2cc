import { Construct } from 'constructs';
import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';

/** Fargate capacity providers a service may place tasks on (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html). */
export const CAPACITY_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'] as const;
export type CapacityProvider = (typeof CAPACITY_PROVIDERS)[number];

export interface CapacityProviderShare {
  readonly capacityProvider: CapacityProvider;
  readonly base: number;
  readonly weight: number;
}

export interface EcsClusterProps {
  readonly name: string;
  readonly containerInsights: 'enhanced' | 'enabled';
  /** The default strategy of services that name none. */
  readonly defaultStrategy: readonly CapacityProviderShare[];
}

/**
 * A Fargate-only ECS cluster with Container Insights and both Fargate
 * capacity providers; the default strategy splits tasks between on-demand
 * (FARGATE) and interruptible, cheaper FARGATE_SPOT.
 */
export class EcsCluster extends Construct {
  public readonly cluster: EcsClusterResource;
  public readonly arn: string;
  public readonly name: string;
  /** Services using FARGATE_SPOT must be created after this association. */
  public readonly capacityProviders: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    this.cluster = new EcsClusterResource(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: props.containerInsights }],
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: props.defaultStrategy.map((share) => ({ ...share })),
    });
    this.arn = this.cluster.arn;
    this.name = this.cluster.name;
  }
}
