import type { NodeShape, Topology, TopologyGroup, TopologyNode } from '../topology/topology';

/** Opening and closing brackets of each node shape in a Mermaid flowchart. */
const SHAPES: Record<NodeShape, readonly [string, string]> = {
  box: ['[', ']'],
  rounded: ['(', ')'],
  stadium: ['([', '])'],
  subroutine: ['[[', ']]'],
  cylinder: ['[(', ')]'],
  circle: ['((', '))'],
  hexagon: ['{{', '}}'],
  parallelogram: ['[/', '/]'],
};

/**
 * Text for inside a quoted Mermaid label. Quotes, angle brackets, `#`, `&`
 * and backticks become Mermaid entity codes, so a name can never end the
 * label, open HTML or start a Markdown string; lines are joined with `<br/>`.
 * https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
export function mermaidLabel(lines: readonly string[]): string {
  return lines.map((line) => line.replace(/[#"<>&`]/g, (ch) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;' })[ch]!).replace(/[\r\n]+/g, ' ')).join('<br/>');
}

/** A Mermaid flowchart (left to right) of a topology, groups as nested subgraphs. */
export function renderMermaid(topology: Topology): string {
  const lines = ['flowchart LR'];
  const groupIds = new Set(topology.groups.map((g) => g.id));
  // A parent that is not drawn (a VPC outside this stack) puts its children at the top level.
  const placed = (id: string | undefined) => (id !== undefined && groupIds.has(id) ? id : undefined);
  const childrenOf = (parent: string | undefined) => topology.groups.filter((g) => placed(g.parent) === parent);
  const nodesIn = (group: string | undefined) => topology.nodes.filter((n) => placed(n.group) === group);
  const renderNode = (node: TopologyNode, indent: string) => {
    const [open, close] = SHAPES[node.shape];
    lines.push(`${indent}${node.id}${open}"${mermaidLabel(node.label)}"${close}`);
  };
  const renderGroup = (group: TopologyGroup, indent: string) => {
    lines.push(`${indent}subgraph ${group.id}["${mermaidLabel([group.label])}"]`);
    for (const child of childrenOf(group.id)) renderGroup(child, `${indent}  `);
    for (const node of nodesIn(group.id)) renderNode(node, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const node of nodesIn(undefined)) renderNode(node, '  ');
  for (const group of childrenOf(undefined)) renderGroup(group, '  ');
  for (const edge of topology.edges) {
    const arrow = edge.dotted ? '-.->' : '-->';
    lines.push(`  ${edge.from} ${arrow}${edge.label ? `|"${mermaidLabel([edge.label])}"|` : ''} ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}
