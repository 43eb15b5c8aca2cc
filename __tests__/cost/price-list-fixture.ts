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
  product('DTH8595YVPFXV226', { ...ireland, usagetype: 'EU-NatGateway-Bytes', operation: 'NatGateway' }, [
    { usd: '0.0480000000', unit: 'GB', description: '$0.048 per GB Data Processed by NAT Gateways' },
  ]),
  product('EQKFCWWHPDRFVY6T', { ...ireland, usagetype: 'EU-RegionalNatGateway-Hours', operation: 'RegionalNatGateway' }, [
    { usd: '0.0480000000', unit: 'Hrs', description: 'Hourly charge for Regional NAT Gateways' },
  ]),
  product('SCVPQWR4PN8NY9DD', { ...ireland, usagetype: 'EU-RegionalNatGateway-Bytes', operation: 'RegionalNatGateway' }, [
    { usd: '0.0480000000', unit: 'GB', description: 'Charge for per GB data processed by NAT Gateways' },
  ]),
  product('9F25CQRR8AA58QZS', { ...ireland, usagetype: 'EU-NatGateway-Prvd-Bytes', operation: 'NatGateway' }, [
    { usd: '0.0000000000', unit: 'GB', description: '$0.00 per GB Data Processed by NAT Gateways with Provisioned Bandwidth' },
  ]),
  product('AVQ7WERG9GYTK6BD', { ...ireland, usagetype: 'EU-NatGateway-Prvd-Gbps', operation: 'NatGateway' }, [
    { usd: '1.1640000000', unit: 'Gbps-hrs', description: '$1.164 per Gbps-hour of NAT Gateways with Provisioned Bandwidth' },
  ]),
];

/** An EC2 instance product (test prices, not AWS's). */
export function instanceProduct(sku: string, instanceType: string, usd: string, extra: Record<string, string> = {}): string {
  return product(
    sku,
    {
      ...ireland,
      instanceType,
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      preInstalledSw: 'NA',
      capacitystatus: 'Used',
      licenseModel: 'No License required',
      usagetype: `EU-BoxUsage:${instanceType}`,
      operation: 'RunInstances',
      ...extra,
    },
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

/**
 * One on-demand product for every price the committed eu-west-1 catalog holds, with the usage types,
 * operations and units the eu-west-1 offers use (test prices, not AWS's), and the decoys next to the
 * new ones: ARM and Spot Fargate rows side by side, S3 Infrequent Access next to Standard, gp2 next to gp3.
 */
export function everyCatalogProduct(instanceTypes: readonly string[]): Record<string, string[]> {
  const row = (service: string, usagetype: string, unit: string, usd: string, extra: Record<string, string> = {}, family = 'test') =>
    product(`${usagetype}-${extra.operation ?? ''}`, { ...ireland, servicecode: service, usagetype, ...extra }, [{ usd, unit, description: `${usagetype} ${unit}` }], family);
  return {
    AmazonEKS: [row('AmazonEKS', 'EU-AmazonEKS-Hours:perCluster', 'Hours', '0.1000000000'), row('AmazonEKS', 'EU-AmazonEKS-Hours:extendedSupport', 'Hours', '0.6000000000')],
    AmazonVPC: [
      row('AmazonVPC', 'EU-PublicIPv4:InUseAddress', 'Hrs', '0.0050000000'),
      row('AmazonVPC', 'EU-PublicIPv4:IdleAddress', 'Hrs', '0.0050000000'),
      row('AmazonVPC', 'EU-VpcEndpoint-Hours', 'Hrs', '0.0110000000'),
      row('AmazonVPC', 'EU-VpcEndpoint-Bytes', 'GB', '0.0100000000'),
    ],
    // Account-wide products (location Any, no region code), as the dashboards' and WAF's rows are published.
    awswaf: [
      product('WAFACL', { servicecode: 'awswaf', usagetype: 'Global-WebACLV2', location: 'Any' }, [{ usd: '5.0000000000', unit: 'WebACL', description: 'web ACL' }], 'Web Application Firewall'),
      product('WAFRULE', { servicecode: 'awswaf', usagetype: 'Global-RuleV2', location: 'Any' }, [{ usd: '1.0000000000', unit: 'Rule', description: 'rule' }], 'Web Application Firewall'),
      product(
        'WAFREQ',
        { servicecode: 'awswaf', usagetype: 'Global-RequestV2-Tier0', location: 'Any' },
        [{ usd: '0.0000006000', unit: 'Requests', description: 'requests' }],
        'Web Application Firewall',
      ),
    ],
    awskms: [row('awskms', 'eu-west-1-KMS-Keys', 'Keys', '1.0000000000')],
    AmazonRoute53: [
      product('ZONE', { servicecode: 'AmazonRoute53', usagetype: 'HostedZone' }, [{ usd: '0.5000000000', unit: 'HostedZone', description: 'zone', beginRange: '0', endRange: '25' }], 'DNS Zone'),
    ],
    AWSSecretsManager: [row('AWSSecretsManager', 'EU-AWSSecretsManager-Secrets', 'Secrets', '0.4000000000')],
    AmazonApiGateway: [row('AmazonApiGateway', 'EU-ApiGatewayRequest', 'Requests', '0.0000035000')],
    AmazonECS: [
      row('AmazonECS', 'EU-Fargate-vCPU-Hours:perCPU', 'hours', '0.0404800000'),
      row('AmazonECS', 'EU-Fargate-GB-Hours', 'hours', '0.0044450000'),
      row('AmazonECS', 'EU-Fargate-ARM-vCPU-Hours:perCPU', 'hours', '0.0323800000'),
      row('AmazonECS', 'EU-Fargate-ARM-GB-Hours', 'hours', '0.0035600000'),
      row('AmazonECS', 'EU-SpotUsage-Fargate-vCPU-Hours:perCPU', 'hours', '0.0122405600'),
      row('AmazonECS', 'EU-SpotUsage-Fargate-GB-Hours', 'hours', '0.0013441000'),
      row('AmazonECS', 'EU-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU', 'hours', '0.0097912400'),
      row('AmazonECS', 'EU-SpotUsage-Fargate-ARM-GB-Hours', 'hours', '0.0010764900'),
    ],
    AmazonEC2: [
      ...NAT_PRODUCTS,
      row('AmazonEC2', 'EU-EBS:VolumeUsage.gp3', 'GB-Mo', '0.0880000000', {}, 'Storage'),
      row('AmazonEC2', 'EU-EBS:VolumeUsage.gp2', 'GB-Mo', '0.1100000000', {}, 'Storage'),
      ...instanceTypes.map((type, i) => instanceProduct(`BOX${i}`, type, '0.1000000000')),
    ],
    AWSELB: [
      row('AWSELB', 'EU-LoadBalancerUsage', 'Hrs', '0.0252000000', { operation: 'LoadBalancing:Application' }),
      row('AWSELB', 'EU-LCUUsage', 'LCU-Hrs', '0.0080000000', { operation: 'LoadBalancing:Application' }),
      row('AWSELB', 'EU-LoadBalancerUsage', 'Hrs', '0.0252000000', { operation: 'LoadBalancing:Network' }),
      row('AWSELB', 'EU-LCUUsage', 'LCU-Hrs', '0.0060000000', { operation: 'LoadBalancing:Network' }),
    ],
    AmazonCloudWatch: [
      row('AmazonCloudWatch', 'EU-DataProcessing-Bytes', 'GB', '0.5700000000'),
      row('AmazonCloudWatch', 'EU-TimedStorage-ByteHrs', 'GB-Mo', '0.0300000000'),
      row('AmazonCloudWatch', 'EU-CW:AlarmMonitorUsage', 'Alarms', '0.1000000000'),
      row('AmazonCloudWatch', 'EU-CW:HighResAlarmMonitorUsage', 'Alarms', '0.3000000000'),
      row('AmazonCloudWatch', 'EU-CW:MetricMonitorUsage', 'Metrics', '0.3000000000'),
      product(
        'DASHBOARD',
        { servicecode: 'AmazonCloudWatch', usagetype: 'DashboardsUsageHour-Basic', location: 'Any' },
        [{ usd: '3.0000000000', unit: 'Dashboards', description: 'dashboard' }],
        'Dashboard',
      ),
      product(
        'DASHBOARDBIG',
        { servicecode: 'AmazonCloudWatch', usagetype: 'DashboardsUsageHour', location: 'Any' },
        [{ usd: '3.0000000000', unit: 'Dashboards', description: 'dashboard over 50 metrics' }],
        'Dashboard',
      ),
    ],
    AmazonS3: [row('AmazonS3', 'EU-TimedStorage-ByteHrs', 'GB-Mo', '0.0230000000'), row('AmazonS3', 'EU-TimedStorage-SIA-ByteHrs', 'GB-Mo', '0.0125000000')],
    AmazonECR: [row('AmazonECR', 'EU-TimedStorage-ByteHrs', 'GB-Mo', '0.1000000000')],
    AWSDataTransfer: [
      product(
        'DTO',
        { servicecode: 'AWSDataTransfer', usagetype: 'EU-DataTransfer-Out-Bytes', fromRegionCode: 'eu-west-1', transferType: 'AWS Outbound' },
        [{ usd: '0.0900000000', unit: 'GB', description: 'out' }],
        'Data Transfer',
      ),
    ],
  };
}

/** A Spot Instance Advisor feed in AWS's shape (`spot_advisor` → region → OS → type → `s` savings %, `r` interruption bucket); test savings. */
export function spotAdvisorFeed(savings: Readonly<Record<string, number>>): object {
  return {
    global_rate: '<10%',
    ranges: [{ index: 0, label: '<5%', dots: 0, max: 5 }],
    instance_types: {},
    spot_advisor: {
      'eu-west-1': { Linux: Object.fromEntries(Object.entries(savings).map(([type, s]) => [type, { s, r: 0 }])), Windows: {} },
      'us-east-1': { Linux: { 'm6i.large': { s: 10, r: 0 } } },
    },
  };
}
