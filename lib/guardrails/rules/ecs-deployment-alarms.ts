import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { block, blocks, COMPLIANT, nonCompliant, type PolicyRule, type RuleContext, type SynthesizedResource } from '../policy-rule';

/**
 * Every ECS service's deployment rolls back through the circuit breaker; one behind a load balancer (an ALB route or
 * the API's NLB) also on alarms of its own. A service with neither (a worker) needs no deployment alarm: its signals
 * (tasks below desired) fire on Spot interruptions as readily as on a bad release, and the circuit breaker catches a
 * release whose tasks do not stay up (docs/operations.md, "Deploys that roll back on alarms").
 */
export const ecsDeploymentAlarms: PolicyRule = {
  id: 'ecs-deployment-alarms',
  level: 'error',
  why: 'The circuit breaker only sees tasks that fail to start; a release that starts and then serves errors is rolled back only by alarms on its own traffic that the deployment watches.',
  resourceTypes: [EcsService.tfResourceType],
  check(resource, context) {
    const service = resource.values;
    const breaker = block(service.deployment_circuit_breaker);
    if (breaker?.enable !== true || breaker.rollback !== true) return nonCompliant('deployment_circuit_breaker { enable = true, rollback = true } is not set');
    const alarms = block(service.alarms);
    // hashicorp/aws 5.100 sends nothing when the block is removed, so ECS keeps watching what it watched before.
    if (!alarms) return nonCompliant('no alarms block: without one, ECS keeps the deployment alarms the service had before; write it, with enable = false to watch none');
    const names: unknown[] = alarms.alarm_names ?? [];
    // Plans fine, fails at apply: the provider sends no alarmNames for an empty set, a required field of the API.
    if (names.length === 0) return nonCompliant('alarms.alarm_names is empty: the apply fails (alarmNames is required); name an alarm, with enable = false to watch none');
    const balanced = blocks(service.load_balancer).length > 0;
    // A worker may watch alarms; if it does, they must still be its own (below).
    if (!balanced && alarms.enable !== true) return COMPLIANT;
    if (alarms.enable !== true || alarms.rollback !== true) return nonCompliant('alarms { enable = true, rollback = true } is not set (a service behind a load balancer)');
    const stackAlarms = context.resourcesOfType(CloudwatchMetricAlarm.tfResourceType);
    const resolved = names.map((name) => {
      const followed = context.follow(name);
      return followed?.type === CloudwatchMetricAlarm.tfResourceType ? followed : stackAlarms.find((alarm) => alarm.values.alarm_name === name);
    });
    const unknown = names.filter((_, index) => !resolved[index]);
    if (unknown.length > 0) return nonCompliant(`alarms.alarm_names names no alarm of this stack: ${unknown.join(', ')}`);
    // Every watched alarm: another service's trouble must not roll back this service's release.
    const foreign = names.filter((_, index) => !watchesService(resolved[index]!, resource, context));
    if (foreign.length === 0) return COMPLIANT;
    return nonCompliant(
      `alarms.alarm_names names alarms not on this service's own metrics (ServiceName ${service.name} in its cluster, ` +
        `the TargetGroup of one of its load_balancer blocks, or the ApiName of an API in front of it): ${foreign.join(', ')}`,
    );
  },
};

/** True when one of the alarm's metrics (a single metric, or any metric of its metric math) has dimensions of the service. */
function watchesService(alarm: SynthesizedResource, service: SynthesizedResource, context: RuleContext): boolean {
  const dimensions: Record<string, unknown>[] = [alarm.values.dimensions, ...blocks(alarm.values.metric_query).map((query) => block(query.metric)?.dimensions)].filter(
    (value): value is Record<string, unknown> => !!value && typeof value === 'object',
  );
  const targetGroups = blocks(service.values.load_balancer).map((lb) => context.follow(lb.target_group_arn));
  const isTargetGroup = (value: unknown) => targetGroups.some((group) => sameResource(group, context.follow(value)));
  return dimensions.some(
    (d) =>
      (d.ServiceName !== undefined && d.ServiceName === service.values.name && sameCluster(service.values.cluster, d.ClusterName, context)) ||
      (d.TargetGroup !== undefined && isTargetGroup(d.TargetGroup)) ||
      (d.ApiName !== undefined && apiTargetGroups(d.ApiName, context).some(isTargetGroup)),
  );
}

/** The service's `cluster` (an ARN or a name) and a `ClusterName` dimension name one cluster. */
function sameCluster(cluster: unknown, clusterName: unknown, context: RuleContext): boolean {
  const [byCluster, byName] = [context.follow(cluster), context.follow(clusterName)];
  if (byCluster || byName) return sameResource(byCluster, byName);
  return typeof cluster === 'string' && typeof clusterName === 'string' && (cluster === clusterName || cluster.endsWith(`:cluster/${clusterName}`));
}

/**
 * The target groups an API's integrations reach: through their VPC link to an NLB, whose listener on the integration
 * URI's port forwards to the group (lib/apigw: one listener per service on the internal NLB).
 */
function apiTargetGroups(apiName: unknown, context: RuleContext): unknown[] {
  const api = context.follow(apiName);
  if (!api) return [];
  return context
    .resourcesOfType(ApiGatewayIntegration.tfResourceType)
    .filter((integration) => integration.values.connection_type === 'VPC_LINK' && sameResource(context.follow(integration.values.rest_api_id), api))
    .flatMap((integration) => {
      const port = /^https?:\/\/[^/:]+:(\d+)(\/|$)/.exec(String(integration.values.uri ?? ''))?.[1];
      const link = context.follow(integration.values.connection_id);
      const balancers = (link?.values.target_arns ?? []).map((arn: unknown) => context.follow(arn));
      return context
        .resourcesOfType(LbListener.tfResourceType)
        .filter((listener) => String(listener.values.port) === port && balancers.some((lb: SynthesizedResource | undefined) => sameResource(lb, context.follow(listener.values.load_balancer_arn))))
        .flatMap((listener) =>
          blocks(listener.values.default_action)
            .filter((action) => action.type === 'forward')
            .map((action) => action.target_group_arn),
        );
    });
}

function sameResource(a: SynthesizedResource | undefined, b: SynthesizedResource | undefined): boolean {
  return !!a && !!b && a.type === b.type && a.name === b.name;
}
