import { Construct } from 'constructs';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCount: number;
  readonly maxCount: number;
  /** Target average CPU utilisation, percent. */
  readonly cpuPercent: number;
  /** Target ALB requests per task per minute, and the `<alb arn_suffix>/<target group arn_suffix>` label. @default - no request-count policy */
  readonly requestsPerTarget?: { readonly targetValue: number; readonly resourceLabel: string };
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
}

/**
 * Target-tracking autoscaling of an ECS service's desired count. Once this
 * exists, Application Auto Scaling owns `desired_count`: the service must
 * ignore changes to it, or every apply would reset the count.
 */
export class ServiceAutoscaling extends Construct {
  public readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    this.target = new AppautoscalingTarget(this, 'target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCount,
      maxCapacity: props.maxCount,
    });
    const policy = (policyId: string, metric: string, targetValue: number, resourceLabel?: string) =>
      new AppautoscalingPolicy(this, policyId, {
        name: `${props.serviceName}-${policyId}`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: this.target.serviceNamespace,
        scalableDimension: this.target.scalableDimension,
        resourceId: this.target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          scaleInCooldown: props.scaleInCooldownSeconds,
          scaleOutCooldown: props.scaleOutCooldownSeconds,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
        },
      });
    policy('cpu', 'ECSServiceAverageCPUUtilization', props.cpuPercent);
    if (props.requestsPerTarget) {
      policy('requests', 'ALBRequestCountPerTarget', props.requestsPerTarget.targetValue, props.requestsPerTarget.resourceLabel);
    }
  }
}
