import { Lb } from '@cdktf/provider-aws/lib/lb';
import type { RuleContext, SynthesizedResource } from './policy-rule';

export type LoadBalancerKind = 'application' | 'network' | 'gateway';

export function loadBalancerKind(lb: SynthesizedResource): LoadBalancerKind {
  return (lb.values.load_balancer_type ?? 'application') as LoadBalancerKind;
}

/** The load balancer a listener belongs to, when it is in the same stack. */
export function listenerLoadBalancer(listener: SynthesizedResource, context: RuleContext): SynthesizedResource | undefined {
  return context.follow(listener.values.load_balancer_arn);
}

/** Security-group expressions (`${aws_security_group.x.id}`) used by internet-facing load balancers. */
export function publicLoadBalancerSecurityGroups(context: RuleContext): Set<string> {
  const groups = new Set<string>();
  for (const lb of context.resourcesOfType(Lb.tfResourceType)) {
    if (lb.values.internal === true) continue;
    for (const group of lb.values.security_groups ?? []) groups.add(String(group));
  }
  return groups;
}
