import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

/** No `user`, or user 0, means root inside the container. */
function runsAsRoot(container: Record<string, any>): boolean {
  const user = container.user === undefined ? '' : String(container.user);
  return user === '' || user === '0' || user === 'root' || user.startsWith('0:') || user.startsWith('root:');
}

export const ecsNonPrivileged: PolicyRule = {
  id: 'ecs-non-privileged',
  level: 'error',
  why: 'Privileged containers and root users turn a container escape into a host compromise.',
  equivalents: { checkov: 'CKV_AWS_334' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) =>
    checkContainers(resource, 'privileged or root containers', (c) =>
      c.privileged === true ? [`${c.name} (privileged)`] : runsAsRoot(c) ? [`${c.name} (no non-root "user")`] : [],
    ),
};
