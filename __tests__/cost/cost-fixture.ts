import { costSchema, type CostAssumptions } from '../../lib/config/cost-schema';
import type { TerraformDocument } from '../../lib/terraform-json/synthesized-stack';
import { estimateEnvironment, type EnvironmentEstimate } from '../../tools/cost/estimate';
import type { PriceCatalog } from '../../tools/cost/price-catalog';

/**
 * A test catalog with round prices (not AWS's): the tests pin the arithmetic,
 * the committed catalog (tools/cost/prices) carries the sourced prices.
 */
export const TEST_CATALOG: PriceCatalog = {
  region: 'eu-west-1',
  currency: 'USD',
  checkedOn: '2026-12-01',
  hoursPerMonth: 730,
  prices: {
    'eks.clusterHour': { usd: 0.1, unit: 'cluster-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'eks.extendedClusterHour': { usd: 0.6, unit: 'cluster-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'fargate.x86.vcpuHour': { usd: 0.04, unit: 'vCPU-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'fargate.x86.gbHour': { usd: 0.004, unit: 'GB-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'nat.hour': { usd: 0.05, unit: 'NAT gateway-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'nat.gb': { usd: 0.05, unit: 'GB processed', source: 'test', date: '2026-12-01', thirdParty: false },
    'alb.hour': { usd: 0.02, unit: 'ALB-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'alb.lcuHour': { usd: 0.008, unit: 'LCU-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'nlb.hour': { usd: 0.02, unit: 'NLB-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'nlb.lcuHour': { usd: 0.006, unit: 'NLCU-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'ipv4.hour': { usd: 0.005, unit: 'IP-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'kms.keyMonth': { usd: 1, unit: 'key-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'secretsmanager.secretMonth': { usd: 0.4, unit: 'secret-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'logs.ingestGb': { usd: 0.5, unit: 'GB ingested', source: 'test', date: '2026-12-01', thirdParty: false },
    'logs.storageGbMonth': { usd: 0.03, unit: 'GB-month stored', source: 'test', date: '2026-12-01', thirdParty: false },
    'route53.zoneMonth': { usd: 0.5, unit: 'hosted zone-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'apigw.restMillionRequests': { usd: 3.5, unit: 'million requests', source: 'test', date: '2026-12-01', thirdParty: false },
    'fargateSpot.x86.vcpuHour': { usd: 0.012, unit: 'vCPU-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'fargateSpot.x86.gbHour': { usd: 0.0012, unit: 'GB-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'cloudwatch.alarmMonth': { usd: 0.1, unit: 'alarm-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'cloudwatch.metricMonth': { usd: 0.3, unit: 'metric-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'ebs.gp2GbMonth': { usd: 0.1, unit: 'GB-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'ebs.gp3GbMonth': { usd: 0.08, unit: 'GB-month', source: 'test', date: '2026-12-01', thirdParty: false },
    's3.standardGbMonth': { usd: 0.02, unit: 'GB-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'ecr.storageGbMonth': { usd: 0.1, unit: 'GB-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'cloudwatch.dashboardMonth': { usd: 3, unit: 'dashboard-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'vpcEndpoint.interfaceHour': { usd: 0.01, unit: 'endpoint-AZ-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'vpcEndpoint.gb': { usd: 0.01, unit: 'GB processed', source: 'test', date: '2026-12-01', thirdParty: false },
    'waf.webAclMonth': { usd: 5, unit: 'web ACL-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'waf.ruleMonth': { usd: 1, unit: 'rule-month', source: 'test', date: '2026-12-01', thirdParty: false },
    'waf.millionRequests': { usd: 0.6, unit: 'million requests', source: 'test', date: '2026-12-01', thirdParty: false },
  },
  instances: {
    'm6i.large': { usd: 0.1, unit: 'instance-hour', source: 'test', date: '2026-12-01', thirdParty: false },
    'm6a.large': { usd: 0.2, unit: 'instance-hour', source: 'test', date: '2026-12-01', thirdParty: false },
  },
  spot: {
    ec2: {
      rule: 'test',
      source: 'test',
      date: '2026-11-01',
      thirdParty: false,
      families: { m6i: { minPercent: 50, maxPercent: 60, types: { 'm6i.large': 55 } }, m6a: { minPercent: 40, maxPercent: 40, types: { 'm6a.large': 40 } } },
    },
  },
};

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized stack document with the given resources; each one's construct path is its name. */
export function stackDocument(resources: Resources): TerraformDocument {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, byName] of Object.entries(resources)) {
    resource[type] = Object.fromEntries(Object.entries(byName).map(([name, values]) => [name, { ...values, '//': { metadata: { path: `test-platform/${name}` } } }]));
  }
  return { provider: { aws: [{ region: 'eu-west-1' }] }, resource };
}

export function estimate(resources: Resources, options: { assumptions?: Partial<CostAssumptions>; catalog?: PriceCatalog; today?: Date } = {}): EnvironmentEstimate {
  return estimateEnvironment({
    environment: 'test',
    region: 'eu-west-1',
    documents: [stackDocument(resources)],
    assumptions: costSchema.parse(options.assumptions ?? {}),
    catalog: options.catalog ?? TEST_CATALOG,
    today: options.today ?? new Date('2026-12-01T00:00:00Z'),
  });
}

/** A Fargate service with its task definition (1 vCPU, 2 GB, x86) and, when given, its autoscaling target. */
export function fargateService(strategy: { capacity_provider: string; base?: number; weight: number }[], counts: { desired: number; min?: number; max?: number }): Resources {
  return {
    aws_ecs_task_definition: { task: { cpu: '1024', memory: '2048', runtime_platform: { cpu_architecture: 'X86_64', operating_system_family: 'LINUX' } } },
    aws_ecs_service: {
      service: { desired_count: counts.desired, task_definition: '${aws_ecs_task_definition.task.arn}', capacity_provider_strategy: strategy, cluster: '${aws_ecs_cluster.cluster.arn}' },
    },
    ...(counts.min === undefined
      ? {}
      : { aws_appautoscaling_target: { target: { min_capacity: counts.min, max_capacity: counts.max, resource_id: 'service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.service.name}' } } }),
  };
}

export const lineOf = (e: EnvironmentEstimate, component: string) => {
  const found = e.lines.find((l) => l.component.startsWith(component));
  if (!found) throw new Error(`no line ${component} in ${e.lines.map((l) => l.component).join(', ')}`);
  return found;
};
