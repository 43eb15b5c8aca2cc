import { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { EcsServiceAlarms } from '@cdktf/provider-aws/lib/ecs-service';
import { notifyingAlarm } from './notifying-alarm';
import { signals, type ApiStageRef, type EcsServiceRef, type LoadBalancerTargetRef } from './signals';

/** Thresholds of a service's alarms (the environment file's `alarms.thresholds`, docs/operations.md). */
export interface ServiceAlarmThresholds {
  readonly targetErrorRatePercent: number;
  readonly unhealthyTargets: number;
  readonly tasksBelowDesiredMinutes: number;
  readonly apiErrorRatePercent: number;
  readonly apiLatencyP99Milliseconds: number;
  readonly evaluationMinutes: number;
}

/** What one ECS service is seen through: its tasks, its load-balancer target and its API stage, where it has them. */
export interface ServiceSignals {
  readonly ecs: EcsServiceRef;
  /** @default - no load balancer in front (ingress: none) */
  readonly target?: LoadBalancerTargetRef;
  /** @default - no API (the service is not behind API Gateway) */
  readonly api?: ApiStageRef;
}

/** The alarms a service can have, by the suffix of their names. */
export type ServiceAlarmKind = 'target-5xx-rate' | 'unhealthy-targets' | 'tasks-below-desired' | 'api-5xx-rate' | 'api-latency-p99';

/** Fewer requests a minute than this make no error rate (one failed request of three is no outage). */
export const MIN_REQUESTS_FOR_A_RATE = 10;

/** The alarms a deployment watches, where the service has them; a service with none of them watches none (its circuit breaker guards its releases). */
export const DEPLOYMENT_ALARMS: readonly ServiceAlarmKind[] = ['target-5xx-rate', 'unhealthy-targets', 'api-5xx-rate'];

export interface ServiceAlarmsProps extends ServiceSignals {
  /** `<project>-<env>`: alarms are named `<prefix>-<service>-<kind>`. */
  readonly namePrefix: string;
  readonly serviceName: string;
  readonly topicArn: string;
  readonly thresholds: ServiceAlarmThresholds;
}

/**
 * The alarms of one ECS service. Those that a bad deploy trips within minutes (target 5xx rate, unhealthy targets, the
 * API's 5XX rate) are its deployment alarms: ECS rolls a deployment back when one of them fires while it runs
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html). Tasks below desired and
 * the API's latency notify only: Spot interruptions and slow dependencies are no reason to undo a release. A service
 * with no load balancer and no API (a worker) therefore has no deployment alarm: its deployment circuit breaker, which
 * rolls back tasks that fail to start or keep stopping, guards its releases (docs/operations.md, "Deploys that roll back on alarms").
 */
export class ServiceAlarms extends Construct {
  public readonly alarms: Readonly<Partial<Record<ServiceAlarmKind, CloudwatchMetricAlarm>>>;
  /** The ECS service's `alarms` block: the alarms its deployments watch, or an explicit "none" for a worker. */
  public readonly deploymentAlarms: EcsServiceAlarms;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { thresholds: t, target, api } = props;
    const alarms: Partial<Record<ServiceAlarmKind, CloudwatchMetricAlarm>> = {};
    const name = (kind: ServiceAlarmKind) => `${props.namePrefix}-${props.serviceName}-${kind}`;
    const common = { topicArn: props.topicArn, minutes: t.evaluationMinutes } as const;
    const who = `service ${props.serviceName}`;

    if (target?.kind === 'alb') {
      alarms['target-5xx-rate'] = notifyingAlarm(this, 'target-5xx-rate', {
        ...common,
        name: name('target-5xx-rate'),
        description: `${who}: over ${t.targetErrorRatePercent}% of its ALB requests answered 5xx by the service. Runbook: docs/operations.md#target-5xx-rate`,
        query: [
          { id: 'errors', metric: signals.target5xx(target) },
          { id: 'requests', metric: signals.targetRequests(target) },
          { id: 'rate', expression: `IF(requests >= ${MIN_REQUESTS_FOR_A_RATE}, 100 * FILL(errors, 0) / requests, 0)`, label: '5xx % of requests' },
        ],
        comparison: 'GreaterThanThreshold',
        threshold: t.targetErrorRatePercent,
        missingData: 'notBreaching',
      });
    }
    if (target) {
      alarms['unhealthy-targets'] = notifyingAlarm(this, 'unhealthy-targets', {
        ...common,
        name: name('unhealthy-targets'),
        description: `${who}: ${t.unhealthyTargets} or more targets fail the ${target.kind.toUpperCase()} health check. Runbook: docs/operations.md#unhealthy-targets`,
        query: signals.unhealthyTargets(target),
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: t.unhealthyTargets,
        missingData: 'notBreaching',
      });
    }
    alarms['tasks-below-desired'] = notifyingAlarm(this, 'tasks-below-desired', {
      topicArn: props.topicArn,
      name: name('tasks-below-desired'),
      description: `${who}: fewer tasks running than desired for ${t.tasksBelowDesiredMinutes} minutes. Runbook: docs/operations.md#tasks-below-desired`,
      query: [
        { id: 'running', metric: signals.runningTasks(props.ecs) },
        { id: 'desired', metric: signals.desiredTasks(props.ecs) },
        { id: 'missing', expression: 'desired - FILL(running, 0)', label: 'tasks missing' },
      ],
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      minutes: t.tasksBelowDesiredMinutes,
      missingData: 'notBreaching',
    });
    if (api) {
      alarms['api-5xx-rate'] = notifyingAlarm(this, 'api-5xx-rate', {
        ...common,
        name: name('api-5xx-rate'),
        description: `${who}: over ${t.apiErrorRatePercent}% of its API stage's requests answered 5XX. Runbook: docs/operations.md#api-5xx-rate`,
        query: [
          { id: 'failed', metric: signals.api5xxRate(api) },
          { id: 'requests', metric: signals.apiRequests(api) },
          { id: 'rate', expression: `IF(requests >= ${MIN_REQUESTS_FOR_A_RATE}, 100 * FILL(failed, 0), 0)`, label: '5XX % of requests' },
        ],
        comparison: 'GreaterThanThreshold',
        threshold: t.apiErrorRatePercent,
        missingData: 'notBreaching',
      });
      // Construct id without "p99": a one-letter word part makes the id look random to the secret scan.
      alarms['api-latency-p99'] = notifyingAlarm(this, 'api-latency', {
        ...common,
        name: name('api-latency-p99'),
        description: `${who}: p99 latency of its API stage above ${t.apiLatencyP99Milliseconds} ms. Runbook: docs/operations.md#api-latency-p99`,
        query: signals.apiLatencyP99(api),
        comparison: 'GreaterThanThreshold',
        threshold: t.apiLatencyP99Milliseconds,
        missingData: 'notBreaching',
      });
    }
    this.alarms = alarms;
    const deployment = DEPLOYMENT_ALARMS.filter((kind) => alarms[kind]).map((kind) => alarms[kind]!.alarmName);
    this.deploymentAlarms =
      deployment.length > 0
        ? { alarmNames: deployment, enable: true, rollback: true }
        : // A worker watches no alarm, said explicitly: hashicorp/aws 5.100 leaves a service's alarms in place when the
          // block is removed (UpdateService keeps deploymentConfiguration.alarms it is not sent), and it sends no
          // alarm_names at all for an empty list, which the AWS SDK refuses ("missing required field
          // ...Alarms.AlarmNames"). So the block stays, switched off, naming the service's own tasks-below-desired alarm,
          // which ECS does not watch while enable is false. https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentAlarms.html
          { alarmNames: [alarms['tasks-below-desired'].alarmName], enable: false, rollback: false };
  }
}
