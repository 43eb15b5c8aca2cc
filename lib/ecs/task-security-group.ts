import type { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { boundedNamePrefix } from '../construct-support/naming';

/** A security group allowed to reach the tasks on one port. */
export interface IngressSource {
  readonly securityGroupId: string;
  readonly port: number;
  readonly description: string;
}

/** Where the tasks may connect besides HTTPS: exactly one kind of destination. */
export type EgressDestination =
  { readonly kind: 'security-group'; readonly securityGroupId: string } | { readonly kind: 'prefix-list'; readonly prefixListId: string } | { readonly kind: 'cidr'; readonly cidrIpv4: string };

/** One extra egress rule of the tasks' security group: a destination on a port range. */
export interface NetworkEgressRule {
  readonly destination: EgressDestination;
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  /** Equal to `fromPort` for one port. */
  readonly toPort: number;
}

/**
 * The tasks' security group of a FargateService and its rules, created in `scope` (the service: the ids
 * `security-group`, `ingress-<n>`, `egress-https` and `network-egress-<name>` are Terraform addresses under it).
 */
export function addTaskSecurityGroup(
  scope: Construct,
  props: {
    readonly servicePrefix: string;
    readonly serviceName: string;
    readonly vpcId: string;
    readonly ingressFrom: readonly IngressSource[];
    readonly networkEgress: Readonly<Record<string, NetworkEgressRule>>;
  },
): SecurityGroup {
  const securityGroup = new SecurityGroup(scope, 'security-group', {
    // Replaced before destroyed (the tasks' ENIs hold the old group until the service moves), so a generated name:
    // group names are unique per VPC (CreateSecurityGroup: InvalidGroup.Duplicate).
    namePrefix: boundedNamePrefix([props.servicePrefix, 'tasks'], 100),
    description: `Tasks of ${props.servicePrefix}`,
    vpcId: props.vpcId,
    tags: { Name: `${props.servicePrefix}-tasks` },
    lifecycle: { createBeforeDestroy: true },
  });
  props.ingressFrom.forEach((source, index) => {
    new VpcSecurityGroupIngressRule(scope, `ingress-${index}`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: source.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: source.port,
      toPort: source.port,
      description: source.description,
    });
  });
  // AWS APIs, image registries and identity providers, through the NAT gateways; no VPC endpoints are assumed.
  new VpcSecurityGroupEgressRule(scope, 'egress-https', {
    securityGroupId: securityGroup.id,
    cidrIpv4: '0.0.0.0/0',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    description: 'HTTPS to AWS APIs, registries and identity providers (through NAT)',
  });
  // One rule per named destination, never a list index: the id stays when entries are added, removed or reordered.
  for (const [name, rule] of Object.entries(props.networkEgress)) {
    const to = rule.destination;
    new VpcSecurityGroupEgressRule(scope, `network-egress-${name}`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: to.kind === 'security-group' ? to.securityGroupId : undefined,
      prefixListId: to.kind === 'prefix-list' ? to.prefixListId : undefined,
      cidrIpv4: to.kind === 'cidr' ? to.cidrIpv4 : undefined,
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort,
      toPort: rule.toPort,
      description: `networkEgress ${name} of ${props.serviceName}`,
    });
  }
  return securityGroup;
}
