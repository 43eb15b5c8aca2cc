import { referencesIn, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { Drawing } from './drawing';
import { list } from './model';

/** Each VPC as a group, with a summary node: subnets per role and zone, NAT gateways, flow logs. */
export function addVpcs(d: Drawing): void {
  for (const vpc of d.ofTypes('aws_vpc')) {
    const group = d.groupId(vpc);
    const name = d.tagName(vpc);
    d.groups.set(group, { id: group, label: `VPC ${name ? `${name} ` : ''}${d.text(vpc.values.cidr_block)}` });
    const subnets = d.ofTypes('aws_subnet').filter((subnet) => d.referenced(subnet.values.vpc_id)?.address === vpc.address);
    const roles = subnets.map((subnet) => subnetRole(d, subnet));
    const zones = [...new Set(subnets.map((s) => d.text(s.values.availability_zone)))].sort();
    const nats = d.ofTypes('aws_nat_gateway').filter((nat) => subnets.some((s) => d.referenced(nat.values.subnet_id)?.address === s.address));
    const flowLogs = d.ofTypes('aws_flow_log').filter((log) => d.referenced(log.values.vpc_id)?.address === vpc.address);
    // The service part of com.amazonaws.<region>.<service>, e.g. `s3 (gateway)`, `ecr.dkr`.
    const endpoints = d
      .ofTypes('aws_vpc_endpoint')
      .filter((endpoint) => d.referenced(endpoint.values.vpc_id)?.address === vpc.address)
      .map((endpoint) => `${d.text(endpoint.values.service_name).replace(/^com\.amazonaws\.[^.]+\./, '')}${endpoint.values.vpc_endpoint_type === 'Gateway' ? ' (gateway)' : ''}`);
    const label = [
      `${subnets.length} subnets in ${zones.join(', ') || 'no zone'}`,
      ...['public', 'private via NAT', 'isolated'].filter((role) => roles.includes(role)).map((role) => `${role}: ${roles.filter((r) => r === role).length}`),
      `NAT gateways: ${nats.length}`,
      ...flowLogs.map((log) => `flow logs: ${d.text(log.values.traffic_type)}`),
      ...(endpoints.length > 0 ? [`VPC endpoints: ${endpoints.join(', ')}`] : []),
    ];
    d.addNode({ id: `${group}_summary`, label, shape: 'rounded', group });
  }
}

/** public (default route to an internet gateway), private via NAT, or isolated. */
function subnetRole(d: Drawing, subnet: SynthesizedBlock): string {
  const tables = d
    .ofTypes('aws_route_table_association')
    .filter((a) => d.referenced(a.values.subnet_id)?.address === subnet.address)
    .map((a) => d.referenced(a.values.route_table_id)?.address);
  const routes = [
    ...d
      .ofTypes('aws_route')
      .filter((r) => tables.includes(d.referenced(r.values.route_table_id)?.address))
      .map((r) => r.values),
    ...d
      .ofTypes('aws_route_table')
      .filter((t) => tables.includes(t.address))
      .flatMap((t) => list(t.values.route)),
  ];
  if (routes.some((r) => d.referenced(r.gateway_id)?.type === 'aws_internet_gateway')) return 'public';
  if (routes.some((r) => r.nat_gateway_id !== undefined)) return 'private via NAT';
  return 'isolated';
}

/** The VPC group a block lives in, through the subnets, security groups or VPC it references. */
export function vpcGroupOf(d: Drawing, block: SynthesizedBlock): string | undefined {
  for (const ref of referencesIn(block.values)) {
    const target = d.at(ref.address);
    if (!target) continue;
    if (target.type === 'aws_vpc') return d.groupId(target);
    if (['aws_subnet', 'aws_security_group'].includes(target.type)) {
      const vpc = d.referenced(target.values.vpc_id);
      if (vpc?.type === 'aws_vpc') return d.groupId(vpc);
    }
  }
  return undefined;
}
