/**
 * `aws pricing get-products` responses in the documented shape (PriceList:
 * one JSON string per product, aws_v1). The NAT gateway products are the real
 * eu-west-1 rows of the AmazonEC2 offer 20260925174521 (SKUs, usage types,
 * descriptions and prices as published); the others are shaped the same way.
 */
export interface Dimension {
  readonly usd: string;
  readonly unit: string;
  readonly description: string;
  readonly beginRange?: string;
  readonly endRange?: string;
}

export function product(sku: string, attributes: Record<string, string>, dimensions: readonly Dimension[], productFamily = 'NAT Gateway'): string {
  const term = `${sku}.JRTCKXETXF`;
  return JSON.stringify({
    product: { productFamily, attributes: { servicecode: attributes.servicecode ?? 'AmazonEC2', locationType: 'AWS Region', ...attributes }, sku },
    serviceCode: attributes.servicecode ?? 'AmazonEC2',
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: Object.fromEntries(
            dimensions.map((d, i) => [
              `${term}.${i === 0 ? '6YS6EN2CT7' : `PGHJ3S3EYE${i}`}`,
              { unit: d.unit, endRange: d.endRange ?? 'Inf', description: d.description, appliesTo: [], rateCode: `${term}.6YS6EN2CT7`, beginRange: d.beginRange ?? '0', pricePerUnit: { USD: d.usd } },
            ]),
          ),
          sku,
          effectiveDate: '2026-09-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20260925174521',
    publicationDate: '2026-09-25T17:45:21Z',
  });
}

const ireland = { location: 'EU (Ireland)', regionCode: 'eu-west-1' };

/** The six NAT Gateway products of the eu-west-1 AmazonEC2 offer, with the regional and provisioned-bandwidth decoys. */
export const NAT_PRODUCTS: readonly string[] = [
  product('KFNSSCHWD43WZK2R', { ...ireland, usagetype: 'EU-NatGateway-Hours', operation: 'NatGateway' }, [{ usd: '0.0480000000', unit: 'Hrs', description: '$0.048 per NAT Gateway Hour' }]),
  product('DTH8595YVPFXV226', { ...ireland, usagetype: 'EU-NatGateway-Bytes', operation: 'NatGateway' }, [{ usd: '0.0480000000', unit: 'GB', description: '$0.048 per GB Data Processed by NAT Gateways' }]),
  product('EQKFCWWHPDRFVY6T', { ...ireland, usagetype: 'EU-RegionalNatGateway-Hours', operation: 'RegionalNatGateway' }, [{ usd: '0.0480000000', unit: 'Hrs', description: 'Hourly charge for Regional NAT Gateways' }]),
  product('SCVPQWR4PN8NY9DD', { ...ireland, usagetype: 'EU-RegionalNatGateway-Bytes', operation: 'RegionalNatGateway' }, [{ usd: '0.0480000000', unit: 'GB', description: 'Charge for per GB data processed by NAT Gateways' }]),
  product('9F25CQRR8AA58QZS', { ...ireland, usagetype: 'EU-NatGateway-Prvd-Bytes', operation: 'NatGateway' }, [{ usd: '0.0000000000', unit: 'GB', description: '$0.00 per GB Data Processed by NAT Gateways with Provisioned Bandwidth' }]),
  product('AVQ7WERG9GYTK6BD', { ...ireland, usagetype: 'EU-NatGateway-Prvd-Gbps', operation: 'NatGateway' }, [{ usd: '1.1640000000', unit: 'Gbps-hrs', description: '$1.164 per Gbps-hour of NAT Gateways with Provisioned Bandwidth' }]),
];

/** An EC2 instance product (test prices, not AWS's). */
export function instanceProduct(sku: string, instanceType: string, usd: string, extra: Record<string, string> = {}): string {
  return product(
    sku,
    { ...ireland, instanceType, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required', usagetype: `EU-BoxUsage:${instanceType}`, operation: 'RunInstances', ...extra },
    [{ usd, unit: 'Hrs', description: `$${Number(usd)} per On Demand Linux ${instanceType} Instance Hour` }],
    'Compute Instance',
  );
}

/** Load balancer products: the on-demand rows and the Outposts, reserved and Trust Store decoys (test prices). */
export function elbProducts(hourUsd: readonly string[]): string[] {
  const elb = (sku: string, usagetype: string, operation: string, usd: string, unit: string) =>
    product(sku, { ...ireland, servicecode: 'AWSELB', usagetype, operation }, [{ usd, unit, description: `${usagetype} ${operation}` }], 'Load Balancer-Application');
  return [
    ...hourUsd.map((usd, i) => elb(`ALBHOUR${i}`, 'EU-LoadBalancerUsage', 'LoadBalancing:Application', usd, 'Hrs')),
    elb('ALBLCU', 'EU-LCUUsage', 'LoadBalancing:Application', '0.0080000000', 'LCU-Hrs'),
    elb('ALBOUTPOSTS', 'EU-Outposts-LCUUsage', 'LoadBalancing:Application', '0.0000000000', 'LCU-Hrs'),
    elb('ALBRESERVED', 'EU-ReservedLCUUsage', 'LoadBalancing:Application', '0.0070000000', 'ReservedLCU-Hr'),
    elb('ALBTS', 'EU-TS-LoadBalancerUsage', 'LoadBalancing:Application', '0.0050000000', 'Hrs'),
    elb('NLBHOUR', 'EU-LoadBalancerUsage', 'LoadBalancing:Network', '0.0200000000', 'Hrs'),
  ];
}
