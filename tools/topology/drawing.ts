import { referencesIn, SynthesizedStack, type SynthesizedBlock, type TerraformDocument } from '../../lib/terraform-json/synthesized-stack';
import { sanitize, type TaskContainer, type Topology, type TopologyEdge, type TopologyGroup, type TopologyNode } from './model';

/**
 * A topology being drawn from one stack: the stack's reader, the nodes, groups
 * and edges so far, and what one part leaves for the next (the ECS container a
 * target group's traffic enters, the containers of each service). Node and
 * group ids are derived from Terraform addresses, so each part finds the
 * nodes of another without asking it.
 */
export class Drawing {
  readonly stack: SynthesizedStack;
  readonly nodes = new Map<string, TopologyNode>();
  readonly groups = new Map<string, TopologyGroup>();
  private readonly edges: TopologyEdge[] = [];
  /** The node a target group's traffic enters (an ECS service's container), by target group address. */
  readonly serviceEntries = new Map<string, string>();
  /** The containers of each ECS service, by service address. */
  readonly serviceContainers = new Map<string, TaskContainer[]>();

  constructor(document: TerraformDocument) {
    this.stack = SynthesizedStack.of(document);
  }

  /** Managed resources of one of the types, in document order. */
  ofTypes(...types: string[]): SynthesizedBlock[] {
    return this.stack.resources().filter((block) => types.includes(block.type));
  }

  /** The block a value references (its first reference to a block of this stack). */
  referenced(value: unknown): SynthesizedBlock | undefined {
    return this.stack.referenced(value);
  }

  /** The block at an address, managed or data. */
  at(address: string): SynthesizedBlock | undefined {
    return this.stack.at(address);
  }

  /** A literal value, or the literal a `${type.name.attribute}` reference points at. */
  literal(value: unknown): string | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    const [ref] = referencesIn(value);
    const target = ref && this.stack.at(ref.address);
    const resolved = target?.values[ref.attribute];
    return value === `\${${ref?.address}.${ref?.attribute}}` && typeof resolved === 'string' && !resolved.includes('${') ? resolved : undefined;
  }

  /** Text for a label: the literal, else the reference without `${}`. */
  text(value: unknown): string {
    if (value === undefined || value === null) return '?';
    return this.literal(value) ?? String(value).replace(/\$\{([^}]*)\}/g, '$1');
  }

  tagName(block: SynthesizedBlock): string | undefined {
    const tags = block.values.tags as Record<string, unknown> | undefined;
    return tags?.Name === undefined ? undefined : this.text(tags.Name);
  }

  nodeId(block: SynthesizedBlock): string {
    return sanitize(`${block.type.replace(/^aws_/, '')}_${block.name}`);
  }

  groupId(block: SynthesizedBlock): string {
    return `g_${this.nodeId(block)}`;
  }

  addNode(node: TopologyNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  addEdge(edge: TopologyEdge): void {
    this.edges.push(edge);
  }

  /** The topology so far, each edge once. */
  result(): Topology {
    const seen = new Set<string>();
    const edges = this.edges.filter((edge) => {
      const key = JSON.stringify([edge.from, edge.to, edge.label ?? '', edge.dotted ?? false]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { nodes: [...this.nodes.values()], groups: [...this.groups.values()], edges };
  }
}
