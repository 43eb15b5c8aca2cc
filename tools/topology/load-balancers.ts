import type { SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { Drawing } from './drawing';
import { list, sanitize } from './model';
import { vpcGroupOf } from './network';

export const INTERNET = 'internet';
export const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];
const LISTENER_RULE_TYPES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];

/** Load balancers, the internet in front of the internet-facing ones, and listener → target group → target edges. */
export function addLoadBalancers(d: Drawing): void {
  for (const lb of d.ofTypes(...LOAD_BALANCER_TYPES)) {
    const kind = { application: 'ALB', network: 'NLB', gateway: 'GWLB' }[d.text(lb.values.load_balancer_type ?? 'application')] ?? 'load balancer';
    const internal = lb.values.internal === true;
    const name = d.text(lb.values.name ?? lb.values.name_prefix ?? lb.name);
    d.addNode({ id: d.nodeId(lb), label: [`${kind} ${name}`, internal ? 'internal' : 'internet-facing'], shape: 'hexagon', group: vpcGroupOf(d, lb) });
    const listeners = d.ofTypes(...LISTENER_TYPES).filter((l) => d.referenced(l.values.load_balancer_arn)?.address === lb.address);
    if (!internal && listeners.length > 0) {
      d.addNode({ id: INTERNET, label: ['Internet'], shape: 'circle' });
      d.addEdge({ from: INTERNET, to: d.nodeId(lb), label: listeners.map((l) => listenerLabel(d, l)).join(', ') });
    }
    for (const listener of listeners) addListenerTargets(d, lb, listener);
  }
}

function listenerLabel(d: Drawing, listener: SynthesizedBlock): string {
  const protocol = d.text(listener.values.protocol ?? 'HTTP');
  const redirect = list(listener.values.default_action).some((a) => a.type === 'redirect');
  return `${protocol} :${d.text(listener.values.port)}${redirect ? ' redirect' : ''}`;
}

function addListenerTargets(d: Drawing, lb: SynthesizedBlock, listener: SynthesizedBlock): void {
  const routes: { action: Record<string, any>; condition?: string }[] = list(listener.values.default_action).map((action) => ({ action }));
  for (const rule of d.ofTypes(...LISTENER_RULE_TYPES).filter((r) => d.referenced(r.values.listener_arn)?.address === listener.address)) {
    const condition = list(rule.values.condition)
      .flatMap((c) => [...list(c.host_header).flatMap((h) => list(h.values)), ...list(c.path_pattern).flatMap((p) => list(p.values))])
      .map((v) => d.text(v))
      .join(' ');
    routes.push(...list(rule.values.action).map((action) => ({ action, condition })));
  }
  for (const { action, condition } of routes) {
    const targetGroups = [action.target_group_arn, ...list(action.forward).flatMap((f) => list(f.target_group).map((t) => t.arn))]
      .map((arn) => d.referenced(arn))
      .filter((tg): tg is SynthesizedBlock => tg !== undefined && TARGET_GROUP_TYPES.includes(tg.type));
    for (const tg of targetGroups) {
      const label = [`${d.text(listener.values.port)} → ${targetGroupLabel(d, tg)}`, condition].filter(Boolean).join(' ');
      for (const to of targetsOf(d, tg)) d.addEdge({ from: d.nodeId(lb), to, label });
    }
  }
}

function targetGroupLabel(d: Drawing, tg: SynthesizedBlock): string {
  return `${targetGroupName(d, tg)} ${d.text(tg.values.protocol ?? '')}:${d.text(tg.values.port ?? '')}`;
}

/** A target group with a generated name (`name_prefix`, 6 characters at most) carries its readable name in the `Name` tag. */
function targetGroupName(d: Drawing, tg: SynthesizedBlock): string {
  if (tg.values.name !== undefined) return d.text(tg.values.name);
  return d.tagName(tg) ?? d.text(tg.values.name_prefix ?? tg.name);
}

/** Nodes behind a target group: ECS service containers, attached load balancers, or the group itself. */
function targetsOf(d: Drawing, tg: SynthesizedBlock): string[] {
  const targets: string[] = [];
  const entry = d.serviceEntries.get(tg.address);
  if (entry) targets.push(entry);
  for (const attachment of d.ofTypes('aws_lb_target_group_attachment').filter((a) => d.referenced(a.values.target_group_arn)?.address === tg.address)) {
    const target = d.referenced(attachment.values.target_id);
    if (target && LOAD_BALANCER_TYPES.includes(target.type)) targets.push(d.nodeId(target));
    else {
      const id = sanitize(`${d.nodeId(attachment)}`);
      d.addNode({ id, label: [`target ${d.text(attachment.values.target_id)}`], shape: 'box', group: vpcGroupOf(d, tg) });
      targets.push(id);
    }
  }
  if (targets.length === 0) {
    const id = d.nodeId(tg);
    const label = [`target group ${targetGroupName(d, tg)}`, `${d.text(tg.values.target_type ?? 'instance')} targets registered outside Terraform`];
    d.addNode({ id, label, shape: 'box', group: vpcGroupOf(d, tg) });
    targets.push(id);
  }
  return targets;
}
