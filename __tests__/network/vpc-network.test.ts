import { TerraformJson } from '../helpers/terraform-json';
import { existingVpcNetwork, synthEnvironment, testEnvironment } from '../helpers/environment-fixture';

describe('VpcNetwork', () => {
  const threeZones = { network: { vpc: { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } } };

  test('GIVEN three AZs THEN one public and one private subnet per AZ, in that AZ, inside the VPC', () => {
    const { platform } = synthEnvironment(testEnvironment(threeZones));
    const vpc = platform.only('aws_vpc');
    expect(vpc.values).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      for (const tier of ['public', 'private']) {
        const subnet = platform.resource('aws_subnet', `network/${tier}-${zone}`);
        expect(subnet.values.availability_zone).toBe(zone);
        expect(subnet.values.vpc_id).toBe(TerraformJson.ref(vpc, 'id'));
      }
    }
    expect(platform.resource('aws_subnet', 'network/private-eu-west-1c').values.cidr_block).toBe('10.0.128.0/18');
    expect(platform.resource('aws_subnet', 'network/public-eu-west-1c').values.cidr_block).toBe('10.0.224.0/20');
  });

  test('subnets carry the tags the load balancer controller discovers them by, and public subnets assign no public IPs', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const publicSubnet = platform.resource('aws_subnet', 'network/public-eu-west-1a');
    const privateSubnet = platform.resource('aws_subnet', 'network/private-eu-west-1a');
    expect(publicSubnet.values.tags['kubernetes.io/role/elb']).toBe('1');
    expect(publicSubnet.values.map_public_ip_on_launch).toBe(false);
    expect(privateSubnet.values.tags['kubernetes.io/role/internal-elb']).toBe('1');
  });

  test('GIVEN per-az NAT THEN each private route table sends 0.0.0.0/0 to the NAT gateway of its own AZ', () => {
    const { platform } = synthEnvironment(testEnvironment());
    expect(platform.count('aws_nat_gateway')).toBe(2);
    for (const zone of ['eu-west-1a', 'eu-west-1b']) {
      const route = platform.resource('aws_route', `network/private-${zone}-default-route`);
      const { entry: nat } = platform.follow(route.values.nat_gateway_id);
      expect(nat.path).toBe(`network/nat-${zone}`);
      const { entry: natSubnet } = platform.follow(nat.values.subnet_id);
      expect(natSubnet.path).toBe(`network/public-${zone}`);
      expect(platform.follow(route.values.route_table_id).entry.path).toBe(`network/private-${zone}-routes`);
    }
  });

  test('GIVEN a single NAT THEN every private route uses the one in the first AZ', () => {
    const { platform } = synthEnvironment(testEnvironment({ network: { vpc: { natGateways: 'single' } } }));
    expect(platform.count('aws_nat_gateway')).toBe(1);
    for (const zone of ['eu-west-1a', 'eu-west-1b']) {
      const route = platform.resource('aws_route', `network/private-${zone}-default-route`);
      expect(platform.follow(route.values.nat_gateway_id).entry.path).toBe('network/nat-eu-west-1a');
    }
  });

  test('GIVEN no NAT THEN private subnets have no default route', () => {
    const { platform } = synthEnvironment(testEnvironment({ network: { vpc: { natGateways: 'none' } } }));
    expect(platform.count('aws_nat_gateway')).toBe(0);
    expect(platform.resources('aws_route').map((r) => r.path)).toEqual(['network/public-default-route']);
  });

  test('public subnets route to the internet gateway', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const route = platform.resource('aws_route', 'network/public-default-route');
    expect(route.values.destination_cidr_block).toBe('0.0.0.0/0');
    expect(platform.follow(route.values.gateway_id).entry.type).toBe('aws_internet_gateway');
    const association = platform.resource('aws_route_table_association', 'network/public-eu-west-1b-routes');
    expect(platform.follow(association.values.route_table_id).entry.path).toBe('network/public-routes');
  });

  test('flow logs go to a KMS-encrypted log group with retention, through a role scoped to that group', () => {
    const { platform } = synthEnvironment(testEnvironment({ network: { vpc: { flowLogs: { retentionDays: 90 } } } }));
    const flowLog = platform.only('aws_flow_log');
    expect(flowLog.values.traffic_type).toBe('ALL');
    const { entry: group } = platform.follow(flowLog.values.log_destination);
    expect(group.values.retention_in_days).toBe(90);
    expect(platform.follow(group.values.kms_key_id).entry.type).toBe('aws_kms_key');
    const role = platform.follow(flowLog.values.iam_role_arn).entry;
    const [trust] = platform.policyStatements(role.values.assume_role_policy);
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    const policy = platform.resource('aws_iam_role_policy', 'network/flow-log-write');
    expect(platform.policyStatements(policy.values.policy)).toEqual([expect.objectContaining({ resources: [`${TerraformJson.ref(group, 'arn')}:*`] })]);
  });

  test('the default security group is taken over with no rules', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const group = platform.only('aws_default_security_group');
    expect(group.values.ingress).toBeUndefined();
    expect(group.values.egress).toBeUndefined();
  });

  test('GIVEN an existing VPC THEN no network resources are created and its ids are used', () => {
    const config = testEnvironment({
      network: existingVpcNetwork(),
    });
    const { platform } = synthEnvironment(config);
    expect(platform.count('aws_vpc')).toBe(0);
    expect(platform.count('aws_subnet')).toBe(0);
    expect(platform.json.output['private-subnet-ids'].value).toEqual(['subnet-0000000000000000c', 'subnet-0000000000000000d']);
  });
});
