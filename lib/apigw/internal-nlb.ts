import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { boundedName } from '../construct-support/naming';
import type { NetworkRefs } from '../network/network-refs';
import { invalidProps } from '../util/user-error';

export interface InternalNlbProps {
  /** Prefix of resource names, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly network: NetworkRefs;
  /** Ports the targets listen on (Envoy's TLS ingress port): the only outbound traffic of the NLB. */
  readonly targetPorts: readonly number[];
  /** Turn on deletion protection (production). @default false */
  readonly deletionProtection?: boolean;
}

/**
 * The internal Network Load Balancer API Gateway's VPC link (v1) targets: in
 * the private subnets, cross-zone on, with a security group.
 *
 * How the VPC link's traffic gets in: a REST API VPC link is an AWS PrivateLink
 * endpoint service on this NLB, so its requests arrive as PrivateLink traffic
 * from API Gateway's own VPC, whose addresses no rule of ours can name. With
 * `enforce_security_group_inbound_rules_on_private_link_traffic = "on"` (the
 * AWS default once an NLB has security groups) the group's inbound rules are
 * applied to that traffic too and, with no rule matching API Gateway's
 * addresses, the requests are dropped silently (504 at API Gateway). It is
 * therefore `"off"`: PrivateLink traffic skips the inbound rules, and the
 * group has **no** inbound rule at all, so nothing inside the VPC can reach
 * the listeners directly and bypass API Gateway's IAM authorization. The only
 * PrivateLink consumer is the VPC link (the endpoint service is created by
 * API Gateway for it). Outbound rules (to the targets) are added per service.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
 */
export class InternalNlb extends Construct {
  public readonly loadBalancer: Lb;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: InternalNlbProps) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? false;
    const name = boundedName([props.namePrefix, 'apigw'], 32);
    if (props.targetPorts.length === 0) throw invalidProps(`InternalNlb ${this.node.path}`, 'targetPorts: expected at least one port');

    // The API deployment's create_before_destroy reaches this group through the VPC link and the NLB (Terraform applies
    // it to every dependency of such a resource), so a replacement is created while the old group exists: a generated
    // name (InvalidGroup.Duplicate otherwise). The description is an argument that forces replacement: keep it constant.
    // https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-nlb-`,
      description: 'Internal NLB of the API Gateway VPC link: no inbound rules, PrivateLink traffic only',
      vpcId: props.network.vpcId,
      tags: { Name: `${name}-nlb` },
      // Replaced before destroyed: the NLB holds the old group until it is switched (DependencyViolation otherwise).
      lifecycle: { createBeforeDestroy: true },
    });

    // A fixed name although the API deployment's create_before_destroy reaches this NLB: it is never replaced in
    // place (docs/create-before-destroy.md); the rule unique-name-inherited-create-before-destroy allows exactly that.
    this.loadBalancer = new Lb(this, 'load-balancer', {
      name,
      loadBalancerType: 'network',
      internal: true,
      subnets: [...props.network.privateSubnetIds],
      securityGroups: [this.securityGroup.id],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
      // Off by default on NLBs: each NLB node would only use targets in its own AZ, so an AZ short of tasks drops traffic.
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: deletionProtection,
    });

    // Forwarded connections and health checks go to task IPs anywhere in the VPC. Every service's Envoy uses the
    // environment's one ingress port, so this is one port; a range keeps one rule (no duplicate-rule error) otherwise.
    new VpcSecurityGroupEgressRule(this, 'to-targets', {
      securityGroupId: this.securityGroup.id,
      description: 'To Envoy in the tasks (requests and health checks)',
      ipProtocol: 'tcp',
      fromPort: Math.min(...props.targetPorts),
      toPort: Math.max(...props.targetPorts),
      cidrIpv4: props.network.vpcCidr,
    });
  }
}
