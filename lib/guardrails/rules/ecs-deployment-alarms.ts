import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { block, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const ecsDeploymentAlarms: PolicyRule = {
  id: 'ecs-deployment-alarms',
  level: 'error',
  why: 'The circuit breaker only sees tasks that fail to start; a release that starts and then serves errors is rolled back only by alarms the deployment watches.',
  resourceTypes: [EcsService.tfResourceType],
  check(resource, context) {
    const alarms = block(resource.values.alarms);
    if (!alarms || alarms.enable !== true || alarms.rollback !== true) return nonCompliant('alarms { enable = true, rollback = true } is not set');
    const names: unknown[] = alarms.alarm_names ?? [];
    if (names.length === 0) return nonCompliant('alarms.alarm_names is empty');
    const literalNames = new Set(context.resourcesOfType(CloudwatchMetricAlarm.tfResourceType).map((alarm) => alarm.values.alarm_name));
    const unknown = names.filter((name) => context.follow(name)?.type !== CloudwatchMetricAlarm.tfResourceType && !literalNames.has(name));
    return unknown.length === 0 ? COMPLIANT : nonCompliant(`alarms.alarm_names names no alarm of this stack: ${unknown.join(', ')}`);
  },
};
