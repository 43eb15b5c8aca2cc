import type { SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { Drawing } from './drawing';
import { list } from './model';

const API_CLIENTS = 'api_clients';

/** API clients → each REST API (by stage) → its VPC links → what they target. */
export function addApiGateways(d: Drawing): void {
  for (const api of d.ofTypes('aws_api_gateway_rest_api')) {
    const id = apiNode(d, api);
    const stages = d.ofTypes('aws_api_gateway_stage').filter((s) => d.referenced(s.values.rest_api_id)?.address === api.address);
    d.addNode({ id: API_CLIENTS, label: ['API clients'], shape: 'circle' });
    d.addEdge({ from: API_CLIENTS, to: id, label: stages.length > 0 ? `stage ${stages.map((s) => d.text(s.values.stage_name)).join(', ')}` : undefined });
    const integrations = d.ofTypes('aws_api_gateway_integration').filter((i) => d.referenced(i.values.rest_api_id)?.address === api.address);
    for (const integration of integrations.filter((i) => i.values.connection_type === 'VPC_LINK')) {
      const link = d.referenced(integration.values.connection_id);
      if (link?.type !== 'aws_api_gateway_vpc_link') continue;
      const linkId = d.nodeId(link);
      d.addNode({ id: linkId, label: [`VPC link ${d.text(link.values.name)}`], shape: 'stadium' });
      d.addEdge({ from: id, to: linkId, label: 'VPC_LINK' });
      for (const target of list(link.values.target_arns)
        .map((arn) => d.referenced(arn))
        .filter((t) => t !== undefined)) {
        d.addEdge({ from: linkId, to: d.nodeId(target) });
      }
    }
  }
}

export function apiNode(d: Drawing, api: SynthesizedBlock): string {
  const id = d.nodeId(api);
  const types = list(api.values.endpoint_configuration)
    .flatMap((e) => list(e.types))
    .map((t) => d.text(t));
  d.addNode({ id, label: [`API Gateway ${d.text(api.values.name)}`, ...(types.length > 0 ? [types.join(', ')] : [])], shape: 'subroutine' });
  return id;
}

export function bucketNode(d: Drawing, bucket: SynthesizedBlock): string {
  const id = d.nodeId(bucket);
  d.addNode({ id, label: [`S3 ${d.text(bucket.values.bucket ?? bucket.values.bucket_prefix ?? bucket.name)}`], shape: 'cylinder' });
  return id;
}

/** A custom domain and its base path mappings to APIs. */
export function domainNode(d: Drawing, domain: SynthesizedBlock): string {
  const id = d.nodeId(domain);
  d.addNode({ id, label: [`API domain ${d.text(domain.values.domain_name)}`], shape: 'stadium' });
  for (const mapping of d.ofTypes('aws_api_gateway_base_path_mapping').filter((m) => d.referenced(m.values.domain_name)?.address === domain.address)) {
    const api = d.referenced(mapping.values.api_id);
    if (api) d.addEdge({ from: id, to: apiNode(d, api), label: `/${d.text(mapping.values.base_path ?? '')}` });
  }
  return id;
}
