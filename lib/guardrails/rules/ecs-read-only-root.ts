import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

export const ecsReadOnlyRoot: PolicyRule = {
  id: 'ecs-read-only-root',
  level: 'error',
  why: 'A read-only root filesystem stops an intruder from changing binaries or dropping tools in the container.',
  equivalents: { checkov: 'CKV_AWS_336' },
  resourceTypes: ['aws_ecs_task_definition'],
  check: (resource) =>
    checkContainers(resource, 'containers without readonlyRootFilesystem', (c) => (c.readonlyRootFilesystem === true ? [] : [c.name])),
};
