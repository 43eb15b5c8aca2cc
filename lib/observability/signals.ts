/**
 * The CloudWatch metrics the alarms and the dashboard watch: namespace, metric name, dimensions and statistic of
 * each signal, in one place, so an alarm and the dashboard line of the same signal can never drift apart.
 * Metric references: ALB https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html,
 * NLB https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch.html,
 * API Gateway https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html,
 * ECS Container Insights https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html,
 * NAT gateway https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html,
 * EC2 by Auto Scaling group https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html,
 * WAF https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html.
 */
export interface Metric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Sum, Average, Maximum, SampleCount or a percentile such as p99. */
  readonly stat: string;
  /**
   * What the statistic yields: a dashboard widget draws lines of different units on different y axes, or a share of
   * requests (0..1) drawn beside request counts in the thousands reads as flat zero. Not CloudWatch's `Unit` filter.
   */
  readonly unit: MetricUnit;
}

export type MetricUnit = 'count' | 'fraction' | 'milliseconds';

/** A service's load-balancer target: its target group and load balancer, by ARN suffix (the metrics' dimensions). */
export interface LoadBalancerTargetRef {
  readonly kind: 'alb' | 'nlb';
  /** `targetgroup/<name>/<id>`: the target group's `arn_suffix`. */
  readonly targetGroupArnSuffix: string;
  /** `app/<name>/<id>` or `net/<name>/<id>`: the load balancer's `arn_suffix`. */
  readonly loadBalancerArnSuffix: string;
}

/** An API Gateway REST API stage. */
export interface ApiStageRef {
  /** The REST API's name: the `ApiName` dimension. */
  readonly apiName: string;
  readonly stageName: string;
}

/** An ECS service, by the names its Container Insights metrics carry. */
export interface EcsServiceRef {
  readonly clusterName: string;
  readonly serviceName: string;
}

const targetDimensions = (target: LoadBalancerTargetRef) => ({ TargetGroup: target.targetGroupArnSuffix, LoadBalancer: target.loadBalancerArnSuffix });
const elbNamespace = (target: LoadBalancerTargetRef) => (target.kind === 'alb' ? 'AWS/ApplicationELB' : 'AWS/NetworkELB');

export const signals = {
  targetRequests: (target: LoadBalancerTargetRef): Metric => ({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: targetDimensions(target), stat: 'Sum', unit: 'count' }),
  /** ALB only: an NLB passes TLS through and sees no HTTP status. */
  target5xx: (target: LoadBalancerTargetRef): Metric => ({
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_Target_5XX_Count',
    dimensions: targetDimensions(target),
    stat: 'Sum',
    unit: 'count',
  }),
  unhealthyTargets: (target: LoadBalancerTargetRef): Metric => ({
    namespace: elbNamespace(target),
    metricName: 'UnHealthyHostCount',
    dimensions: targetDimensions(target),
    stat: 'Maximum',
    unit: 'count',
  }),
  healthyTargets: (target: LoadBalancerTargetRef): Metric => ({
    namespace: elbNamespace(target),
    metricName: 'HealthyHostCount',
    dimensions: targetDimensions(target),
    stat: 'Minimum',
    unit: 'count',
  }),
  runningTasks: (service: EcsServiceRef): Metric => ({ namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: ecsDimensions(service), stat: 'Average', unit: 'count' }),
  desiredTasks: (service: EcsServiceRef): Metric => ({ namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensions: ecsDimensions(service), stat: 'Average', unit: 'count' }),
  /** The Average of 5XXError is the share of requests that failed (each request counts 0 or 1). */
  api5xxRate: (api: ApiStageRef): Metric => ({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: apiDimensions(api), stat: 'Average', unit: 'fraction' }),
  apiRequests: (api: ApiStageRef): Metric => ({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: apiDimensions(api), stat: 'Sum', unit: 'count' }),
  apiLatencyP99: (api: ApiStageRef): Metric => ({ namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: apiDimensions(api), stat: 'p99', unit: 'milliseconds' }),
  albElb5xx: (loadBalancerArnSuffix: string): Metric => ({
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_ELB_5XX_Count',
    dimensions: { LoadBalancer: loadBalancerArnSuffix },
    stat: 'Sum',
    unit: 'count',
  }),
  natPortAllocationErrors: (natGatewayId: string): Metric => ({
    namespace: 'AWS/NATGateway',
    metricName: 'ErrorPortAllocation',
    dimensions: { NatGatewayId: natGatewayId },
    stat: 'Sum',
    unit: 'count',
  }),
  /** One data point per instance and minute (status checks are published every minute, also under basic monitoring). */
  nodeStatusChecks: (autoScalingGroupName: string): Metric => ({
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: { AutoScalingGroupName: autoScalingGroupName },
    stat: 'SampleCount',
    unit: 'count',
  }),
  nodeStatusChecksFailed: (autoScalingGroupName: string): Metric => ({
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: { AutoScalingGroupName: autoScalingGroupName },
    stat: 'Sum',
    unit: 'count',
  }),
  /**
   * Requests a web ACL's rule blocked. WAF publishes a regional web ACL's rule metrics with the dimensions `WebACL` and
   * `Rule` (the web ACL's and the rule's visibility_config.metric_name) and `Region`.
   */
  wafRuleBlockedRequests: (rule: WafRuleRef): Metric => ({
    namespace: 'AWS/WAFV2',
    metricName: 'BlockedRequests',
    dimensions: { WebACL: rule.webAclMetricName, Rule: rule.ruleMetricName, Region: rule.region },
    stat: 'Sum',
    unit: 'count',
  }),
} as const;

/** A rule of a regional web ACL, by the metric names WAF publishes its metrics under. */
export interface WafRuleRef {
  readonly webAclMetricName: string;
  readonly ruleMetricName: string;
  readonly region: string;
}

function ecsDimensions(service: EcsServiceRef) {
  return { ClusterName: service.clusterName, ServiceName: service.serviceName };
}
function apiDimensions(api: ApiStageRef) {
  return { ApiName: api.apiName, Stage: api.stageName };
}
