import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { environmentDocument } from '../helpers/environment-fixture';
import { rejectionLines } from '../helpers/config-problems';

function problemsOf(text: string): string[] {
  return rejectionLines(() => parseEnvironment(text, 'environments/bad.yaml', 'bad'));
}

const validText = () => stringify(environmentDocument());

describe('environment loader', () => {
  test('GIVEN a valid document WHEN parsed THEN defaults are resolved once', () => {
    const config = parseEnvironment(validText(), 'environments/ok.yaml', 'ok');
    expect(config.name).toBe('ok');
    expect(config.state.locking).toBe('s3-lockfile');
    expect(config.logs.retentionDays).toBe(30);
    expect(config.network.vpc?.flowLogs).toEqual({ retentionDays: 30, trafficType: 'ALL' });
    expect(config.tags).toEqual({});
  });

  test('GIVEN a mistyped key, a wrong type and an invalid CIDR THEN all three are reported with line and column', () => {
    const text = [
      'project: acme',
      'account:',
      '  id: "123456789012"',
      '  region: eu-west-1',
      '  regoin: eu-west-2',
      'state:',
      '  bucket: acme-state',
      'dns:',
      '  domain: test.example.com',
      '  publicZoneId: Z0TEST',
      'logs:',
      '  retentionDays: thirty',
      'network:',
      '  vpc:',
      '    cidr: 10.0.0.300/16',
      '    availabilityZones: [eu-west-1a, eu-west-1b]',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        /^environments\/bad\.yaml:5:3: account\.regoin: unknown key "regoin"; expected one of: id, region, regionOutsideCatalog, deployRoleArn, planRoleArn; did you mean "region"\?$/,
      ),
      expect.stringMatching(/^environments\/bad\.yaml:12:18: logs\.retentionDays: expected number, got string "thirty"$/),
      expect.stringMatching(/^environments\/bad\.yaml:15:11: network\.vpc\.cidr: "10\.0\.0\.300\/16" has an octet above 255$/),
    ]);
  });

  test('GIVEN a missing required key THEN the parent mapping is named', () => {
    const text = validText().replace(/^state:\n  bucket: .*\n/m, 'state: {}\n');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/:\d+:\d+: state\.bucket: required key is missing \(expected string\)$/)]);
  });

  test.each([
    ['an account id that is a number', { account: { id: 123456789012 } }, /account\.id: expected a 12-digit AWS account id in quotes/],
    ['an unknown region', { account: { region: 'eu-middle-9' } }, /account\.region: expected an AWS region such as eu-west-1, got "eu-middle-9"/],
    [
      'an AZ of another region',
      { network: { vpc: { availabilityZones: ['eu-west-1a', 'us-east-1b'] } } },
      /network\.vpc\.availabilityZones\[1\]: expected an availability zone of eu-west-1, got us-east-1b/,
    ],
    ['a single AZ', { network: { vpc: { availabilityZones: ['eu-west-1a'] } } }, /network\.vpc\.availabilityZones: expected at least 2 availability zones/],
    ['a duplicate AZ', { network: { vpc: { availabilityZones: ['eu-west-1a', 'eu-west-1a'] } } }, /availabilityZones\[1\]: availability zone eu-west-1a is listed twice/],
    ['a CIDR with host bits', { network: { vpc: { cidr: '10.0.0.1/16' } } }, /network\.vpc\.cidr: "10\.0\.0\.1\/16" has host bits set; the network address is 10\.0\.0\.0\/16/],
    ['a VPC larger than AWS allows', { network: { vpc: { cidr: '10.0.0.0/8' } } }, /network\.vpc\.cidr: expected a VPC prefix between \/16 and \/28 \(AWS limits\), got \/8/],
    ['a VPC too small to derive subnets', { network: { vpc: { cidr: '10.0.0.0/24' } } }, /network\.vpc\.cidr: expected a \/20 or larger VPC to derive subnets from, got \/24/],
    [
      'fewer subnets than AZs',
      { network: { vpc: { subnets: { public: ['10.0.0.0/24'], private: ['10.0.16.0/20', '10.0.32.0/20'] } } } },
      /network\.vpc\.subnets\.public: expected one public subnet per availability zone \(2\), got 1/,
    ],
    [
      'a subnet outside the VPC',
      { network: { vpc: { subnets: { public: ['10.0.0.0/24', '10.1.0.0/24'], private: ['10.0.16.0/20', '10.0.32.0/20'] } } } },
      /network\.vpc\.subnets\.public\[1\]: expected a subnet inside the VPC block 10\.0\.0\.0\/16, got 10\.1\.0\.0\/24/,
    ],
    [
      'overlapping subnets',
      { network: { vpc: { subnets: { public: ['10.0.0.0/24', '10.0.1.0/24'], private: ['10.0.0.0/20', '10.0.32.0/20'] } } } },
      /network\.vpc\.subnets\.private\[0\]: subnet 10\.0\.0\.0\/20 overlaps 10\.0\.0\.0\/24 \(network\.vpc\.subnets\.public\.0\)/,
    ],
    ['an unknown NAT mode', { network: { vpc: { natGateways: 'two' } } }, /network\.vpc\.natGateways: expected one of "per-az", "single", "none", got string "two"/],
    [
      'both a new and an existing VPC',
      { network: { existingVpc: { vpcId: 'vpc-0123456789abcdef0', cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], publicSubnetIds: [], privateSubnetIds: [] } } },
      /network: expected exactly one of network\.vpc \(create a VPC\) or network\.existingVpc/,
    ],
    ['dynamodb locking without a table', { state: { locking: 'dynamodb' } }, /state\.dynamodbTable: expected a table name because state\.locking is dynamodb/],
    ['a log retention CloudWatch refuses', { logs: { retentionDays: 10 } }, /logs\.retentionDays: expected one of CloudWatch's retention values: 1, 3, 5, 7, 14, 30/],
    ['an invalid role ARN', { account: { deployRoleArn: 'arn:aws:iam::12:role/x' } }, /account\.deployRoleArn: expected an IAM role ARN/],
    ['an invalid bucket name', { state: { bucket: 'Acme_State' } }, /state\.bucket: expected an S3 bucket name/],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, changes, message) => {
    const problems = problemsOf(stringify(environmentDocument(changes as Record<string, any>)));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    for (const problem of problems) expect(problem).toMatch(/^environments\/bad\.yaml:\d+:\d+: /);
  });

  test('GIVEN a YAML syntax error THEN its position is reported', () => {
    expect(problemsOf('project: acme\naccount: [unclosed\n')).toEqual([expect.stringMatching(/^environments\/bad\.yaml:\d+:\d+: YAML: /)]);
  });

  test('GIVEN a duplicate key THEN it is an error, not a silent override', () => {
    expect(problemsOf(`project: acme\nproject: other\n${validText()}`)[0]).toMatch(/^environments\/bad\.yaml:2:1: YAML: Map keys must be unique/);
  });

  test('GIVEN an alias bomb THEN it is refused before expansion', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 0; level < 8; level++) {
      const prev = String.fromCharCode(97 + level);
      const next = String.fromCharCode(98 + level);
      bomb.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    expect(problemsOf(bomb.join('\n'))).toEqual([expect.stringMatching(/^environments\/bad\.yaml:1:1: YAML: Excessive alias count/)]);
  });

  test('GIVEN a document that is a list THEN a mapping is asked for', () => {
    expect(problemsOf('- a\n- b\n')).toEqual(['environments/bad.yaml:1:1: expected a mapping of settings at the top level']);
  });
});

describe('regions and availability zones from the dated catalog', () => {
  const at = (text: string, needle: string) => {
    const lines = text.split('\n');
    const index = lines.findIndex((line) => line.includes(needle));
    return `${index + 1}:${lines[index].indexOf(needle) + 1}`;
  };

  test('GIVEN ap-northeast-1b (closed to new accounts) THEN refused at the zone, listing the zones that exist', () => {
    const text = stringify(environmentDocument({ account: { region: 'ap-northeast-1' }, network: { vpc: { availabilityZones: ['ap-northeast-1a', 'ap-northeast-1b'] } } }));
    expect(problemsOf(text)).toEqual([
      `environments/bad.yaml:${at(text, 'ap-northeast-1b')}: network.vpc.availabilityZones[1]: ap-northeast-1b does not exist; the availability zones of ap-northeast-1 (catalog of 2026-11-30) are ap-northeast-1a, ap-northeast-1c, ap-northeast-1d`,
    ]);
  });

  test('GIVEN a region missing from the catalog WITH account.regionOutsideCatalog THEN accepted, zones only checked to be region plus a letter', () => {
    const changes = { account: { region: 'eu-east-1', regionOutsideCatalog: true }, network: { vpc: { availabilityZones: ['eu-east-1a', 'eu-east-1b'] } } };
    expect(parseEnvironment(stringify(environmentDocument(changes)), 'environments/ok.yaml', 'ok').account.region).toBe('eu-east-1');
    const wrong = stringify(environmentDocument({ ...changes, network: { vpc: { availabilityZones: ['eu-east-1a', 'eu-west-1b'] } } }));
    expect(problemsOf(wrong)).toEqual([`environments/bad.yaml:${at(wrong, 'eu-west-1b')}: network.vpc.availabilityZones[1]: expected an availability zone of eu-east-1, got eu-west-1b`]);
  });

  test('GIVEN a region missing from the catalog WITHOUT the opt-in THEN refused at account.region naming the opt-in', () => {
    const text = stringify(environmentDocument({ account: { region: 'eu-east-1' }, network: { vpc: { availabilityZones: ['eu-east-1a', 'eu-east-1b'] } } }));
    expect(problemsOf(text)).toEqual([
      `environments/bad.yaml:${at(text, 'eu-east-1')}: account.region: expected an AWS region such as eu-west-1, got "eu-east-1", which is not in the region catalog of 2026-11-30; if AWS opened it since, set account.regionOutsideCatalog: true`,
    ]);
  });

  test('GIVEN a /29 subnet THEN refused at the subnet', () => {
    const text = stringify(environmentDocument({ network: { vpc: { subnets: { public: ['10.0.0.0/24', '10.0.1.0/29'], private: ['10.0.16.0/20', '10.0.32.0/20'] } } } }));
    expect(problemsOf(text)).toEqual([`environments/bad.yaml:${at(text, '10.0.1.0/29')}: network.vpc.subnets.public[1]: expected a subnet between /16 and /28 (AWS limits), got 10.0.1.0/29`]);
  });
});
