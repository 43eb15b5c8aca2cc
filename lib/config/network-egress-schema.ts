import { z } from 'zod';
import type { NetworkEgressRule } from '../ecs/task-security-group';
import { parseCidr } from '../network/cidr';
import { ipv4Cidr, resourceKey } from './primitives';

/**
 * `services.<name>.networkEgress`: connections the tasks may open besides
 * HTTPS (a database, a cache, a directory), by a stable name. Each entry is
 * one `aws_vpc_security_group_egress_rule` on the tasks' security group, to
 * exactly one destination on one port or range. Not to be confused with
 * `egress`: the AWS endpoints Envoy signs requests for.
 */

/** Widest CIDR an entry may name: 10.0.0.0/8 is the widest private range; the internet is reached only by the HTTPS rule. */
export const NETWORK_EGRESS_MAX_PREFIX = 8;

const port = z
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole port number' })
  .min(1, { error: 'expected a port of at least 1' })
  .max(65535, { error: 'expected a port of at most 65535' });

/** EC2 resource ids: the prefix, then 8 (older) or 17 hex digits. */
const ec2Id = (prefix: string, example: string) =>
  z.string().regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), { error: `expected a ${prefix}- id of 8 or 17 hex digits, such as ${example}` });

const cidr = ipv4Cidr.superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed !== 'string' && parsed.prefixLength < NETWORK_EGRESS_MAX_PREFIX) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a CIDR of /${NETWORK_EGRESS_MAX_PREFIX} or narrower (least privilege; HTTPS to anywhere is already allowed), got ${value}`,
    });
  }
});

const DESTINATION_KEYS = ['securityGroupId', 'prefixListId', 'cidr'] as const;

const networkEgressEntry = z
  .strictObject({
    /** Security group of the destination (in this VPC or a peered one). */
    securityGroupId: ec2Id('sg', 'sg-0123456789abcdef0').optional(),
    /** Managed prefix list of the destinations. */
    prefixListId: ec2Id('pl', 'pl-0123456789abcdef0').optional(),
    /** IPv4 CIDR of the destinations, /8 or narrower. */
    cidr: cidr.optional(),
    /** One port; or `fromPort` and `toPort` for a range. */
    port: port.optional(),
    fromPort: port.optional(),
    toPort: port.optional(),
    /** @default tcp */
    protocol: z.enum(['tcp', 'udp'], { error: 'expected tcp or udp' }).default('tcp'),
  })
  .superRefine((entry, ctx) => {
    const destinations = DESTINATION_KEYS.filter((key) => entry[key] !== undefined);
    if (destinations.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one destination of ${DESTINATION_KEYS.join(', ')}, got ${destinations.length === 0 ? 'none' : destinations.join(' and ')}`,
      });
    }
    const range = entry.fromPort !== undefined || entry.toPort !== undefined;
    if (entry.port !== undefined && range) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'expected either port or fromPort and toPort, got both' });
    } else if (entry.port === undefined && (entry.fromPort === undefined || entry.toPort === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'expected port, or fromPort and toPort' });
    } else if (range && entry.fromPort! > entry.toPort!) {
      ctx.addIssue({ code: 'custom', path: ['toPort'], message: `expected at least fromPort (${entry.fromPort}), got ${entry.toPort}` });
    }
  })
  .transform((entry): NetworkEgressRule => ({
    destination:
      entry.securityGroupId !== undefined
        ? { kind: 'security-group', securityGroupId: entry.securityGroupId }
        : entry.prefixListId !== undefined
          ? { kind: 'prefix-list', prefixListId: entry.prefixListId }
          : { kind: 'cidr', cidrIpv4: entry.cidr! },
    protocol: entry.protocol,
    fromPort: entry.port ?? entry.fromPort!,
    toPort: entry.port ?? entry.toPort!,
  }));

/**
 * Connections a service's tasks may open besides HTTPS, by a stable name (the
 * name is part of the rule's Terraform address). The name's format is checked
 * in checkNetworkEgress: zod reports a bad record key only as "Invalid key in record".
 */
export const networkEgressSchema = z.record(z.string(), networkEgressEntry).default({});

/**
 * Entry names, and two entries of one service allowing the same thing: EC2
 * refuses the second rule at apply (InvalidPermission.Duplicate), after a green plan.
 */
export function checkNetworkEgress(service: string, rules: Readonly<Record<string, NetworkEgressRule>>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const [name, rule] of Object.entries(rules)) {
    const path = ['services', service, 'networkEgress', name];
    const badName = resourceKey.safeParse(name).error?.issues[0];
    if (badName) ctx.addIssue({ code: 'custom', path, message: `${badName.message}, got ${name}` });
    const key = JSON.stringify([rule.destination, rule.protocol, rule.fromPort, rule.toPort]);
    const other = seen.get(key);
    if (other) ctx.addIssue({ code: 'custom', path, message: `allows the same destination, protocol and ports as ${other}; keep one` });
    else seen.set(key, name);
  }
}
