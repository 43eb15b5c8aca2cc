/**
 * Where each catalog price lives in the AWS Price List API (`aws pricing
 * get-products`), for `npm run cost:refresh` (docs/cost.md, "Refreshing it").
 *
 * A query names the service, the server-side TERM_MATCH filters and the
 * product it wants by usage type (without the region's prefix, e.g.
 * `NatGateway-Hours` for `EU-NatGateway-Hours`) and operation. The refresh
 * keeps only products whose usage type is exactly that, with the region's
 * prefix or none: `EU-RegionalNatGateway-Hours`, `EU-Outposts-LCUUsage` or
 * `EU-ReservedLCUUsage` are different products with the same unit (the
 * decoys a substring match would take).
 */
export interface PriceQuery {
  readonly serviceCode: string;
  /** TERM_MATCH filters besides the region's. */
  readonly filters?: Readonly<Record<string, string>>;
  /** The attribute holding the region: `regionCode` for most services, `fromRegionCode` for transfer; none for a global service. */
  readonly regionField?: 'regionCode' | 'fromRegionCode' | 'none';
  readonly usageType: string;
  readonly operation?: string;
  /**
   * The Price List unit of the price, as the API spells it in `priceDimensions[].unit` (`Hrs`, `GB`, `GB-Mo`,
   * `LCU-Hrs`, `Requests`, …): the catalog unit is this unit (times `perUnit`), so a product priced in another unit
   * (per Gbps-hour instead of per hour, per GB-month instead of per GB) is refused, never taken. Several spellings
   * where offers spell the same unit differently (`Hrs`, `Hours`, `hours`).
   */
  readonly unit: readonly string[];
  /** The catalog unit is this many Price List units (a million requests). @default 1 */
  readonly perUnit?: number;
  /** What the catalog price does not cover, kept in its note. */
  readonly caveat?: string;
}

/** The usage-type prefixes of a region in the Price List (`EU-NatGateway-Hours`); us-east-1 also has none. */
export const USAGE_TYPE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['', 'USE1'],
  'us-east-2': ['USE2'],
  'us-west-1': ['USW1'],
  'us-west-2': ['USW2'],
  'eu-west-1': ['EU'],
  'eu-west-2': ['EUW2'],
  'eu-west-3': ['EUW3'],
  'eu-central-1': ['EUC1'],
  'eu-north-1': ['EUN1'],
};

/** Hour units: EC2, ELB and NAT gateway offers spell it `Hrs`; the ECS (Fargate) and EKS offers `hours` / `Hours`. */
const HOURS = ['Hrs', 'Hours', 'hours'] as const;
const elb = (operation: string, usageType: string, unit: readonly string[]): PriceQuery => ({ serviceCode: 'AWSELB', usageType, operation, unit });

/** The query of each key of `prices` (a test fails when a catalog key has none: a new priced type adds its query here). */
export const PRICE_QUERIES: Readonly<Record<string, PriceQuery>> = {
  'eks.clusterHour': { serviceCode: 'AmazonEKS', usageType: 'AmazonEKS-Hours:perCluster', unit: HOURS },
  'eks.extendedClusterHour': { serviceCode: 'AmazonEKS', usageType: 'AmazonEKS-Hours:extendedSupport', unit: HOURS, caveat: 'a version past its end of standard support' },
  'ipv4.hour': { serviceCode: 'AmazonVPC', usageType: 'PublicIPv4:InUseAddress', unit: ['Hrs'] },
  'kms.keyMonth': { serviceCode: 'awskms', usageType: 'KMS-Keys', unit: ['Keys'], caveat: 'each customer managed key; requests beyond the free tier are not estimated' },
  'route53.zoneMonth': {
    serviceCode: 'AmazonRoute53',
    regionField: 'none',
    usageType: 'HostedZone',
    unit: ['HostedZone'],
    caveat: 'first 25 zones of the account (global service); queries are not estimated',
  },
  'secretsmanager.secretMonth': { serviceCode: 'AWSSecretsManager', usageType: 'AWSSecretsManager-Secrets', unit: ['Secrets'], caveat: 'API calls are not estimated' },
  'apigw.restMillionRequests': { serviceCode: 'AmazonApiGateway', usageType: 'ApiGatewayRequest', unit: ['Requests'], perUnit: 1_000_000, caveat: 'first request tier' },
  'fargate.x86.vcpuHour': { serviceCode: 'AmazonECS', usageType: 'Fargate-vCPU-Hours:perCPU', unit: HOURS },
  'fargate.x86.gbHour': { serviceCode: 'AmazonECS', usageType: 'Fargate-GB-Hours', unit: HOURS },
  'fargate.arm64.vcpuHour': { serviceCode: 'AmazonECS', usageType: 'Fargate-ARM-vCPU-Hours:perCPU', unit: HOURS },
  'fargate.arm64.gbHour': { serviceCode: 'AmazonECS', usageType: 'Fargate-ARM-GB-Hours', unit: HOURS },
  // Fargate Spot prices float; the offer carries the current one (EU-SpotUsage-Fargate-…).
  'fargateSpot.x86.vcpuHour': { serviceCode: 'AmazonECS', usageType: 'SpotUsage-Fargate-vCPU-Hours:perCPU', unit: HOURS, caveat: 'Spot price at the time of the refresh' },
  'fargateSpot.x86.gbHour': { serviceCode: 'AmazonECS', usageType: 'SpotUsage-Fargate-GB-Hours', unit: HOURS, caveat: 'Spot price at the time of the refresh' },
  'fargateSpot.arm64.vcpuHour': { serviceCode: 'AmazonECS', usageType: 'SpotUsage-Fargate-ARM-vCPU-Hours:perCPU', unit: HOURS, caveat: 'Spot price at the time of the refresh' },
  'fargateSpot.arm64.gbHour': { serviceCode: 'AmazonECS', usageType: 'SpotUsage-Fargate-ARM-GB-Hours', unit: HOURS, caveat: 'Spot price at the time of the refresh' },
  'nat.hour': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, usageType: 'NatGateway-Hours', unit: ['Hrs'] },
  'nat.gb': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, usageType: 'NatGateway-Bytes', unit: ['GB'] },
  'alb.hour': elb('LoadBalancing:Application', 'LoadBalancerUsage', ['Hrs']),
  'alb.lcuHour': elb('LoadBalancing:Application', 'LCUUsage', ['LCU-Hrs']),
  'nlb.hour': elb('LoadBalancing:Network', 'LoadBalancerUsage', ['Hrs']),
  'nlb.lcuHour': elb('LoadBalancing:Network', 'LCUUsage', ['LCU-Hrs']),
  'logs.ingestGb': { serviceCode: 'AmazonCloudWatch', usageType: 'DataProcessing-Bytes', unit: ['GB'], caveat: 'Standard log class; vended logs (VPC flow logs) have their own tiers, not modelled' },
  'logs.storageGbMonth': { serviceCode: 'AmazonCloudWatch', usageType: 'TimedStorage-ByteHrs', unit: ['GB-Mo'] },
  'cloudwatch.alarmMonth': { serviceCode: 'AmazonCloudWatch', usageType: 'CW:AlarmMonitorUsage', unit: ['Alarms'], caveat: 'standard-resolution alarm; the free tier is not subtracted' },
  'cloudwatch.metricMonth': { serviceCode: 'AmazonCloudWatch', usageType: 'CW:MetricMonitorUsage', unit: ['Metrics'], caveat: 'custom metric, first paid tier; the free tier is not subtracted' },
  'ebs.gp3GbMonth': {
    serviceCode: 'AmazonEC2',
    filters: { productFamily: 'Storage' },
    usageType: 'EBS:VolumeUsage.gp3',
    unit: ['GB-Mo'],
    caveat: 'storage only; IOPS and throughput above the gp3 baseline are billed apart',
  },
  's3.standardGbMonth': { serviceCode: 'AmazonS3', usageType: 'TimedStorage-ByteHrs', unit: ['GB-Mo'], caveat: 'S3 Standard, first tier; requests are not estimated' },
  'ecr.storageGbMonth': { serviceCode: 'AmazonECR', usageType: 'TimedStorage-ByteHrs', unit: ['GB-Mo'] },
  'dataTransfer.internetGb': {
    serviceCode: 'AWSDataTransfer',
    regionField: 'fromRegionCode',
    filters: { transferType: 'AWS Outbound' },
    usageType: 'DataTransfer-Out-Bytes',
    unit: ['GB'],
    caveat: 'first paid tier; the free tier and cheaper tiers are not modelled',
  },
  // Dashboards and WAF are priced account-wide: their products carry no region (location Any); WAF's usage types are
  // `Global-…V2`. The Price List units of the WAF web ACL and rule rows were not confirmed: a refresh that finds
  // another unit keeps the entry and reports it.
  'cloudwatch.dashboardMonth': {
    serviceCode: 'AmazonCloudWatch',
    regionField: 'none',
    usageType: 'DashboardsUsageHour-Basic',
    unit: ['Dashboards'],
    caveat: 'a dashboard of at most 50 metrics; the free tier (3 per account) is not subtracted',
  },
  'vpcEndpoint.interfaceHour': { serviceCode: 'AmazonVPC', usageType: 'VpcEndpoint-Hours', unit: HOURS, caveat: 'per interface endpoint and AZ' },
  'vpcEndpoint.gb': { serviceCode: 'AmazonVPC', usageType: 'VpcEndpoint-Bytes', unit: ['GB'], caveat: 'first PB a month' },
  'waf.webAclMonth': { serviceCode: 'awswaf', regionField: 'none', usageType: 'Global-WebACLV2', unit: ['WebACL'] },
  'waf.ruleMonth': { serviceCode: 'awswaf', regionField: 'none', usageType: 'Global-RuleV2', unit: ['Rule', 'Rules'] },
  'waf.millionRequests': { serviceCode: 'awswaf', regionField: 'none', usageType: 'Global-RequestV2-Tier0', unit: ['Requests'], perUnit: 1_000_000, caveat: 'first request tier' },
};

/** The on-demand Linux price of an instance type (shared tenancy, no pre-installed software, not a capacity reservation). */
export function instanceQuery(instanceType: string): PriceQuery {
  return {
    serviceCode: 'AmazonEC2',
    filters: { instanceType, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required' },
    usageType: `BoxUsage:${instanceType}`,
    operation: 'RunInstances',
    unit: ['Hrs'],
  };
}
