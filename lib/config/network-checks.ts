import { z } from 'zod';
import type { NetworkConfig } from './network-schema';
import { cidrContains, cidrsOverlap, mustParseCidr, parseCidr } from '../network/cidr';
import { MAX_DERIVED_VPC_PREFIX } from '../network/subnet-layout';
import { AVAILABILITY_ZONE_CATALOG_DATE, AVAILABILITY_ZONES, isCataloguedRegion } from './aws-facts';

type Ctx = z.RefinementCtx;

/** Cross-field rules of the network section, reported at the offending key. */
export function checkNetwork(network: NetworkConfig, account: { readonly region: string; readonly regionOutsideCatalog: boolean }, ctx: Ctx): void {
  const region = account.region;
  const catalogued = isCataloguedRegion(region);
  if (!catalogued && !account.regionOutsideCatalog) {
    ctx.addIssue({
      code: 'custom',
      path: ['account', 'region'],
      message: `expected an AWS region such as eu-west-1, got "${region}", which is not in the region catalog of ${AVAILABILITY_ZONE_CATALOG_DATE}; if AWS opened it since, set account.regionOutsideCatalog: true`,
    });
  } else if (catalogued && account.regionOutsideCatalog) {
    ctx.addIssue({
      code: 'custom',
      path: ['account', 'regionOutsideCatalog'],
      message: `${region} is in the region catalog of ${AVAILABILITY_ZONE_CATALOG_DATE}; remove account.regionOutsideCatalog so its availability zones are checked`,
    });
  }
  if (!network.vpc === !network.existingVpc) {
    ctx.addIssue({
      code: 'custom',
      path: ['network'],
      message: 'expected exactly one of network.vpc (create a VPC) or network.existingVpc (use one by id)',
    });
    return;
  }
  const zones = network.vpc?.availabilityZones ?? network.existingVpc!.availabilityZones;
  const zonesPath = network.vpc ? ['network', 'vpc', 'availabilityZones'] : ['network', 'existingVpc', 'availabilityZones'];
  zones.forEach((zone, index) => {
    if (!zone.startsWith(region) || zone.length !== region.length + 1) {
      ctx.addIssue({ code: 'custom', path: [...zonesPath, index], message: `expected an availability zone of ${region}, got ${zone}` });
    } else if (catalogued && !AVAILABILITY_ZONES[region].includes(zone.slice(-1))) {
      const known = [...AVAILABILITY_ZONES[region]].map((letter) => `${region}${letter}`).join(', ');
      ctx.addIssue({ code: 'custom', path: [...zonesPath, index], message: `${zone} does not exist; the availability zones of ${region} (catalog of ${AVAILABILITY_ZONE_CATALOG_DATE}) are ${known}` });
    }
  });
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (seen.has(zone)) ctx.addIssue({ code: 'custom', path: [...zonesPath, index], message: `availability zone ${zone} is listed twice` });
    seen.add(zone);
  });

  if (network.existingVpc) {
    for (const kind of ['publicSubnetIds', 'privateSubnetIds'] as const) {
      const count = network.existingVpc[kind].length;
      if (count !== zones.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['network', 'existingVpc', kind],
          message: `expected one subnet per availability zone (${zones.length}), got ${count}`,
        });
      }
    }
    return;
  }

  const vpc = network.vpc!;
  const vpcBlock = parseCidr(vpc.cidr);
  if (typeof vpcBlock === 'string') return; // already reported by the field schema
  if (vpcBlock.prefixLength < 16 || vpcBlock.prefixLength > 28) {
    ctx.addIssue({ code: 'custom', path: ['network', 'vpc', 'cidr'], message: `expected a VPC prefix between /16 and /28 (AWS limits), got /${vpcBlock.prefixLength}` });
    return;
  }
  if (!vpc.subnets) {
    if (vpcBlock.prefixLength > MAX_DERIVED_VPC_PREFIX) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'vpc', 'cidr'],
        message: `expected a /${MAX_DERIVED_VPC_PREFIX} or larger VPC to derive subnets from, got /${vpcBlock.prefixLength}; list network.vpc.subnets instead`,
      });
    }
    return;
  }
  const placed: { path: (string | number)[]; cidr: string }[] = [];
  for (const kind of ['public', 'private'] as const) {
    const cidrs = vpc.subnets[kind];
    if (cidrs.length !== zones.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'vpc', 'subnets', kind],
        message: `expected one ${kind} subnet per availability zone (${zones.length}), got ${cidrs.length}`,
      });
    }
    cidrs.forEach((cidr, index) => {
      const path = ['network', 'vpc', 'subnets', kind, index];
      const block = parseCidr(cidr);
      if (typeof block === 'string') return;
      if (block.prefixLength < 16 || block.prefixLength > 28) {
        ctx.addIssue({ code: 'custom', path, message: `expected a subnet between /16 and /28 (AWS limits), got ${cidr}` });
        return;
      }
      if (!cidrContains(vpcBlock, block)) {
        ctx.addIssue({ code: 'custom', path, message: `expected a subnet inside the VPC block ${vpc.cidr}, got ${cidr}` });
        return;
      }
      const clash = placed.find((other) => cidrsOverlap(mustParseCidr(other.cidr), block));
      if (clash) {
        ctx.addIssue({ code: 'custom', path, message: `subnet ${cidr} overlaps ${clash.cidr} (${clash.path.join('.')})` });
      }
      placed.push({ path, cidr });
    });
  }
}
