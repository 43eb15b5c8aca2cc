import { cidrContains, cidrSubnet, cidrsOverlap, formatCidr, mustParseCidr, parseCidr } from '../../lib/network/cidr';
import { deriveSubnetLayout } from '../../lib/network/subnet-layout';

describe('cidr', () => {
  test('cidrSubnet matches Terraform cidrsubnet()', () => {
    expect(formatCidr(cidrSubnet(mustParseCidr('10.0.0.0/16'), 4, 15))).toBe('10.0.240.0/20');
    expect(formatCidr(cidrSubnet(mustParseCidr('172.16.0.0/12'), 8, 1))).toBe('172.16.16.0/20');
  });

  test('containment and overlap', () => {
    expect(cidrContains(mustParseCidr('10.0.0.0/16'), mustParseCidr('10.0.3.0/24'))).toBe(true);
    expect(cidrContains(mustParseCidr('10.0.3.0/24'), mustParseCidr('10.0.0.0/16'))).toBe(false);
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/20'), mustParseCidr('10.0.15.0/24'))).toBe(true);
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/20'), mustParseCidr('10.0.16.0/24'))).toBe(false);
  });

  test.each([
    ['10.0.0/16', /expected an IPv4 CIDR block/],
    ['10.0.0.0/33', /prefix length above 32/],
    ['256.0.0.0/8', /octet above 255/],
    ['10.0.0.5/24', /host bits set; the network address is 10\.0\.0\.0\/24/],
  ])('parseCidr rejects %s', (text, message) => {
    expect(parseCidr(text)).toMatch(message);
  });
});

describe('deriveSubnetLayout', () => {
  test('GIVEN a /16 over 3 AZs THEN private /18s and public /20s from the spare quarter', () => {
    expect(deriveSubnetLayout('10.0.0.0/16', 3)).toEqual({
      privateCidrs: ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18'],
      publicCidrs: ['10.0.192.0/20', '10.0.208.0/20', '10.0.224.0/20'],
    });
  });

  test.each([2, 3, 4, 6])('GIVEN %i AZs THEN no two subnets overlap and all are inside the VPC', (zones) => {
    const layout = deriveSubnetLayout('10.8.0.0/16', zones);
    const all = [...layout.privateCidrs, ...layout.publicCidrs].map(mustParseCidr);
    expect(all).toHaveLength(zones * 2);
    all.forEach((a, i) => {
      expect(cidrContains(mustParseCidr('10.8.0.0/16'), a)).toBe(true);
      all.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false));
    });
  });
});
