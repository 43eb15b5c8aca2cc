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

/** A line of a graph: its metric and its legend label. */
type Line = readonly [Metric, string];
/** A graph widget of a row. */
interface Graph {
  readonly title: string;
  readonly lines: readonly Line[];
}

/** One metric line of a widget: [namespace, name, dimension, value, …, rendering properties]. */
function line(metric: Metric, label: string, yAxis: 'left' | 'right'): unknown[] {
  return [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat(), { stat: metric.stat, label, ...(yAxis === 'right' ? { yAxis } : {}) }];
}

/**
 * A widget's lines, each unit on its own y axis: the widget's first unit on the left axis, a second one on the right
 * (the rendering property `yAxis`, default left:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Rendering-Object-Format).
 * A graph has only the two axes, so a third unit is a programming error here, not a line drawn on the wrong scale.
 */
function lines(title: string, entries: readonly Line[]): unknown[][] {
  const units = [...new Set(entries.map(([metric]) => metric.unit))];
  if (units.length > 2) throw new Error(`dashboard widget "${title}" mixes ${units.length} units (${units.join(', ')}): a graph has two y axes; split the widget`);
  return entries.map(([metric, label]) => line(metric, label, metric.unit === units[0] ? 'left' : 'right'));
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
    const row = (items: readonly Graph[]) => {
      const width = Math.floor(WIDTH / items.length);
      items.forEach((item, index) =>
        widgets.push({
          type: 'metric',
          x: index * width,
          y,
          width,
          height: HEIGHT,
          properties: { title: item.title, region: props.region, view: 'timeSeries', stacked: false, period: ALARM_PERIOD_SECONDS, metrics: lines(item.title, item.lines) },
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
      const items: Graph[] = [
        {
          title: `${name}: tasks`,
          lines: [
            [signals.runningTasks(ecs), 'running'],
            [signals.desiredTasks(ecs), 'desired'],
          ],
        },
      ];
      if (target?.kind === 'alb')
        items.push({
          title: `${name}: ALB requests and 5xx`,
          lines: [
            [signals.targetRequests(target), 'requests'],
            [signals.target5xx(target), 'target 5xx'],
          ],
        });
      if (target)
        items.push({
          title: `${name}: ${target.kind.toUpperCase()} targets`,
          lines: [
            [signals.healthyTargets(target), 'healthy'],
            [signals.unhealthyTargets(target), 'unhealthy'],
          ],
        });
      if (api) {
        // Three units (requests, the share that failed, milliseconds) for a graph's two axes: latency gets its own widget.
        items.push({
          title: `${name}: API requests and 5XX rate`,
          lines: [
            [signals.apiRequests(api), 'requests'],
            [signals.api5xxRate(api), '5XX rate (share of requests)'],
          ],
        });
        items.push({ title: `${name}: API p99 latency`, lines: [[signals.apiLatencyP99(api), 'p99 latency (ms)']] });
      }
      row(items);
    }
    const natLines = Object.entries(props.natGatewayIds).map(([zone, id]): Line => [signals.natPortAllocationErrors(id), `port allocation errors ${zone}`]);
    const environment: Graph[] = [];
    if (natLines.length > 0) environment.push({ title: 'NAT gateways', lines: natLines });
    if (props.albArnSuffix) environment.push({ title: 'ALB 5xx (its own)', lines: [[signals.albElb5xx(props.albArnSuffix), 'ELB 5xx']] });
    if (environment.length > 0) row(environment);

    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: props.namePrefix, dashboardBody: JSON.stringify({ widgets }) });
    this.url = `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards/dashboard/${props.namePrefix}`;
  }
}
