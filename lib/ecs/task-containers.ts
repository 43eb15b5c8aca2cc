import { awsLogs, type ContainerDefinition } from './container-definition';
import type { ContainerTarget, ServiceExtension, ServiceExtensionContext, TaskVolume } from './service-extension';
import { AFTER_SCRATCH_INIT, scratchInitContainer } from './scratch-volume-init';
import type { ContainerImage } from './image-pull-cache';
import { runsToCompletion } from './container-dependencies';

export const APP_CONTAINER_NAME = 'app';
const APP_TMP_VOLUME = 'app-tmp';

/**
 * Where the SSM agent that ECS Exec injects into each container keeps its
 * state and logs: both must be writable, which a read-only root filesystem
 * is not (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html,
 * considerations).
 */
const EXEC_AGENT_PATHS = { lib: '/var/lib/amazon', log: '/var/log/amazon' } as const;

/** What the application container is built from (FargateServiceProps). */
export interface AppContainerProps {
  readonly image: string;
  readonly user: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly stopTimeoutSeconds: number;
  readonly region: string;
  readonly enableExecute: boolean;
  /** The image of the init container that opens the scratch volumes (scratch-volume-init.ts). */
  readonly scratchInitImage: ContainerImage;
}

/**
 * The containers and volumes of a service's task: the application container as each extension extends it, the
 * extensions' own containers, the init container that opens the scratch volumes (which every container mounting
 * one waits for), and with ECS Exec a pair of writable agent paths per container.
 */
export function taskContainers(
  props: AppContainerProps,
  extensions: readonly ServiceExtension[],
  targets: readonly ContainerTarget[],
  context: ServiceExtensionContext,
): { containers: ContainerDefinition[]; volumes: TaskVolume[] } {
  const app = extensions.reduce<ContainerDefinition>((container, extension) => extension.extendApp?.(container, context) ?? container, {
    name: APP_CONTAINER_NAME,
    image: props.image,
    essential: true,
    user: props.user,
    readonlyRootFilesystem: true,
    // The application port is mapped only when a load balancer targets the application itself.
    portMappings: targets.filter((t) => t.containerName === APP_CONTAINER_NAME).map((t) => ({ containerPort: t.containerPort, protocol: 'tcp' as const })),
    environment: Object.entries(props.environment).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(props.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    mountPoints: [{ sourceVolume: APP_TMP_VOLUME, containerPath: '/tmp', readOnly: false }],
    dependsOn: [AFTER_SCRATCH_INIT],
    stopTimeout: props.stopTimeoutSeconds,
    // An init process reaps zombies and forwards SIGTERM; ECS Exec sessions rely on it too.
    linuxParameters: { initProcessEnabled: true },
    logConfiguration: awsLogs(context.logGroupName, props.region, APP_CONTAINER_NAME),
  });
  const scratchVolumes = [APP_TMP_VOLUME, ...extensions.flatMap((extension) => extension.volumes?.() ?? []).map((volume) => volume.name)];
  // A sidecar that mounts a scratch volume starts once the init container opened it, as the app does.
  const sidecars = extensions
    .flatMap((extension) => extension.containers?.(context) ?? [])
    .map((container) =>
      container.mountPoints?.some((mount) => scratchVolumes.includes(mount.sourceVolume)) ? { ...container, dependsOn: [...(container.dependsOn ?? []), AFTER_SCRATCH_INIT] } : container,
    );
  const init = scratchInitContainer(props.scratchInitImage.uri, scratchVolumes, context.logGroupName, props.region);
  const execVolumes: TaskVolume[] = [];
  // ECS Exec may target any container of the task, and each runs its own agent: one pair of task-local volumes per container, never shared.
  // Not for a container others wait on to exit (SUCCESS/COMPLETE, the scratch init): it is gone in milliseconds, nobody can exec into it.
  const all = [app, ...sidecars, init];
  const containers = all.map((container) => {
    if (!props.enableExecute || runsToCompletion(container.name, all)) return container;
    const mounts = Object.entries(EXEC_AGENT_PATHS).map(([kind, containerPath]) => ({ sourceVolume: `${container.name}-exec-${kind}`, containerPath, readOnly: false }));
    execVolumes.push(...mounts.map((mount) => ({ name: mount.sourceVolume })));
    return { ...container, mountPoints: [...(container.mountPoints ?? []), ...mounts] };
  });
  return { containers, volumes: [...scratchVolumes.map((name) => ({ name })), ...execVolumes] };
}
