import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { runsToCompletion } from '../../ecs/container-dependencies';
import { containerDefinitions } from '../container-definitions';
import { blocks, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

/** Where the SSM agent that ECS Exec injects writes its state and logs. */
const AGENT_PATHS = ['/var/lib/amazon', '/var/log/amazon'];

/** True when a writable mount of a volume the task defines covers `path` (the path itself or a parent directory). */
function writable(container: Record<string, any>, volumes: ReadonlySet<string>, path: string): boolean {
  return (container.mountPoints ?? []).some(
    (mount: Record<string, any>) =>
      mount.readOnly !== true &&
      volumes.has(mount.sourceVolume) &&
      typeof mount.containerPath === 'string' &&
      (path === mount.containerPath || path.startsWith(`${mount.containerPath.replace(/\/$/, '')}/`)),
  );
}

/**
 * ECS Exec bind-mounts an SSM agent into every container of the task; the
 * agent writes its state and logs below /var/lib/amazon and /var/log/amazon,
 * so a container with `readonlyRootFilesystem` needs writable volumes there
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, considerations). A container the
 * others wait on to exit (the scratch init) is gone before any session could start: it needs none.
 */
export const ecsExecWritableAgentPaths: PolicyRule = {
  id: 'ecs-exec-writable-agent-paths',
  level: 'error',
  why: 'The SSM agent of ECS Exec writes to /var/lib/amazon and /var/log/amazon; on a read-only root without writable volumes there, exec sessions fail.',
  resourceTypes: [EcsService.tfResourceType],
  check(resource, context) {
    if (resource.values.enable_execute_command !== true) return NOT_APPLICABLE;
    const task = context.follow(resource.values.task_definition);
    if (task?.type !== EcsTaskDefinition.tfResourceType) {
      return nonCompliant(`task_definition ${String(resource.values.task_definition)} is not a task definition of this stack, so its containers cannot be checked`);
    }
    const containers = containerDefinitions(task);
    if (typeof containers === 'string') return nonCompliant(`task definition ${task.path}: ${containers}`);
    const volumes = new Set(blocks(task.values.volume).map((volume) => volume.name));
    const problems = containers
      .filter((container) => container.readonlyRootFilesystem === true && !runsToCompletion(container.name, containers))
      .flatMap((container) => AGENT_PATHS.filter((path) => !writable(container, volumes, path)).map((path) => `${container.name} ${path}`));
    return problems.length === 0 ? COMPLIANT : nonCompliant(`exec is enabled but read-only containers of ${task.path} have no writable volume at: ${problems.join(', ')}`);
  },
};
