import type { ContainerDefinition } from './container-definition';
import type { ContainerTarget } from './service-extension';
import { invalidProps } from '../util/user-error';

/** Every load-balanced or admitted port must be a port mapping of the named container. */
export function checkTargets(where: string, containers: readonly ContainerDefinition[], targets: readonly ContainerTarget[], ingressFrom: readonly { readonly port: number }[]): void {
  const mapped = containers.flatMap((c) => (c.portMappings ?? []).map((m) => `${c.name}:${m.containerPort}`));
  for (const target of targets) {
    if (!mapped.includes(`${target.containerName}:${target.containerPort}`)) {
      throw invalidProps(where, `loadBalancerTargets: ${target.containerName}:${target.containerPort} is not a mapped container port (mapped: ${mapped.join(', ') || 'none'})`);
    }
  }
  for (const source of ingressFrom) {
    if (!mapped.some((port) => port.endsWith(`:${source.port}`))) {
      throw invalidProps(where, `ingressFrom: port ${source.port} is not a mapped container port (mapped: ${mapped.join(', ') || 'none'})`);
    }
  }
}
