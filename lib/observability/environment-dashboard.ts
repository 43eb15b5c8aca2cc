import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { ALARM_PERIOD_SECONDS } from './notifying-alarm';
import type { ServiceSignals } from './service-alarms';
import { signals, type Metric } from './signals';

export interface EnvironmentDashboardProps {
  /** `<project>-<env>`: the dashboard's name. */
  readonly namePrefix: string;
  readonly region: string;
  /** Each ECS service's signals, by service name (one row each, in name order). */
  readonly services: Readonly<Record<string, ServiceSignals>>;
  /** NAT gateways by AZ. @default {} */
  readonly natGatewayIds: Readonly<Record<string, string>>;
  /** @default - no ALB */
  readonly albArnSuffix?: string;
  /** Every alarm of the environment, for the status widget at the top. */
  readonly alarmArns: readonly string[];
}

/** The platform stack's output with the dashboard's console link (`npm run deploy` prints it at the end). */
export const DASHBOARD_URL_OUTPUT = 'dashboard-url';

/** PutDashboard's limits: the body (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html) and one alarm widget's alarms. */
export const DASHBOARD_BODY_MAX_BYTES = 1024 * 1024;
export const ALARM_WIDGET_MAX_ALARMS = 100;

const WIDTH = 24;
const HEIGHT = 6;

/** One metric line of a widget: [namespace, name, dimension, value, …, options]. */
function line(metric: Metric, label: string): unknown[] {
  return [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat(), { stat: metric.stat, label }];
}

/**
 * One CloudWatch dashboard per environment: the alarms' states, then a row per service with the same signals its
 * alarms watch (signals.ts), then the NAT gateways and the ALB: the first look after a deploy is one link
 * (the `dashboard-url` output, printed by `npm run deploy`).
 */
export class EnvironmentDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  /** The console link. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    const row = (items: { title: string; metrics: unknown[][] }[]) => {
      const width = Math.floor(WIDTH / items.length);
      items.forEach((item, index) =>
        widgets.push({
          type: 'metric',
          x: index * width,
          y,
          width,
          height: HEIGHT,
          properties: { title: item.title, region: props.region, view: 'timeSeries', stacked: false, period: ALARM_PERIOD_SECONDS, metrics: item.metrics },
        }),
      );
      y += HEIGHT;
    };
    for (let start = 0; start < props.alarmArns.length; start += ALARM_WIDGET_MAX_ALARMS) {
      widgets.push({ type: 'alarm', x: 0, y, width: WIDTH, height: 4, properties: { title: 'Alarms', alarms: props.alarmArns.slice(start, start + ALARM_WIDGET_MAX_ALARMS) } });
      y += 4;
    }
    for (const name of Object.keys(props.services).sort()) {
      const { ecs, target, api } = props.services[name];
      const items = [{ title: `${name}: tasks`, metrics: [line(signals.runningTasks(ecs), 'running'), line(signals.desiredTasks(ecs), 'desired')] }];
      if (target?.kind === 'alb') items.push({ title: `${name}: ALB requests and 5xx`, metrics: [line(signals.targetRequests(target), 'requests'), line(signals.target5xx(target), 'target 5xx')] });
      if (target)
        items.push({ title: `${name}: ${target.kind.toUpperCase()} targets`, metrics: [line(signals.healthyTargets(target), 'healthy'), line(signals.unhealthyTargets(target), 'unhealthy')] });
      if (api)
        items.push({ title: `${name}: API`, metrics: [line(signals.apiRequests(api), 'requests'), line(signals.api5xxRate(api), '5XX rate'), line(signals.apiLatencyP99(api), 'p99 latency (ms)')] });
      row(items);
    }
    const natLines = Object.entries(props.natGatewayIds).map(([zone, id]) => line(signals.natPortAllocationErrors(id), `port allocation errors ${zone}`));
    const environment = [
      ...(natLines.length > 0 ? [{ title: 'NAT gateways', metrics: natLines }] : []),
      ...(props.albArnSuffix ? [{ title: 'ALB 5xx (its own)', metrics: [line(signals.albElb5xx(props.albArnSuffix), 'ELB 5xx')] }] : []),
    ];
    if (environment.length > 0) row(environment);

    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: props.namePrefix, dashboardBody: JSON.stringify({ widgets }) });
    this.url = `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards/dashboard/${props.namePrefix}`;
  }
}
