import { TerraformJson } from '../helpers/terraform-json';
import { configProblems } from '../helpers/config-problems';
import { testEnvironment } from '../helpers/environment-fixture';
import { ecsEnvironment, ecsServices, platformOf } from './ecs-fixture';

/** `services.<name>.networkEgress`: extra egress rules of the tasks' security group (databases, caches), least privilege. */

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
const worker = { image: IMAGE, ingress: 'none' };
const DB_GROUP = 'sg-0123456789abcdef0';
const withEgress = (networkEgress: Record<string, any>) => ({ services: { worker: { ...worker, networkEgress } } });

describe('networkEgress of a service', () => {
  describe('GIVEN a database group, a prefix list with a port range and a UDP CIDR on the web service', () => {
    const networkEgress = {
      database: { securityGroupId: DB_GROUP, port: 5432 },
      cache: { prefixListId: 'pl-6ca54005', fromPort: 6379, toPort: 6380 },
      syslog: { cidr: '10.20.0.0/24', port: 514, protocol: 'udp' },
    };
    const tf = platformOf(ecsEnvironment({ services: { ...ecsServices(), web: { ...ecsServices().web, networkEgress } } }));
    const tasksGroup = tf.resource('aws_security_group', 'ecs/service-web/security-group');
    const egressOf = (service: string) =>
      tf
        .resources('aws_vpc_security_group_egress_rule')
        .filter((r) => r.values.security_group_id === TerraformJson.ref(tf.resource('aws_security_group', `ecs/service-${service}/security-group`), 'id'));

    test('THEN each entry is one egress rule of the tasks group, addressed by its name, to exactly its destination and ports', () => {
      const rule = (name: string) => tf.resource('aws_vpc_security_group_egress_rule', `ecs/service-web/network-egress-${name}`).values;
      expect(rule('database')).toMatchObject({ security_group_id: TerraformJson.ref(tasksGroup, 'id'), referenced_security_group_id: DB_GROUP, ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
      expect(rule('cache')).toMatchObject({ prefix_list_id: 'pl-6ca54005', ip_protocol: 'tcp', from_port: 6379, to_port: 6380 });
      expect(rule('syslog')).toMatchObject({ cidr_ipv4: '10.20.0.0/24', ip_protocol: 'udp', from_port: 514, to_port: 514 });
      for (const name of ['database', 'cache', 'syslog']) {
        const destinations = ['referenced_security_group_id', 'prefix_list_id', 'cidr_ipv4', 'cidr_ipv6'].filter((key) => rule(name)[key] !== undefined);
        expect(destinations).toHaveLength(1);
        expect(rule(name).description).toBe(`networkEgress ${name} of web`);
      }
    });

    test('THEN HTTPS stays the only rule to the internet, and services without networkEgress keep only it', () => {
      expect(
        egressOf('web')
          .map((r) => r.path)
          .sort(),
      ).toEqual(['ecs/service-web/egress-https', 'ecs/service-web/network-egress-cache', 'ecs/service-web/network-egress-database', 'ecs/service-web/network-egress-syslog']);
      expect(
        egressOf('web')
          .filter((r) => r.values.cidr_ipv4 === '0.0.0.0/0')
          .map((r) => [r.values.from_port, r.values.to_port]),
      ).toEqual([[443, 443]]);
      expect(egressOf('api').map((r) => r.path)).toEqual(['ecs/service-api/egress-https']);
    });

    test('THEN reordering the entries changes no rule', () => {
      const reordered = Object.fromEntries(Object.entries(networkEgress).reverse());
      const other = platformOf(ecsEnvironment({ services: { ...ecsServices(), web: { ...ecsServices().web, networkEgress: reordered } } }));
      const rules = (stack: TerraformJson) => Object.fromEntries(stack.resources('aws_vpc_security_group_egress_rule').map((r) => [r.path, r.values]));
      expect(rules(other)).toEqual(rules(tf));
    });
  });

  test('GIVEN no networkEgress THEN it defaults to none', () => {
    expect(testEnvironment({ services: { worker } }).services.worker.networkEgress).toEqual({});
  });

  test.each([
    [
      'a malformed group id',
      { db: { securityGroupId: 'sg-12345', port: 5432 } },
      /services\.worker\.networkEgress\.db\.securityGroupId: expected a sg- id of 8 or 17 hex digits, such as sg-0123456789abcdef0/,
    ],
    ['a group id with capitals', { db: { securityGroupId: 'sg-0123456789ABCDEF0', port: 5432 } }, /services\.worker\.networkEgress\.db\.securityGroupId: expected a sg- id of 8 or 17 hex digits/],
    ['a malformed prefix list id', { db: { prefixListId: 'pl-xyz', port: 5432 } }, /services\.worker\.networkEgress\.db\.prefixListId: expected a pl- id of 8 or 17 hex digits/],
    ['an invalid CIDR', { db: { cidr: '10.0.0.300/24', port: 5432 } }, /services\.worker\.networkEgress\.db\.cidr: "10\.0\.0\.300\/24" has an octet above 255/],
    ['a CIDR with host bits', { db: { cidr: '10.0.0.5/24', port: 5432 } }, /services\.worker\.networkEgress\.db\.cidr: "10\.0\.0\.5\/24" has host bits set; the network address is 10\.0\.0\.0\/24/],
    [
      'the whole internet',
      { db: { cidr: '0.0.0.0/0', port: 5432 } },
      /services\.worker\.networkEgress\.db\.cidr: expected a CIDR of \/8 or narrower \(least privilege; HTTPS to anywhere is already allowed\), got 0\.0\.0\.0\/0/,
    ],
    ['half the internet', { db: { cidr: '0.0.0.0/1', port: 443 } }, /services\.worker\.networkEgress\.db\.cidr: expected a CIDR of \/8 or narrower/],
    ['an IPv6 CIDR', { db: { cidr: '::/0', port: 5432 } }, /services\.worker\.networkEgress\.db\.cidr: expected an IPv4 CIDR block like 10\.0\.0\.0\/16/],
    ['port 0', { db: { securityGroupId: DB_GROUP, port: 0 } }, /services\.worker\.networkEgress\.db\.port: expected a port of at least 1/],
    ['a port above 65535', { db: { securityGroupId: DB_GROUP, port: 70000 } }, /services\.worker\.networkEgress\.db\.port: expected a port of at most 65535/],
    [
      'a range ending before it starts',
      { db: { securityGroupId: DB_GROUP, fromPort: 6380, toPort: 6379 } },
      /services\.worker\.networkEgress\.db\.toPort: expected at least fromPort \(6380\), got 6379/,
    ],
    [
      'a port and a range',
      { db: { securityGroupId: DB_GROUP, port: 5432, fromPort: 1, toPort: 2 } },
      /services\.worker\.networkEgress\.db\.port: expected either port or fromPort and toPort, got both/,
    ],
    ['half a range', { db: { securityGroupId: DB_GROUP, fromPort: 5432 } }, /services\.worker\.networkEgress\.db: expected port, or fromPort and toPort/],
    ['no destination', { db: { port: 5432 } }, /services\.worker\.networkEgress\.db: expected exactly one destination of securityGroupId, prefixListId, cidr, got none/],
    [
      'two destinations',
      { db: { securityGroupId: DB_GROUP, cidr: '10.0.0.0/16', port: 5432 } },
      /services\.worker\.networkEgress\.db: expected exactly one destination of securityGroupId, prefixListId, cidr, got securityGroupId and cidr/,
    ],
    ['ICMP', { db: { securityGroupId: DB_GROUP, port: 5432, protocol: 'icmp' } }, /services\.worker\.networkEgress\.db\.protocol: expected tcp or udp/],
    [
      'a misspelt key',
      { db: { securityGroupID: DB_GROUP, port: 5432 } },
      /services\.worker\.networkEgress\.db\.securityGroupID: unknown key "securityGroupID"; expected one of: securityGroupId, prefixListId, cidr, port, fromPort, toPort, protocol/,
    ],
    [
      'an entry name with capitals',
      { Database: { securityGroupId: DB_GROUP, port: 5432 } },
      /services\.worker\.networkEgress\.Database: expected a lowercase name of 2-32 letters, digits and hyphens, starting with a letter, got Database/,
    ],
    [
      'two entries allowing the same',
      { db: { securityGroupId: DB_GROUP, port: 5432 }, postgres: { securityGroupId: DB_GROUP, fromPort: 5432, toPort: 5432 } },
      /services\.worker\.networkEgress\.postgres: allows the same destination, protocol and ports as db; keep one/,
    ],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, networkEgress, message) => {
    const problems = configProblems(withEgress(networkEgress));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    for (const problem of problems) expect(problem).toMatch(/^environments\/bad\.yaml:\d+:\d+: /);
  });
});
