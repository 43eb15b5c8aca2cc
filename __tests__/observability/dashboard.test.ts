import { DASHBOARD_BODY_MAX_BYTES } from '../../lib/observability/environment-dashboard';
import { ecsEnvironment, platformOf } from '../ecs/ecs-fixture';
import { TerraformJson } from '../helpers/terraform-json';

describe('environment dashboard', () => {
  const platform = platformOf(ecsEnvironment());
  const dashboard = platform.only('aws_cloudwatch_dashboard');
  const body = JSON.parse(dashboard.values.dashboard_body);
  const metricWidgets = body.widgets.filter((widget: any) => widget.type === 'metric');
  const widget = (title: string) => metricWidgets.find((candidate: any) => candidate.properties.title === title);

  test('named after the environment, its body far under PutDashboard’s limit, every widget inside the 24-column grid', () => {
    expect(dashboard.values.dashboard_name).toBe('acme-test');
    // Interpolations resolve to ARNs and names of comparable length: a tenth of the limit leaves room for both.
    expect(Buffer.byteLength(dashboard.values.dashboard_body)).toBeLessThan(DASHBOARD_BODY_MAX_BYTES / 10);
    for (const each of body.widgets) expect(each.x + each.width).toBeLessThanOrEqual(24);
  });

  test('the alarm widget lists every alarm of the environment', () => {
    const alarms = body.widgets.filter((each: any) => each.type === 'alarm').flatMap((each: any) => each.properties.alarms);
    expect(alarms.sort()).toEqual(
      platform
        .resources('aws_cloudwatch_metric_alarm')
        .map((alarm) => TerraformJson.ref(alarm, 'arn'))
        .sort(),
    );
  });

  test('each service’s lines carry the dimensions its alarms watch', () => {
    const [requests, errors] = widget('web: ALB requests and 5xx').properties.metrics;
    const rate = platform.resources('aws_cloudwatch_metric_alarm').find((alarm) => alarm.values.alarm_name === 'acme-test-web-target-5xx-rate')!;
    const alarmDimensions = rate.values.metric_query.find((query: any) => query.id === 'errors').metric.dimensions;
    expect(errors.slice(0, 6)).toEqual(['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'TargetGroup', alarmDimensions.TargetGroup, 'LoadBalancer', alarmDimensions.LoadBalancer]);
    expect(requests[1]).toBe('RequestCount');
    const [p99] = widget('api: API p99 latency').properties.metrics;
    const latency = platform.resources('aws_cloudwatch_metric_alarm').find((alarm) => alarm.values.alarm_name === 'acme-test-api-api-latency-p99')!;
    expect(p99.slice(0, 6)).toEqual(['AWS/ApiGateway', 'Latency', 'ApiName', latency.values.dimensions.ApiName, 'Stage', latency.values.dimensions.Stage]);
    expect(p99[6]).toMatchObject({ stat: 'p99' });
    expect(widget('worker: tasks').properties.metrics.map((line: any) => line[1])).toEqual(['RunningTaskCount', 'DesiredTaskCount']);
    expect(widget('NAT gateways').properties.metrics).toHaveLength(2);
  });

  // What each statistic yields, from the metric references (signals.ts links them): kept here apart from the product's
  // own `unit`, so the test checks the body CloudWatch draws rather than the code that wrote it.
  const unitOf: Record<string, string> = {
    'RequestCount Sum': 'count',
    'HTTPCode_Target_5XX_Count Sum': 'count',
    'HTTPCode_ELB_5XX_Count Sum': 'count',
    'HealthyHostCount Minimum': 'count',
    'UnHealthyHostCount Maximum': 'count',
    'RunningTaskCount Average': 'count',
    'DesiredTaskCount Average': 'count',
    'ErrorPortAllocation Sum': 'count',
    'Count Sum': 'count',
    '5XXError Average': 'share of requests, 0..1',
    'Latency p99': 'milliseconds',
  };
  const axes = (metrics: any[][]) => {
    const byAxis: Record<string, Set<string>> = {};
    for (const each of metrics) {
      const rendering = each[each.length - 1];
      const unit = unitOf[`${each[1]} ${rendering.stat}`];
      expect(unit).toBeDefined(); // a new line: say above what its statistic yields
      (byAxis[rendering.yAxis ?? 'left'] ??= new Set()).add(unit);
    }
    return Object.fromEntries(Object.entries(byAxis).map(([axis, units]) => [axis, [...units]]));
  };

  test('every graph draws one unit per y axis: a share of requests beside request counts would read as flat zero', () => {
    for (const each of metricWidgets)
      for (const units of Object.values(axes(each.properties.metrics))) expect({ widget: each.properties.title, units }).toEqual({ widget: each.properties.title, units: [expect.any(String)] });
    expect(axes(widget('api: API requests and 5XX rate').properties.metrics)).toEqual({ left: ['count'], right: ['share of requests, 0..1'] });
    expect(axes(widget('web: ALB requests and 5xx').properties.metrics)).toEqual({ left: ['count'] });
  });

  test('the dashboard-url output is the console link of the dashboard', () => {
    expect(platform.json.output['dashboard-url'].value).toBe('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/acme-test');
  });
});
