import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { blocks, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const ecsContainerInsights: PolicyRule = {
  id: 'ecs-container-insights',
  level: 'error',
  why: 'Container Insights gives per-task CPU, memory and restart metrics that alarms and capacity planning need.',
  equivalents: { checkov: 'CKV_AWS_65', cdkNag: 'AwsSolutions-ECS4' },
  resourceTypes: [EcsCluster.tfResourceType],
  check(resource) {
    const setting = blocks(resource.values.setting).find((s) => s.name === 'containerInsights');
    return setting && ['enabled', 'enhanced'].includes(setting.value) ? COMPLIANT : nonCompliant('setting containerInsights is not enabled');
  },
};
