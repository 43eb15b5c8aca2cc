import type { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Metric } from './signals';

/** One-minute periods: the finest the load balancer, API Gateway and Container Insights metrics have. */
export const ALARM_PERIOD_SECONDS = 60;

/** A metric query of an alarm: a metric (`m…`) or a metric-math expression over them (`e…`, the returned value). */
export type AlarmQuery = { readonly id: string; readonly metric: Metric } | { readonly id: string; readonly expression: string; readonly label: string };

export interface NotifyingAlarmProps {
  /** Unique in the account and region, at most 255 characters (PutMetricAlarm). */
  readonly name: string;
  /** What it means and what to do first (docs/operations.md). */
  readonly description: string;
  readonly topicArn: string;
  /** One metric, or metric math whose single returned expression is compared. */
  readonly query: Metric | readonly AlarmQuery[];
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  /** Consecutive breaching minutes (a whole number of periods). */
  readonly minutes: number;
  /**
   * The length of one period, for a signal read as a sum over a window (a single-metric query only).
   * @default ALARM_PERIOD_SECONDS
   */
  readonly periodSeconds?: number;
  /** How a minute with no data counts. */
  readonly missingData: 'notBreaching' | 'breaching';
}

/** A CloudWatch alarm that notifies the environment's topic when it fires and when it recovers. */
export function notifyingAlarm(scope: Construct, id: string, props: NotifyingAlarmProps): CloudwatchMetricAlarm {
  if (props.name.length > 255) throw new Error(`alarm ${id}: name: expected at most 255 characters, got ${props.name.length}`);
  const period = props.periodSeconds ?? ALARM_PERIOD_SECONDS;
  const periods = (props.minutes * 60) / period;
  if (period % ALARM_PERIOD_SECONDS !== 0 || !Number.isInteger(periods)) {
    throw new Error(`alarm ${id}: expected minutes to be a whole number of ${period}-second periods, got ${props.minutes} minutes`);
  }
  if (period !== ALARM_PERIOD_SECONDS && Array.isArray(props.query)) throw new Error(`alarm ${id}: periodSeconds: expected a single-metric query`);
  const common = {
    alarmName: props.name,
    alarmDescription: props.description,
    comparisonOperator: props.comparison,
    threshold: props.threshold,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    treatMissingData: props.missingData,
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
  };
  if (!Array.isArray(props.query)) {
    const metric = props.query as Metric;
    const percentile = /^p\d+(\.\d+)?$/.test(metric.stat);
    return new CloudwatchMetricAlarm(scope, id, {
      ...common,
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: { ...metric.dimensions },
      period,
      statistic: percentile ? undefined : metric.stat,
      extendedStatistic: percentile ? metric.stat : undefined,
    });
  }
  const queries = props.query as readonly AlarmQuery[];
  const returned = queries.filter((query) => 'expression' in query);
  if (returned.length !== 1) throw new Error(`alarm ${id}: expected exactly one expression to alarm on, got ${returned.length}`);
  return new CloudwatchMetricAlarm(scope, id, {
    ...common,
    metricQuery: queries.map((query) =>
      'expression' in query
        ? { id: query.id, expression: query.expression, label: query.label, returnData: true }
        : {
            id: query.id,
            returnData: false,
            metric: { namespace: query.metric.namespace, metricName: query.metric.metricName, dimensions: { ...query.metric.dimensions }, stat: query.metric.stat, period: ALARM_PERIOD_SECONDS },
          },
    ),
  });
}
