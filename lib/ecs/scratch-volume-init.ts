import { awsLogs, type ContainerDefinition } from './container-definition';

/** The container that opens the task's scratch volumes to the non-root users of the other containers. */
export const SCRATCH_INIT_CONTAINER_NAME = 'scratch-init';

/** Where the init container mounts each scratch volume: one folder per volume, named after it. */
const MOUNT_ROOT = '/scratch';

/**
 * Sticky and writable by every user, as a standard /tmp: each scratch volume is mounted by one container, whose
 * only user writes it; the sticky bit keeps that user from removing files another process of the task made.
 */
export const SCRATCH_VOLUME_MODE = '1777';

/**
 * Why a container is needed at all: on Fargate, a task volume (bind mount) is created owned by root with mode
 * 0755 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html, aws/containers-roadmap#938),
 * so a container running as a non-root user (the app as 1000:1000, Envoy as 101:101) on a read-only root
 * filesystem cannot write its `/tmp`. Fargate does not support `tmpfs` mounts ("If you're using tasks that use the
 * Fargate launch type, the tmpfs parameter isn't supported": LinuxParameters, ECS API reference), and cannot chown a
 * volume on its own; so this short-lived container runs first, as root, and sets the mode of each volume.
 *
 * It runs as uid 0 but with every Linux capability dropped: the volumes belong to root, so `chmod` needs no
 * capability (the owner may change a file's mode), and nothing else the container could do needs one either. It is
 * not essential (ECS requires that of a container others wait for with `SUCCESS`), maps no port, reads no secret,
 * and exits; the others start only once it exited 0 (`dependsOn: SUCCESS`).
 *
 * `image` must hold `/bin/chmod`: the platform passes the Envoy image, whose Ubuntu base has coreutils (and which
 * the task pulls anyway); `entryPoint` bypasses that image's entrypoint script, which would switch to the envoy user.
 */
export function scratchInitContainer(image: string, volumes: readonly string[], logGroupName: string, region: string): ContainerDefinition {
  return {
    name: SCRATCH_INIT_CONTAINER_NAME,
    image,
    essential: false,
    user: '0:0',
    readonlyRootFilesystem: true,
    entryPoint: ['/bin/chmod'],
    command: [SCRATCH_VOLUME_MODE, ...volumes.map(scratchMountPath)],
    mountPoints: volumes.map((volume) => ({ sourceVolume: volume, containerPath: scratchMountPath(volume), readOnly: false })),
    linuxParameters: { capabilities: { drop: ['ALL'] } },
    logConfiguration: awsLogs(logGroupName, region, SCRATCH_INIT_CONTAINER_NAME),
  };
}

/** Where the init container sees `volume`. */
export function scratchMountPath(volume: string): string {
  return `${MOUNT_ROOT}/${volume}`;
}

/** What a container that writes a scratch volume waits for: the init container's successful exit. */
export const AFTER_SCRATCH_INIT = { containerName: SCRATCH_INIT_CONTAINER_NAME, condition: 'SUCCESS' } as const;
