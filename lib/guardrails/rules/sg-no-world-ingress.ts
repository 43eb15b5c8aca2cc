import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { publicLoadBalancerSecurityGroups } from '../load-balancers';
import { blocks, COMPLIANT, nonCompliant, type PolicyRule, type RuleContext, type SynthesizedResource } from '../policy-rule';

const WORLD = ['0.0.0.0/0', '::/0'];
/** The only ports an internet-facing load balancer listens on. */
const WEB_PORTS = [80, 443];

export const sgNoWorldIngress: PolicyRule = {
  id: 'sg-no-world-ingress',
  level: 'error',
  why: 'Only public load balancers face the internet, and only on 80 and 443.',
  equivalents: { checkov: 'CKV_AWS_24, CKV_AWS_25, CKV_AWS_260', cdkNag: 'AwsSolutions-EC23' },
  resourceTypes: [SecurityGroup.tfResourceType, VpcSecurityGroupIngressRule.tfResourceType, SecurityGroupRule.tfResourceType],
  check(resource, context) {
    const openings = worldOpenings(resource);
    if (openings.length === 0) return COMPLIANT;
    const groupRef = resource.type === SecurityGroup.tfResourceType ? `\${${SecurityGroup.tfResourceType}.${resource.name}.id}` : String(resource.values.security_group_id);
    const publicLb = publicLoadBalancerSecurityGroups(context).has(groupRef) || isPublicLbGroup(groupRef, context);
    const bad = openings.filter((o) => !(publicLb && o.from === o.to && WEB_PORTS.includes(o.from)));
    if (bad.length === 0) return COMPLIANT;
    const where = publicLb ? 'on a public load balancer' : 'on a group no internet-facing load balancer uses';
    return nonCompliant(`ingress from the internet ${where}: ports ${bad.map((o) => (o.from === o.to ? o.from : `${o.from}-${o.to}`)).join(', ')}`);
  },
};

interface Opening {
  readonly from: number;
  readonly to: number;
}

function worldOpenings(resource: SynthesizedResource): Opening[] {
  const v = resource.values;
  if (resource.type === SecurityGroup.tfResourceType) {
    return blocks(v.ingress)
      .filter((rule) => [...(rule.cidr_blocks ?? []), ...(rule.ipv6_cidr_blocks ?? [])].some((c: string) => WORLD.includes(c)))
      .map((rule) => ({ from: Number(rule.from_port), to: Number(rule.to_port) }));
  }
  if (resource.type === SecurityGroupRule.tfResourceType) {
    if (v.type !== 'ingress') return [];
    const cidrs = [...(v.cidr_blocks ?? []), ...(v.ipv6_cidr_blocks ?? [])];
    return cidrs.some((c: string) => WORLD.includes(c)) ? [{ from: Number(v.from_port), to: Number(v.to_port) }] : [];
  }
  const world = WORLD.includes(v.cidr_ipv4) || WORLD.includes(v.cidr_ipv6);
  if (!world) return [];
  return [{ from: Number(v.from_port ?? 0), to: Number(v.to_port ?? 65535) }];
}

/** Load balancers may reference a group by `.id` in a list: compare by the group resource too. */
function isPublicLbGroup(groupRef: string, context: RuleContext): boolean {
  const group = context.follow(groupRef);
  if (!group) return false;
  return [...publicLoadBalancerSecurityGroups(context)].some((ref) => context.follow(ref)?.name === group.name);
}
