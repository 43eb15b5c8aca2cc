import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

export const ecsLogging: PolicyRule = {
  id: 'ecs-logging',
  level: 'error',
  why: 'A container without a log driver loses its output when the task stops.',
  equivalents: { cdkNag: 'AwsSolutions-ECS7' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) => checkContainers(resource, 'containers without logConfiguration', (c) => (c.logConfiguration?.logDriver ? [] : [c.name])),
};
