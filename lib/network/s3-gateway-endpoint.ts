import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';

export interface S3GatewayEndpointProps {
  /** `<project>-<env>`, for the Name tag. */
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  /** Every private route table: each gets the S3 prefix-list route. */
  readonly routeTableIds: readonly string[];
}

/**
 * The S3 gateway endpoint on the private route tables. Gateway endpoints cost nothing, and without one every S3 call
 * from a private subnet (the Envoy sidecars' signed S3 egress, ECR image layers, which ECR serves from S3) goes through
 * a NAT gateway, paid per GB processed. https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
 *
 * No endpoint policy (the default allows every S3 call): the route carries all S3 traffic of the subnets, so a
 * policy listing buckets would break every bucket not listed, including ECR's layer buckets and EKS workloads'
 * buckets. IAM and the bucket policies stay the access control.
 */
export class S3GatewayEndpoint extends Construct {
  public readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: S3GatewayEndpointProps) {
    super(scope, id);
    this.endpoint = new VpcEndpoint(this, 'endpoint', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.routeTableIds],
      tags: { Name: `${props.namePrefix}-s3` },
    });
  }
}
