import { referencesIn, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import { apiNode, bucketNode } from './api-gateway';
import type { Drawing } from './drawing';
import { containerLabel, taskContainers } from './ecs-containers';
import { list } from './model';
import { vpcGroupOf } from './network';

/**
 * ECS services as groups inside their cluster, with a node per container. Inside a task Terraform says nothing
 * about traffic; the roles of ecs-containers.ts do: ingress → application containers, callers → egress proxies.
 */
export function addEcsServices(d: Drawing): void {
  for (const service of d.ofTypes('aws_ecs_service')) {
    const cluster = d.referenced(service.values.cluster);
    let parent = vpcGroupOf(d, service);
    if (cluster) {
      const clusterGroup = d.groupId(cluster);
      if (!d.groups.has(clusterGroup)) d.groups.set(clusterGroup, { id: clusterGroup, label: `ECS cluster ${d.text(cluster.values.name)}`, parent });
      parent = clusterGroup;
    }
    const group = d.groupId(service);
    const launch =
      service.values.launch_type ??
      list(service.values.capacity_provider_strategy)
        .map((s) => d.text(s.capacity_provider))
        .join('/');
    const count = service.values.desired_count;
    const details = [launch && d.text(launch), count !== undefined && `${d.text(count)} task${count === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
    d.groups.set(group, { id: group, label: `ECS service ${d.text(service.values.name)}${details ? ` · ${details}` : ''}`, parent });

    const containers = taskContainers(d, service, d.referenced(service.values.task_definition));
    for (const c of containers) d.addNode({ id: c.nodeId, label: containerLabel(c), shape: 'box', group });
    if (containers.length === 0) taskNode(d, service);
    d.serviceContainers.set(service.address, containers);

    const ingress = containers.filter((c) => c.role === 'ingress');
    const apps = containers.filter((c) => c.role === 'app');
    for (const from of ingress) for (const to of apps) d.addEdge({ from: from.nodeId, to: to.nodeId, label: 'localhost' });
    for (const proxy of containers.filter((c) => c.role === 'egress-proxy')) {
      for (const caller of containers.filter((c) => proxy.callers.includes(c.name))) d.addEdge({ from: caller.nodeId, to: proxy.nodeId, label: 'localhost' });
    }
    for (const lb of list(service.values.load_balancer)) {
      const container = containers.find((c) => c.name === d.text(lb.container_name));
      const tg = d.referenced(lb.target_group_arn);
      if (tg) d.serviceEntries.set(tg.address, container?.nodeId ?? taskNode(d, service));
    }
  }
}

/** A node for a service's task as a whole, when its containers are unknown or none of them fits. */
function taskNode(d: Drawing, service: SynthesizedBlock): string {
  const group = d.groupId(service);
  const taskDefinition = d.referenced(service.values.task_definition);
  const family = taskDefinition ? d.text(taskDefinition.values.family) : d.text(service.values.task_definition);
  const id = `${group}_task`;
  d.addNode({ id, label: [`task ${family}`], shape: 'box', group });
  return id;
}

/**
 * Calls to AWS from ECS tasks: S3 buckets and APIs named in the containers' settings or in the task role's policies.
 * Through an egress proxy, the proxy makes the call, signed with the task role (SigV4); otherwise the application
 * calls with the task role itself (IAM).
 */
export function addServiceEgress(d: Drawing): void {
  for (const service of d.ofTypes('aws_ecs_service')) {
    const containers = d.serviceContainers.get(service.address) ?? [];
    const proxy = containers.find((c) => c.role === 'egress-proxy');
    const taskDefinition = d.referenced(service.values.task_definition);
    const fallback = proxy?.nodeId ?? containers.find((c) => c.role !== 'log-router')?.nodeId ?? taskNode(d, service);
    for (const container of containers) {
      for (const target of awsTargets(d, container.definition)) addEgress(d, container === proxy ? container.nodeId : fallback, target, proxy !== undefined);
    }
    const role = taskDefinition && d.referenced(taskDefinition.values.task_role_arn);
    if (role) for (const target of awsTargets(d, policiesOf(d, role))) addEgress(d, fallback, target, proxy !== undefined);
  }
}

function addEgress(d: Drawing, from: string, target: SynthesizedBlock, signed: boolean): void {
  const to = target.type === 'aws_s3_bucket' ? bucketNode(d, target) : apiNode(d, target);
  d.addEdge({ from, to, label: signed ? 'SigV4' : 'IAM' });
}

/** S3 buckets and REST APIs a value references (directly, or through an API stage or deployment). */
function awsTargets(d: Drawing, value: unknown): SynthesizedBlock[] {
  return referencesIn(value).flatMap((ref) => {
    const block = d.at(ref.address);
    if (!block) return [];
    if (block.type === 'aws_s3_bucket' || block.type === 'aws_api_gateway_rest_api') return [block];
    if (block.type === 'aws_api_gateway_stage' || block.type === 'aws_api_gateway_deployment') {
      const api = d.referenced(block.values.rest_api_id);
      return api ? [api] : [];
    }
    return [];
  });
}

/** The policy documents attached to a role: inline, role policies, managed policy attachments. */
function policiesOf(d: Drawing, role: SynthesizedBlock): unknown[] {
  const isRole = (value: unknown) => d.referenced(value)?.address === role.address;
  const documents: unknown[] = list(role.values.inline_policy).map((p) => p.policy);
  documents.push(
    ...d
      .ofTypes('aws_iam_role_policy')
      .filter((p) => isRole(p.values.role))
      .map((p) => p.values.policy),
  );
  for (const attachment of d.ofTypes('aws_iam_role_policy_attachment').filter((a) => isRole(a.values.role))) {
    documents.push(d.referenced(attachment.values.policy_arn)?.values.policy);
  }
  return documents.map((doc) => {
    const source = d.referenced(doc);
    return source?.type === 'aws_iam_policy_document' ? source.values.statement : doc;
  });
}
