import { INTERFACE_ENDPOINT_SERVICES } from '../../lib/network/interface-endpoints';
import { configProblems } from '../helpers/config-problems';
import { existingVpcNetwork, synthEnvironment, testEnvironment } from '../helpers/environment-fixture';
import { TerraformJson } from '../helpers/terraform-json';

const threeZones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

describe('S3 gateway endpoint', () => {
  test.each(['per-az', 'single', 'none'])('GIVEN natGateways %s THEN the S3 gateway endpoint is on every private route table and on no public one', (natGateways) => {
    const { platform } = synthEnvironment(testEnvironment({ network: { vpc: { availabilityZones: threeZones, natGateways } } }));
    const endpoint = platform.only('aws_vpc_endpoint');
    expect(endpoint.values).toMatchObject({ vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-west-1.s3' });
    expect(endpoint.values.policy).toBeUndefined();
    expect(platform.follow(endpoint.values.vpc_id).entry.type).toBe('aws_vpc');
    const tables = endpoint.values.route_table_ids.map((reference: string) => platform.follow(reference).entry.path);
    expect(tables).toEqual(threeZones.map((zone) => `network/private-${zone}-routes`));
    const privateTables = platform.resources('aws_route_table').filter((table) => table.path !== 'network/public-routes');
    expect(privateTables).toHaveLength(threeZones.length);
  });

  test('GIVEN an existing VPC THEN no endpoint: its route tables belong to whoever made it', () => {
    const { platform } = synthEnvironment(testEnvironment({ network: existingVpcNetwork() }));
    expect(platform.count('aws_vpc_endpoint')).toBe(0);
  });
});

describe('interface endpoints in an existing VPC', () => {
  test('GIVEN network.existingVpc and interface endpoints THEN refused at vpcEndpoints.interface with the two apply-time failures named', () => {
    expect(configProblems({ network: existingVpcNetwork(), vpcEndpoints: { interface: ['logs'] } })).toEqual([
      expect.stringMatching(
        /^environments\/bad\.yaml:\d+:\d+: vpcEndpoints\.interface: expected no interface endpoints with network\.existingVpc: .*DuplicateSubnetsInSameZone.*conflicting DNS domain/,
      ),
    ]);
  });

  test('GIVEN network.existingVpc without interface endpoints THEN it loads', () => {
    expect(() => testEnvironment({ network: existingVpcNetwork(), vpcEndpoints: { interface: [] } })).not.toThrow();
  });
});

describe('interface endpoints', () => {
  const { platform } = synthEnvironment(testEnvironment({ vpcEndpoints: { interface: [...INTERFACE_ENDPOINT_SERVICES], policy: 'platform-calls' } }));
  const statementsOf = (service: string) => platform.follow(platform.resource('aws_vpc_endpoint', `vpc-endpoints/${service}`).values.policy).entry.values.statement;

  test.each([
    ['ecr-api', 'ecr.api'],
    ['ecr-dkr', 'ecr.dkr'],
    ['logs', 'logs'],
    ['secretsmanager', 'secretsmanager'],
    ['sts', 'sts'],
  ])('%s: private DNS, in every private subnet, behind the endpoints group', (service, suffix) => {
    const endpoint = platform.resource('aws_vpc_endpoint', `vpc-endpoints/${service}`);
    expect(endpoint.values).toMatchObject({ vpc_endpoint_type: 'Interface', private_dns_enabled: true, service_name: `com.amazonaws.eu-west-1.${suffix}` });
    expect(endpoint.values.subnet_ids.map((reference: string) => platform.follow(reference).entry.path)).toEqual(['network/private-eu-west-1a', 'network/private-eu-west-1b']);
    expect(endpoint.values.security_group_ids).toEqual([TerraformJson.ref(platform.resource('aws_security_group', 'vpc-endpoints/security-group'), 'id')]);
  });

  test('the endpoints group admits HTTPS from the VPC CIDR only', () => {
    const group = platform.resource('aws_security_group', 'vpc-endpoints/security-group');
    const rules = platform.resources('aws_vpc_security_group_ingress_rule').filter((rule) => rule.values.security_group_id === TerraformJson.ref(group, 'id'));
    expect(rules.map((rule) => rule.values)).toEqual([expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/16' })]);
  });

  test('endpoint policies allow only the calls the stacks make, by principals of this account', () => {
    const account = { test: 'StringEquals', variable: 'aws:PrincipalAccount', values: ['123456789012'] };
    for (const service of ['ecr-api', 'ecr-dkr']) {
      expect(statementsOf(service)).toEqual([
        expect.objectContaining({
          effect: 'Allow',
          actions: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability', 'ecr:BatchImportUpstreamImage'],
          condition: [account],
        }),
      ]);
    }
    expect(statementsOf('logs')).toEqual([
      expect.objectContaining({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['arn:aws:logs:eu-west-1:123456789012:log-group:*'], condition: [account] }),
    ]);
    expect(statementsOf('secretsmanager')).toEqual([expect.objectContaining({ actions: ['secretsmanager:GetSecretValue'], condition: [account] })]);
    // IRSA's web-identity call has no AWS principal: scoped by the role it assumes instead.
    const [webIdentity, calls] = statementsOf('sts');
    expect(webIdentity).toMatchObject({ actions: ['sts:AssumeRoleWithWebIdentity'], resources: ['arn:aws:iam::123456789012:role/*'] });
    expect(webIdentity.condition).toBeUndefined();
    expect(calls).toMatchObject({ actions: ['sts:AssumeRole', 'sts:TagSession', 'sts:GetCallerIdentity'], condition: [account] });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      for (const statement of statementsOf(service)) {
        expect(statement.principals).toEqual([{ type: '*', identifiers: ['*'] }]);
        expect(statement.actions.some((action: string) => action.endsWith('*'))).toBe(false);
      }
    }
  });

  test("GIVEN policy left at its default (account) THEN every action of the service for principals of this account, so the cluster's other workloads keep working; IRSA into this account's roles", () => {
    const { platform: byAccount } = synthEnvironment(testEnvironment({ vpcEndpoints: { interface: [...INTERFACE_ENDPOINT_SERVICES] } }));
    const statements = (service: string) => byAccount.follow(byAccount.resource('aws_vpc_endpoint', `vpc-endpoints/${service}`).values.policy).entry.values.statement;
    const account = { test: 'StringEquals', variable: 'aws:PrincipalAccount', values: ['123456789012'] };
    const prefix = { 'ecr-api': 'ecr', 'ecr-dkr': 'ecr', logs: 'logs', secretsmanager: 'secretsmanager' } as const;
    for (const [service, actionPrefix] of Object.entries(prefix)) {
      expect(statements(service)).toEqual([expect.objectContaining({ effect: 'Allow', actions: [`${actionPrefix}:*`], resources: ['*'], condition: [account] })]);
    }
    const [webIdentity, ofThisAccount] = statements('sts');
    expect(webIdentity).toMatchObject({ actions: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'], resources: ['arn:aws:iam::123456789012:role/*'] });
    expect(webIdentity.condition).toBeUndefined();
    expect(ofThisAccount).toMatchObject({ actions: ['sts:*'], condition: [account] });
    // Never open to other accounts' principals: every statement but the web identity one names this account.
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      for (const statement of statements(service)) if (!statement.actions.includes('sts:AssumeRoleWithWebIdentity')) expect(statement.condition).toEqual([account]);
    }
  });

  test('GIVEN an unknown policy mode THEN refused with the modes', () => {
    expect(() => testEnvironment({ vpcEndpoints: { interface: ['sts'], policy: 'open' } })).toThrow(/vpcEndpoints\.policy: expected one of account, platform-calls/);
  });

  test('GIVEN no interface endpoints (the default) THEN none, and no endpoints group', () => {
    const { platform: plain } = synthEnvironment(testEnvironment());
    expect(plain.resources('aws_vpc_endpoint').map((endpoint) => endpoint.values.vpc_endpoint_type)).toEqual(['Gateway']);
    expect(plain.resources('aws_security_group').some((group) => group.path.startsWith('vpc-endpoints/'))).toBe(false);
  });

  test('GIVEN execute-api THEN refused with why (private DNS sends regional API calls to the endpoint: 403); a service twice is refused', () => {
    expect(configProblems({ vpcEndpoints: { interface: ['logs', 'execute-api'] } })).toEqual([
      expect.stringMatching(/^environments\/bad\.yaml:\d+:\d+: vpcEndpoints\.interface\[1\]: execute-api is not offered: .*private DNS.*would get 403/),
    ]);
    expect(configProblems({ vpcEndpoints: { interface: ['logs', 'sts', 'logs'] } })).toEqual([
      expect.stringMatching(/^environments\/bad\.yaml:\d+:\d+: vpcEndpoints\.interface\[2\]: expected each service once, got logs again$/),
    ]);
  });
});
