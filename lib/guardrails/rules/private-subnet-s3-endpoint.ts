import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { blocks, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule, type RuleContext } from '../policy-rule';

/** The IPv4 default route: the one S3's (IPv4 by default) endpoints are reached through when no endpoint route is more specific. */
const IPV4_DEFAULT = '0.0.0.0/0';

/**
 * An internet gateway: one of the stack (resource or data source), or an existing VPC's by its literal id. EC2 ids
 * carry their type as a prefix (`igw-`); a virtual private gateway (`vgw-`), the other kind `gateway_id` takes, is no
 * way to the internet: https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/route.
 */
function isInternetGateway(gatewayId: unknown, context: RuleContext): boolean {
  if (typeof gatewayId === 'string' && /^igw-[0-9a-f]+$/.test(gatewayId)) return true;
  return context.follow(gatewayId)?.type === InternetGateway.tfResourceType;
}

export const privateSubnetS3Endpoint: PolicyRule = {
  id: 'private-subnet-s3-endpoint',
  level: 'error',
  why: 'Without the free S3 gateway endpoint, every S3 call from a private subnet (signed sidecar egress, image layers) pays NAT gateway processing per GB.',
  equivalents: { checkov: 'CKV2_AWS_44 (routes)' },
  resourceTypes: [RouteTable.tfResourceType],
  check(resource, context) {
    const self = (value: unknown) => {
      const target = context.follow(value);
      return target?.type === RouteTable.tfResourceType && target.name === resource.name;
    };
    // A route table whose IPv4 default route goes to an internet gateway is public: its subnets reach S3 without a NAT
    // gateway. The route is either an aws_route or an inline `route` block of the table (cdktf writes every attribute of
    // the block, null when unset); the two name the destination differently. An IPv6 default route (::/0) to the
    // internet gateway leaves IPv4 on the NAT gateway, and the SDKs call S3's IPv4 endpoints unless told to use dual-stack
    // ones, so such a table is still private.
    const isPublic =
      blocks(resource.values.route).some((route) => route.cidr_block === IPV4_DEFAULT && isInternetGateway(route.gateway_id, context)) ||
      context
        .resourcesOfType(Route.tfResourceType)
        .some((route) => self(route.values.route_table_id) && route.values.destination_cidr_block === IPV4_DEFAULT && isInternetGateway(route.values.gateway_id, context));
    if (isPublic) return NOT_APPLICABLE;
    const routed = context
      .resourcesOfType(VpcEndpoint.tfResourceType)
      .some((endpoint) => endpoint.values.vpc_endpoint_type === 'Gateway' && /\.s3$/.test(String(endpoint.values.service_name)) && (endpoint.values.route_table_ids ?? []).some(self));
    return routed ? COMPLIANT : nonCompliant('no S3 gateway endpoint (aws_vpc_endpoint, Gateway, com.amazonaws.<region>.s3) lists this private route table');
  },
};
