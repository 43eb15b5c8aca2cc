import { DefaultTokenResolver, dependable, type IAspect, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * Every load balancer waits for the rules of its security groups: those on the group (its listeners' ingress, its
 * egress to the targets) and those elsewhere that name it (the targets' ingress from the load balancer). The rules
 * are separate resources, so when a group is replaced (create_before_destroy: a new group, then the old one goes),
 * Terraform would otherwise switch the load balancer to the new, still empty group (SetSecurityGroups) while it
 * creates the rules in parallel: for a few seconds no 443 ingress and no way to the targets (client timeouts,
 * failed health checks, 502/503). With the rules in depends_on the switch comes after them. No cycle: a rule refers
 * to groups, never to a load balancer.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
 * https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on
 */
export class LoadBalancersAfterTheirSecurityGroupRules implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof Lb)) return;
    const stack = TerraformStack.of(node);
    // References resolved to their Terraform expressions (`${aws_security_group.x.id}`): the same group, however referenced.
    const resolve = (value: unknown): unknown => Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    const resolved = (value: unknown) => JSON.stringify(resolve(value));
    const groups = new Set(([] as unknown[]).concat(resolve(node.securityGroupsInput) ?? []).map((group) => JSON.stringify(group)));
    if (groups.size === 0) return;
    const rules = stack.node
      .findAll()
      .filter((c): c is VpcSecurityGroupIngressRule | VpcSecurityGroupEgressRule => c instanceof VpcSecurityGroupIngressRule || c instanceof VpcSecurityGroupEgressRule)
      .filter((rule) => groups.has(resolved(rule.securityGroupIdInput)) || (rule.referencedSecurityGroupIdInput !== undefined && groups.has(resolved(rule.referencedSecurityGroupIdInput))));
    // As the dependsOn prop writes them (`aws_…rule.id`, no interpolation), once each.
    const existing = node.dependsOn ?? [];
    const present = new Set(existing.map(resolved));
    const added = rules.map((rule) => dependable(rule)).filter((entry) => !present.has(resolved(entry)));
    if (added.length > 0) node.dependsOn = [...existing, ...added];
  }
}
