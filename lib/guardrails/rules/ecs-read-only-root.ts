import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

export const ecsReadOnlyRoot: PolicyRule = {
  id: 'ecs-read-only-root',
  level: 'error',
  why: 'A read-only root filesystem stops an intruder from changing binaries or dropping tools in the container.',
  equivalents: { checkov: 'CKV_AWS_336' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) => checkContainers(resource, 'containers without readonlyRootFilesystem', (c) => (c.readonlyRootFilesystem === true ? [] : [c.name])),
};
