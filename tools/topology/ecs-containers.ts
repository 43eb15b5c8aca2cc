import type { SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { Drawing } from './drawing';
import { list, sanitize, type ContainerRole, type TaskContainer } from './model';

/** `localhost:PORT` or `127.0.0.1:PORT` in a setting. */
const LOCAL_PORT = /\b(?:localhost|127\.0\.0\.1):(\d+)\b/g;

/** The containers of a service's task definition, each with its role. */
export function taskContainers(d: Drawing, service: SynthesizedBlock, taskDefinition: SynthesizedBlock | undefined): TaskContainer[] {
  const all = containerDefinitions(taskDefinition?.values.container_definitions);
  // A container the others wait to exit (dependsOn SUCCESS or COMPLETE), such as the scratch volumes' init container, is a setup step, not a hop of the traffic.
  const initContainers = new Set(
    all.flatMap((definition) =>
      list(definition.dependsOn)
        .filter((dep) => dep.condition === 'SUCCESS' || dep.condition === 'COMPLETE')
        .map((dep) => dep.containerName),
    ),
  );
  const definitions = all.filter((definition) => !initContainers.has(definition.name));
  const loadBalanced = list(service.values.load_balancer).map((lb) => d.text(lb.container_name));
  const calledPorts = new Map(definitions.map((definition) => [definition.name as string, localPortsCalled(definition)]));
  return definitions.map((definition) => {
    const name = definition.name as string;
    const mapped = list(definition.portMappings).map((m) => Number(m.containerPort));
    const callers = definitions.map((other) => other.name as string).filter((other) => other !== name && mapped.some((port) => calledPorts.get(other)!.has(port)));
    let role: ContainerRole = 'app';
    if (loadBalanced.includes(name)) role = 'ingress';
    else if (definition.firelensConfiguration !== undefined) role = 'log-router';
    else if (callers.length > 0) role = 'egress-proxy';
    return { name, nodeId: sanitize(`${d.groupId(service)}_${name}`), role, callers, definition };
  });
}

/** The container definitions of a task, when they are JSON text (not an HCL expression such as jsonencode(…)). */
function containerDefinitions(raw: unknown): Record<string, unknown>[] {
  let definitions: unknown = raw;
  if (typeof raw === 'string') {
    try {
      definitions = JSON.parse(raw);
    } catch {
      // The task is drawn without its containers.
      definitions = undefined;
    }
  }
  return (Array.isArray(definitions) ? definitions : []).filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string');
}

/** Ports a container calls on localhost, from its environment, command and entry point. */
function localPortsCalled(definition: Record<string, unknown>): Set<number> {
  const settings = [...list(definition.environment).map((e) => e.value), ...list(definition.command), ...list(definition.entryPoint)];
  const ports = new Set<number>();
  for (const setting of settings) {
    if (typeof setting !== 'string') continue;
    for (const [, port] of setting.matchAll(LOCAL_PORT)) ports.add(Number(port));
  }
  return ports;
}

/** The label lines of a container: its name and the ports it maps. */
export function containerLabel(container: TaskContainer): string[] {
  const mappings = list(container.definition.portMappings).map((m) => `:${m.containerPort}`);
  return [container.name, ...(mappings.length > 0 ? [mappings.join(' ')] : [])];
}
