import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, serviceTrustPolicy } from '../iam/policy-document';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { subnetDiscoveryTags, type NetworkRefs } from './network-refs';
import { invalidProps } from '../util/user-error';
import { S3GatewayEndpoint } from './s3-gateway-endpoint';

/** How private subnets reach the internet: a NAT gateway per availability zone, one shared, or none. */
export const NAT_GATEWAY_MODES = ['per-az', 'single', 'none'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

export interface VpcNetworkProps {
  /** Prefix of every Name tag and resource name, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** The region of the VPC, for the S3 gateway endpoint's service name. */
  readonly region: string;
  readonly cidr: string;
  /** At least two; subnets are created in this order. */
  readonly availabilityZones: readonly string[];
  readonly natGateways: NatGatewayMode;
  /** One per zone, in zone order (the resolved model's `subnetCidrs`: given, or derived from `cidr` by deriveSubnetLayout). */
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  /** EKS clusters that share the subnets; each gets a `kubernetes.io/cluster/<name>` tag. */
  readonly clusterNames: readonly string[];
  readonly flowLogs: {
    readonly retentionDays: number;
    readonly trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
    readonly kmsKeyArn: string;
  };
}

/**
 * A VPC with one public and one private subnet per AZ, NAT for the private
 * subnets, a locked-down default security group and VPC flow logs to an
 * encrypted CloudWatch log group, and the S3 gateway endpoint on every private
 * route table (s3-gateway-endpoint.ts). Per-AZ children are keyed by AZ name, so
 * adding an AZ never renames the others.
 */
export class VpcNetwork extends Construct implements NetworkRefs {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly availabilityZones: readonly string[];
  public readonly publicSubnetIds: string[] = [];
  public readonly privateSubnetIds: string[] = [];
  /** The NAT gateways' ids by the AZ they are in. */
  public readonly natGatewayIdsByZone: Record<string, string> = {};
  /** The NAT gateways' Elastic IPs (`public_ip`), by AZ: the source address of everything the private subnets send to the internet. */
  public readonly natPublicIpsByZone: Record<string, string> = {};
  /** In the order of `availabilityZones`. */
  public readonly privateRouteTableIds: string[] = [];
  public readonly s3Endpoint: S3GatewayEndpoint;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    const zones = props.availabilityZones;
    if (zones.length < 2) throw invalidProps(`VpcNetwork ${id}`, `availabilityZones needs at least 2 zones, got ${zones.length}`);
    const natMode = props.natGateways;
    const { publicSubnetCidrs: publicCidrs, privateSubnetCidrs: privateCidrs, clusterNames } = props;
    const name = (suffix: string) => ({ Name: `${props.namePrefix}-${suffix}` });

    this.availabilityZones = zones;
    this.vpcCidr = props.cidr;
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      // Interface endpoints, EKS and private hosted zones need DNS hostnames.
      enableDnsHostnames: true,
      tags: name('vpc'),
    });
    this.vpcId = this.vpc.id;

    // No rules: nothing may use the default group by accident (CIS AWS 5.4).
    new DefaultSecurityGroup(this, 'default-security-group', { vpcId: this.vpc.id, tags: name('default-deny') });

    const internetGateway = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: name('igw') });
    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id, tags: name('public') });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    const natGatewayByZone = new Map<string, NatGateway>();
    zones.forEach((zone, index) => {
      const publicSubnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: publicCidrs[index],
        // Load balancers get addresses explicitly; instances here never should.
        mapPublicIpOnLaunch: false,
        tags: { ...name(`public-${zone}`), ...subnetDiscoveryTags('public', clusterNames) },
      });
      new RouteTableAssociation(this, `public-${zone}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      this.publicSubnetIds.push(publicSubnet.id);

      if (natMode === 'per-az' || (natMode === 'single' && index === 0)) {
        const address = new Eip(this, `nat-${zone}-address`, { domain: 'vpc', tags: name(`nat-${zone}`) });
        const natGateway = new NatGateway(this, `nat-${zone}`, {
          allocationId: address.allocationId,
          subnetId: publicSubnet.id,
          tags: name(`nat-${zone}`),
          dependsOn: [internetGateway],
        });
        natGatewayByZone.set(zone, natGateway);
        this.natGatewayIdsByZone[zone] = natGateway.id;
        this.natPublicIpsByZone[zone] = address.publicIp;
      }
    });

    zones.forEach((zone, index) => {
      const privateSubnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: privateCidrs[index],
        tags: { ...name(`private-${zone}`), ...subnetDiscoveryTags('private', clusterNames) },
      });
      const routes = new RouteTable(this, `private-${zone}-routes`, { vpcId: this.vpc.id, tags: name(`private-${zone}`) });
      const natGateway = natGatewayByZone.get(zone) ?? natGatewayByZone.get(zones[0]);
      if (natGateway) {
        new Route(this, `private-${zone}-default-route`, {
          routeTableId: routes.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateway.id,
        });
      }
      new RouteTableAssociation(this, `private-${zone}-association`, { subnetId: privateSubnet.id, routeTableId: routes.id });
      this.privateSubnetIds.push(privateSubnet.id);
      this.privateRouteTableIds.push(routes.id);
    });
    this.s3Endpoint = new S3GatewayEndpoint(this, 's3-endpoint', {
      namePrefix: props.namePrefix,
      region: props.region,
      vpcId: this.vpc.id,
      routeTableIds: this.privateRouteTableIds,
    });

    this.createFlowLogs(props);
  }

  private createFlowLogs(props: VpcNetworkProps): void {
    const logGroup = new EncryptedLogGroup(this, 'flow-log-group', {
      name: `/vpc/${props.namePrefix}/flow-logs`,
      retentionDays: props.flowLogs.retentionDays,
      kmsKeyArn: props.flowLogs.kmsKeyArn,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${props.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy(this, 'flow-log-trust', 'vpc-flow-logs.amazonaws.com', props.accountId).json,
    });
    new IamRolePolicy(this, 'flow-log-write', {
      role: role.id,
      name: 'write-flow-logs',
      policy: policyDocument(this, 'flow-log-write-policy', [
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [`${logGroup.arn}:*`],
        },
      ]).json,
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: props.flowLogs.trafficType,
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      // One-minute aggregation makes incident timelines usable; the cost is the same per record.
      maxAggregationInterval: 60,
      tags: { Name: `${props.namePrefix}-flow-logs` },
    });
  }
}
