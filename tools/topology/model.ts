/** What a topology is: nodes in nested groups, and edges between them; tools/pull-request/mermaid.ts draws it. */

export type NodeShape = 'box' | 'rounded' | 'stadium' | 'subroutine' | 'cylinder' | 'circle' | 'hexagon' | 'parallelogram';

export interface TopologyNode {
  readonly id: string;
  /** Lines of the label, plain text (the renderer escapes). */
  readonly label: readonly string[];
  readonly shape: NodeShape;
  /** Id of the enclosing group. @default - top level */
  readonly group?: string;
}

export interface TopologyGroup {
  readonly id: string;
  readonly label: string;
  /** @default - top level */
  readonly parent?: string;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Dotted edges are associations (DNS alias, certificate), solid ones carry traffic. */
  readonly dotted?: boolean;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly groups: readonly TopologyGroup[];
  readonly edges: readonly TopologyEdge[];
}

/** Mermaid node ids: letters, digits and underscores, starting with a letter. */
export function sanitize(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `n_${clean}`;
}

/** A repeatable nested block (or list) as a list, whether cdktf wrote one object or an array. */
export function list(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, any>[];
}

/**
 * What a container does in its task, from what the task definition and the service say about it (ecs-containers.ts), never from its
 * name or image: the container a load balancer targets receives traffic (`ingress`); a container another container
 * of the task calls on localhost, at a port it maps, carries those calls on (`egress-proxy`, e.g. a SigV4 signing
 * proxy); a FireLens container routes logs (`log-router`); everything else is the application (`app`).
 */
export type ContainerRole = 'ingress' | 'egress-proxy' | 'log-router' | 'app';

export interface TaskContainer {
  readonly name: string;
  readonly nodeId: string;
  readonly role: ContainerRole;
  /** Names of the containers of the task that call this one on localhost. */
  readonly callers: readonly string[];
  readonly definition: Record<string, unknown>;
}
