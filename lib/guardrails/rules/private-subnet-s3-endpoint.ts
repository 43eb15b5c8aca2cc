import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

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
    // A route table with a route to an internet gateway is public: its subnets reach S3 without a NAT gateway.
    const isPublic = context
      .resourcesOfType(Route.tfResourceType)
      .some((route) => self(route.values.route_table_id) && context.follow(route.values.gateway_id)?.type === InternetGateway.tfResourceType);
    if (isPublic) return NOT_APPLICABLE;
    const routed = context
      .resourcesOfType(VpcEndpoint.tfResourceType)
      .some((endpoint) => endpoint.values.vpc_endpoint_type === 'Gateway' && /\.s3$/.test(String(endpoint.values.service_name)) && (endpoint.values.route_table_ids ?? []).some(self));
    return routed ? COMPLIANT : nonCompliant('no S3 gateway endpoint (aws_vpc_endpoint, Gateway, com.amazonaws.<region>.s3) lists this private route table');
  },
};
