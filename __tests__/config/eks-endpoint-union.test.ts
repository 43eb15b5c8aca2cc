import { parseEnvironment } from '../../lib/config/loader';
import { unionSize } from '../../lib/config/eks-checks';
import { mustParseCidr } from '../../lib/network/cidr';
import { VALID_ENVIRONMENT } from './hostile-inputs';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

function load(cidrs: string[]): string[] {
  const text = VALID_ENVIRONMENT.replace('  version: "1.35"\n', `  version: "1.35"\n  endpoint:\n    publicAccess: true\n    publicAccessCidrs: [${cidrs.join(', ')}]\n`);
  try {
    parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message.split('\n');
  }
}

// The endpoint lines sit right under `version` (line 15 of VALID_ENVIRONMENT): publicAccessCidrs' list starts on line 18, col 24.
describe('EKS public endpoint: the union of the CIDR list', () => {
  test('GIVEN 0.0.0.0/1 and 128.0.0.0/1 THEN refused at the list as the whole internet', () => {
    expect(load(['0.0.0.0/1', '128.0.0.0/1'])).toEqual([
      'environments/bad.yaml:18:24: eks.endpoint.publicAccessCidrs: together these blocks open the Kubernetes API to 4294967296 addresses (100% of IPv4), more than a /8; list the networks that need it',
    ]);
  });

  test('GIVEN two /8 blocks THEN refused; one /8 and overlapping smaller blocks THEN accepted', () => {
    expect(load(['10.0.0.0/8', '11.0.0.0/8'])[0]).toMatch(
      /^environments\/bad\.yaml:18:24: eks\.endpoint\.publicAccessCidrs: together these blocks open the Kubernetes API to 33554432 addresses \(0\.78% of IPv4\)/,
    );
    expect(load(['203.0.0.0/8', '203.0.113.0/24', '203.1.0.0/16'])).toEqual([]);
  });

  test('GIVEN overlapping blocks THEN they are counted once', () => {
    expect(unionSize(['10.0.0.0/8', '10.1.0.0/16', '10.0.0.0/9'].map(mustParseCidr))).toBe(2 ** 24);
    expect(unionSize(['10.0.0.0/24', '10.0.1.0/24'].map(mustParseCidr))).toBe(512);
  });
});
