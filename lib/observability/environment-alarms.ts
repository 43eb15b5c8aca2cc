import { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { notifyingAlarm } from './notifying-alarm';
import { signals, type WafRuleRef } from './signals';

export interface EnvironmentAlarmsProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly topicArn: string;
  /** NAT gateways by a stable key (their AZ). @default {} */
  readonly natGatewayIds: Readonly<Record<string, string>>;
  /** The public ALB's `arn_suffix`. @default - no ALB */
  readonly albArnSuffix?: string;
  /**
   * The Auto Scaling groups of the EKS node groups whose minimum is above zero, by node group name: a group that may
   * scale to zero has no healthy node by design. @default {}
   */
  readonly nodeGroupAutoScalingGroups: Readonly<Record<string, string>>;
  /** The web ACL's rate-based rule. @default - no web ACL */
  readonly wafRateRule?: WafRuleRef;
  readonly thresholds: { readonly albErrorsPerMinute: number; readonly evaluationMinutes: number; readonly wafRateLimitBlockedPer5Minutes: number };
}

/** The construct id of a node group's alarm: ends with the group's name, so a rename can move it. */
export const nodeGroupAlarmId = (nodeGroup: string) => `no-healthy-node-${nodeGroup}`;

/** Minutes without a single healthy node before a node group's alarm fires (a node's replacement takes about five). */
export const NO_HEALTHY_NODES_MINUTES = 10;

/** Environment-wide alarms: NAT port exhaustion, the ALB's own 5xx, EKS node groups with no healthy node. */
export class EnvironmentAlarms extends Construct {
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: EnvironmentAlarmsProps) {
    super(scope, id);
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const [zone, natGatewayId] of Object.entries(props.natGatewayIds)) {
      // Any port allocation error drops a connection: the NAT gateway ran out of its 55,000 ports to one destination.
      // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
      alarms[`nat-${zone}`] = notifyingAlarm(this, `nat-${zone}-port-allocation`, {
        name: `${props.namePrefix}-nat-${zone}-port-allocation`,
        description: `NAT gateway in ${zone} could not allocate a source port: connections from the private subnets fail. Runbook: docs/operations.md#nat-port-allocation`,
        topicArn: props.topicArn,
        query: signals.natPortAllocationErrors(natGatewayId),
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        minutes: 1,
        missingData: 'notBreaching',
      });
    }
    if (props.albArnSuffix) {
      alarms.alb = notifyingAlarm(this, 'alb-5xx', {
        name: `${props.namePrefix}-alb-5xx`,
        description: `The public ALB itself answered ${props.thresholds.albErrorsPerMinute} or more 5xx a minute (no healthy target, target reset or timed out). Runbook: docs/operations.md#alb-5xx`,
        topicArn: props.topicArn,
        query: signals.albElb5xx(props.albArnSuffix),
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: props.thresholds.albErrorsPerMinute,
        minutes: props.thresholds.evaluationMinutes,
        missingData: 'notBreaching',
      });
    }
    if (props.wafRateRule) {
      // A 403 from WAF is a 4XX: no 5xx alarm sees it. Summed over the rule's own 5-minute window.
      alarms.wafRateLimit = notifyingAlarm(this, 'waf-rate-limit-blocked', {
        name: `${props.namePrefix}-waf-rate-limit-blocked`,
        description: `The web ACL's rate rule blocked ${props.thresholds.wafRateLimitBlockedPer5Minutes} or more requests in 5 minutes (clients answered 403). Runbook: docs/operations.md#waf-rate-limit-blocked`,
        topicArn: props.topicArn,
        query: signals.wafRuleBlockedRequests(props.wafRateRule),
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: props.thresholds.wafRateLimitBlockedPer5Minutes,
        minutes: 5,
        periodSeconds: 300,
        missingData: 'notBreaching',
      });
    }
    for (const [group, autoScalingGroupName] of Object.entries(props.nodeGroupAutoScalingGroups)) {
      // EKS does not turn on the managed groups' Auto Scaling group metrics (https://docs.aws.amazon.com/eks/latest/userguide/enable-asg-metrics.html),
      // but EC2 publishes every instance's status check each minute under its group's AutoScalingGroupName: checks
      // reported minus checks failed is the number of healthy nodes. No data at all means no node: breaching.
      alarms[`nodes-${group}`] = notifyingAlarm(this, nodeGroupAlarmId(group), {
        name: `${props.namePrefix}-nodes-${group}-none-healthy`,
        description: `EKS node group ${group} (minimum above zero) has had no healthy node for ${NO_HEALTHY_NODES_MINUTES} minutes. Runbook: docs/operations.md#nodes-none-healthy`,
        topicArn: props.topicArn,
        query: [
          { id: 'reported', metric: signals.nodeStatusChecks(autoScalingGroupName) },
          { id: 'failed', metric: signals.nodeStatusChecksFailed(autoScalingGroupName) },
          { id: 'healthy', expression: 'reported - FILL(failed, 0)', label: 'healthy nodes' },
        ],
        comparison: 'LessThanThreshold',
        threshold: 1,
        minutes: NO_HEALTHY_NODES_MINUTES,
        missingData: 'breaching',
      });
    }
    this.alarms = alarms;
  }
}
