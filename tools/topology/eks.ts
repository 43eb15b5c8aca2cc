import { valueAt, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { Drawing } from './drawing';
import { list } from './model';
import { vpcGroupOf } from './network';

/** EKS clusters as groups inside their VPC, with their node groups and Fargate profiles. */
export function addEksClusters(d: Drawing): void {
  for (const cluster of d.ofTypes('aws_eks_cluster')) {
    const group = d.groupId(cluster);
    const version = cluster.values.version === undefined ? '' : ` · Kubernetes ${d.text(cluster.values.version)}`;
    d.groups.set(group, { id: group, label: `EKS cluster ${d.text(cluster.values.name)}${version}`, parent: vpcGroupOf(d, cluster) });
    const clusterName = d.literal(cluster.values.name);
    const nodeGroups = d
      .ofTypes('aws_eks_node_group')
      .filter((ng) => d.referenced(ng.values.cluster_name)?.address === cluster.address || (clusterName !== undefined && ng.values.cluster_name === clusterName));
    for (const ng of nodeGroups) d.addNode({ id: d.nodeId(ng), label: nodeGroupLabel(d, ng), shape: 'subroutine', group });
    const profiles = d.ofTypes('aws_eks_fargate_profile').filter((p) => d.referenced(p.values.cluster_name)?.address === cluster.address);
    for (const profile of profiles) {
      d.addNode({ id: d.nodeId(profile), label: [`Fargate profile ${d.text(profile.values.fargate_profile_name)}`], shape: 'subroutine', group });
    }
    if (nodeGroups.length + profiles.length === 0) d.addNode({ id: `${group}_control_plane`, label: ['control plane'], shape: 'rounded', group });
  }
}

function nodeGroupLabel(d: Drawing, ng: SynthesizedBlock): string[] {
  const name = ng.values.node_group_name ?? ng.values.node_group_name_prefix ?? ng.name;
  const capacity = ng.values.capacity_type === 'SPOT' ? 'Spot' : 'on-demand';
  const template = d.referenced(valueAt(ng.values, 'launch_template.id')) ?? d.referenced(valueAt(ng.values, 'launch_template.name'));
  const types = list(ng.values.instance_types).map((t) => d.text(t));
  if (types.length === 0 && template?.values.instance_type !== undefined) types.push(d.text(template.values.instance_type));
  const scaling = list(ng.values.scaling_config)[0] ?? {};
  return [
    `node group ${d.text(name)}`,
    `${capacity}${types.length > 0 ? ` · ${types.join(', ')}` : ''}`,
    `${d.text(scaling.min_size)}–${d.text(scaling.max_size)} nodes, desired ${d.text(scaling.desired_size)}`,
  ];
}
