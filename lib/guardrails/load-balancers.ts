import { Lb } from '@cdktf/provider-aws/lib/lb';
import type { RuleContext, SynthesizedResource } from './policy-rule';

export type LoadBalancerKind = 'application' | 'network' | 'gateway';

export function loadBalancerKind(lb: SynthesizedResource): LoadBalancerKind {
  return (lb.values.load_balancer_type ?? 'application') as LoadBalancerKind;
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
