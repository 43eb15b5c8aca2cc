import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import { wafEnabled } from '../lib/config/waf-schema';
import { recordConfigOrigin } from '../lib/construct-support/config-origin';
import type { ApiGatewayPlatform } from '../lib/apigw/apigw-platform';
import type { EcsPlatform } from '../lib/ecs/ecs-platform';
import type { EksPlatform } from '../lib/eks/eks-platform';
import { RegionalWebAcl } from '../lib/edge/regional-web-acl';
import { InterfaceEndpoints } from '../lib/network/interface-endpoints';
import type { NetworkRefs } from '../lib/network/network-refs';
import type { VpcNetwork } from '../lib/network/vpc-network';
import { AlarmTopic } from '../lib/observability/alarm-topic';
import { EnvironmentAlarms } from '../lib/observability/environment-alarms';
import { DASHBOARD_URL_OUTPUT, EnvironmentDashboard } from '../lib/observability/environment-dashboard';
import { ServiceAlarms, type ServiceSignals } from '../lib/observability/service-alarms';

/** Construct ids that derive from a service's or node group's name (renamedFrom moves them: stacks/renamed-constructs.ts). */
export const ENVIRONMENT_ALARMS_CONSTRUCT_ID = 'alarms-environment';
export const serviceAlarmsConstructId = (service: string) => `alarms-${service}`;
/** Below ENVIRONMENT_ALARMS_CONSTRUCT_ID; per-zone groups add `-<zone>`. */
export { nodeGroupAlarmId as nodeGroupAlarmConstructId } from '../lib/observability/environment-alarms';

/** What the platform stack built that operations watch and protect. */
export interface OperatedPlatform {
  readonly network: NetworkRefs;
  /** @default - an existing VPC: no NAT gateways of ours */
  readonly createdNetwork?: VpcNetwork;
  readonly logKeyArn: string;
  readonly apiGateway?: ApiGatewayPlatform;
  readonly ecs?: EcsPlatform;
  readonly eks?: EksPlatform;
}

/**
 * Operations of one environment (docs/operations.md): interface VPC endpoints, the web ACL in front of the ALB and
 * the API stages, the alarm topic, per-service and environment alarms (the ECS services' deployments roll back on
 * theirs) and the dashboard. Composed here so the platform stack stays a list of domains.
 */
export function addPlatformOperations(scope: Construct, environment: ResolvedEnvironment, platform: OperatedPlatform): void {
  const { config, namePrefix } = environment;
  const { account } = config;

  if (config.vpcEndpoints.interface.length > 0) {
    const endpoints = new InterfaceEndpoints(scope, 'vpc-endpoints', {
      namePrefix,
      accountId: account.id,
      region: account.region,
      network: platform.network,
      services: config.vpcEndpoints.interface,
      policy: config.vpcEndpoints.policy,
    });
    recordConfigOrigin(endpoints, ['vpcEndpoints', 'interface']);
  }

  const protectedArns: Record<string, string> = {};
  if (platform.ecs?.alb) protectedArns.alb = platform.ecs.alb.loadBalancer.arn;
  for (const [name, api] of platform.apiGateway ? Object.entries(platform.apiGateway.apis) : []) protectedArns[`api-${name}`] = api.stage.arn;
  let waf: RegionalWebAcl | undefined;
  if (wafEnabled(config) && Object.keys(protectedArns).length > 0) {
    waf = new RegionalWebAcl(scope, 'waf', {
      namePrefix,
      rateLimitPer5Minutes: config.waf.rateLimitPer5Minutes,
      managedRuleGroups: config.waf.ruleGroups,
      logRetentionDays: environment.logRetentionDays.waf,
      logKmsKeyArn: platform.logKeyArn,
      associations: protectedArns,
      // The services' own calls to the environment's API leave through these (docs/operations.md, "WAF").
      ownEgressPublicIps: platform.createdNetwork ? Object.values(platform.createdNetwork.natPublicIpsByZone) : [],
    });
    recordConfigOrigin(waf, ['waf']);
  }

  const topic = new AlarmTopic(scope, 'alarm-topic', {
    namePrefix,
    accountId: account.id,
    region: account.region,
    subscriptions: config.alarms.subscriptions,
  });
  recordConfigOrigin(topic, ['alarms', 'subscriptions']);

  const services = serviceSignals(platform);
  const alarmArns: string[] = [];
  // In name order: the dashboard lists the alarms in creation order, and no output may depend on the order of the file's services.
  for (const [name, signals] of Object.entries(services).sort(([a], [b]) => a.localeCompare(b))) {
    const alarms = new ServiceAlarms(scope, serviceAlarmsConstructId(name), {
      ...signals,
      namePrefix,
      serviceName: name,
      topicArn: topic.arn,
      thresholds: config.alarms.thresholds,
    });
    recordConfigOrigin(alarms, ['services', name]);
    alarmArns.push(...Object.values(alarms.alarms).map((alarm) => alarm.arn));
    // The deployment watches the service's own alarms besides the circuit breaker: a release that trips one is
    // rolled back (a worker watches none). The alarms never reference the service (dimensions are names), so this adds no cycle.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
    platform.ecs!.services[name].service.putAlarms(alarms.deploymentAlarms);
  }

  const natGatewayIds = platform.createdNetwork ? platform.createdNetwork.natGatewayIdsByZone : {};
  const albArnSuffix = platform.ecs?.alb?.loadBalancer.arnSuffix;
  const environmentAlarms = new EnvironmentAlarms(scope, ENVIRONMENT_ALARMS_CONSTRUCT_ID, {
    namePrefix,
    topicArn: topic.arn,
    natGatewayIds,
    albArnSuffix,
    nodeGroupAutoScalingGroups: nodeGroupsWithMinimum(environment, platform.eks),
    wafRateRule: waf ? { webAclMetricName: waf.rateRuleMetric.webAcl, ruleMetricName: waf.rateRuleMetric.rule, region: account.region } : undefined,
    thresholds: config.alarms.thresholds,
  });
  recordConfigOrigin(environmentAlarms, ['alarms']);
  // A node group's alarm is named from the group: a clash across environments points at the group's entry.
  const eks = platform.eks;
  for (const [key, groups] of eks ? Object.entries(eks.nodeGroupsByKey) : []) {
    for (const [name, group] of Object.entries(eks!.nodeGroups)) {
      if (groups.includes(group)) recordConfigOrigin(environmentAlarms.alarms[`nodes-${name}`], ['eks', 'nodeGroups', key]);
    }
  }
  alarmArns.push(...Object.values(environmentAlarms.alarms).map((alarm) => alarm.arn));

  const dashboard = new EnvironmentDashboard(scope, 'dashboard', { namePrefix, region: account.region, services, natGatewayIds, albArnSuffix, alarmArns });
  new TerraformOutput(scope, DASHBOARD_URL_OUTPUT, { value: dashboard.url, description: 'The environment dashboard: the first look after a deploy' });
}

/** Each ECS service's tasks, load-balancer target and API stage, by service name. */
function serviceSignals(platform: OperatedPlatform): Record<string, ServiceSignals> {
  const { ecs, apiGateway } = platform;
  if (!ecs) return {};
  return Object.fromEntries(
    Object.keys(ecs.services).map((name) => {
      const albRoute = ecs.albRoutes[name];
      const listener = apiGateway?.listeners[name];
      const api = apiGateway?.apis[name];
      const signals: ServiceSignals = {
        ecs: { clusterName: ecs.cluster.name, serviceName: name },
        target: albRoute
          ? { kind: 'alb', targetGroupArnSuffix: albRoute.targetGroup.arnSuffix, loadBalancerArnSuffix: ecs.alb!.loadBalancer.arnSuffix }
          : listener
            ? { kind: 'nlb', targetGroupArnSuffix: listener.targetGroup.arnSuffix, loadBalancerArnSuffix: apiGateway.nlb.loadBalancer.arnSuffix }
            : undefined,
        api: api ? { apiName: api.restApi.name, stageName: api.stage.stageName } : undefined,
      };
      return [name, signals];
    }),
  );
}

/** The Auto Scaling group of each EKS node group whose minimum is above zero, by node group (per-AZ groups each). */
function nodeGroupsWithMinimum(environment: ResolvedEnvironment, eks: EksPlatform | undefined): Record<string, string> {
  const nodeGroups = environment.config.eks ? environment.config.eks.nodeGroups : {};
  if (!eks) return {};
  return Object.fromEntries(
    Object.entries(eks.nodeGroups)
      .filter(([, group]) => Object.entries(eks.nodeGroupsByKey).some(([key, groups]) => groups.includes(group) && nodeGroups[key].scaling.minSize > 0))
      .map(([name, group]) => [name, group.autoscalingGroupName]),
  );
}
