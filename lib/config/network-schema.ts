import { z } from 'zod';
import { ipv4Cidr, logRetentionDays } from './primitives';
import { NAT_GATEWAY_MODES } from '../network/vpc-network';

const availabilityZone = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, {
  error: 'expected an availability zone name such as eu-west-1a',
});

const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'expected a subnet id such as subnet-0abc12345def67890' });

/** A VPC the stack creates. */
const managedVpc = z.strictObject({
  cidr: ipv4Cidr,
  availabilityZones: z.array(availabilityZone).min(2, { error: 'expected at least 2 availability zones' }),
  /** @default per-az: one NAT gateway per AZ, so losing an AZ does not cut the others off */
  natGateways: z.enum(NAT_GATEWAY_MODES).default('per-az'),
  /** @default - derived from `cidr`, see lib/network/subnet-layout.ts */
  subnets: z
    .strictObject({
      public: z.array(ipv4Cidr),
      private: z.array(ipv4Cidr),
    })
    .optional(),
  flowLogs: z
    .strictObject({
      /** @default 30 */
      retentionDays: logRetentionDays.default(30),
      /** @default ALL */
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
    })
    .prefault({}),
});

/** A VPC created elsewhere, given by id: nothing is looked up, so plans stay offline. */
const existingVpc = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'expected a VPC id such as vpc-0abc12345def67890' }),
  /** Needed for security-group rules that admit the VPC range. */
  cidr: ipv4Cidr,
  availabilityZones: z.array(availabilityZone).min(2, { error: 'expected at least 2 availability zones' }),
  publicSubnetIds: z.array(subnetId),
  privateSubnetIds: z.array(subnetId),
});

export const networkSchema = z.strictObject({
  vpc: managedVpc.optional(),
  existingVpc: existingVpc.optional(),
});

export type NetworkConfig = z.output<typeof networkSchema>;
