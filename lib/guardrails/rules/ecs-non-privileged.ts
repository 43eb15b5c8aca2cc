import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

/** No `user`, or user 0, means root inside the container. */
function runsAsRoot(container: Record<string, any>): boolean {
  const user = container.user === undefined ? '' : String(container.user);
  return user === '' || user === '0' || user === 'root' || user.startsWith('0:') || user.startsWith('root:');
}

/**
 * Root without any capability, in a container that is not essential, listens on no port and reads no secret: what
 * the init container that opens Fargate's root-owned scratch volumes needs (lib/ecs/scratch-volume-init.ts). With
 * every capability dropped, uid 0 can change only what root already owns.
 */
function rootWithoutCapabilities(container: Record<string, any>): boolean {
  const drop: unknown = container.linuxParameters?.capabilities?.drop;
  const add: unknown = container.linuxParameters?.capabilities?.add;
  return (
    container.essential === false &&
    Array.isArray(drop) &&
    drop.includes('ALL') &&
    (add === undefined || (Array.isArray(add) && add.length === 0)) &&
    (container.portMappings ?? []).length === 0 &&
    (container.secrets ?? []).length === 0
  );
}

export const ecsNonPrivileged: PolicyRule = {
  id: 'ecs-non-privileged',
  level: 'error',
  why: 'Privileged containers and root users turn a container escape into a host compromise.',
  equivalents: { checkov: 'CKV_AWS_334' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) =>
    checkContainers(resource, 'privileged or root containers', (c) =>
      c.privileged === true ? [`${c.name} (privileged)`] : runsAsRoot(c) && !rootWithoutCapabilities(c) ? [`${c.name} (no non-root "user")`] : [],
    ),
};
