import { cidrSubnet, formatCidr, mustParseCidr } from './cidr';

export interface SubnetLayout {
  readonly publicCidrs: string[];
  readonly privateCidrs: string[];
}

/**
 * Smallest VPC the derived layout supports: below /20 the public /24-ish
 * slices get too small for load balancers (an ALB needs 8 free addresses per subnet).
 */
export const MAX_DERIVED_VPC_PREFIX = 20;

/**
 * Derives subnet CIDRs from the VPC block: the VPC is cut into the smallest
 * power-of-two number of equal blocks that leaves one spare; each AZ gets one
 * block as its private subnet (pods and tasks take most addresses), and the
 * spare block is cut again into one public subnet per AZ.
 *
 * Example: 10.0.0.0/16 over 3 AZs gives private /18s 10.0.0.0, 10.0.64.0,
 * 10.0.128.0 and public /20s 10.0.192.0, 10.0.208.0, 10.0.224.0.
 */
export function deriveSubnetLayout(vpcCidr: string, zoneCount: number): SubnetLayout {
  const vpc = mustParseCidr(vpcCidr);
  const privateBits = Math.ceil(Math.log2(zoneCount + 1));
  const publicBits = Math.max(1, Math.ceil(Math.log2(zoneCount)));
  const spare = cidrSubnet(vpc, privateBits, 2 ** privateBits - 1);
  const privateCidrs: string[] = [];
  const publicCidrs: string[] = [];
  for (let zone = 0; zone < zoneCount; zone++) {
    privateCidrs.push(formatCidr(cidrSubnet(vpc, privateBits, zone)));
    publicCidrs.push(formatCidr(cidrSubnet(spare, publicBits, zone)));
  }
  return { publicCidrs, privateCidrs };
}
