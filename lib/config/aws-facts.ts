/**
 * Fixed AWS facts the config is checked against at synth time, so a typo is
 * caught before Terraform (or AWS) sees it.
 */

/** Commercial regions (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). */
export const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'af-south-1',
  'me-south-1',
  'me-central-1',
  'il-central-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

/** Values CloudWatch Logs accepts for `retention_in_days`. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The day AVAILABILITY_ZONES was last checked against AWS; a region or zone newer than this needs the opt-in. */
export const AVAILABILITY_ZONE_CATALOG_DATE = '2026-11-30';

/**
 * Availability zone letters of each region, as zone names accounts can use
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html,
 * `aws ec2 describe-availability-zones`). Zone names map to physical zones per
 * account; the letters are what exist. ap-northeast-1b and us-east-1e-style
 * legacy zones open only to old accounts are left out where AWS no longer offers them.
 * A region missing here is refused unless `account.regionOutsideCatalog: true`.
 */
export const AVAILABILITY_ZONES: Readonly<Record<AwsRegion, string>> = {
  'us-east-1': 'abcdef',
  'us-east-2': 'abc',
  'us-west-1': 'abc', // each account sees two of the three
  'us-west-2': 'abcd',
  'ca-central-1': 'abd',
  'ca-west-1': 'abc',
  'mx-central-1': 'abc',
  'sa-east-1': 'abc',
  'eu-central-1': 'abc',
  'eu-central-2': 'abc',
  'eu-west-1': 'abc',
  'eu-west-2': 'abc',
  'eu-west-3': 'abc',
  'eu-north-1': 'abc',
  'eu-south-1': 'abc',
  'eu-south-2': 'abc',
  'af-south-1': 'abc',
  'me-south-1': 'abc',
  'me-central-1': 'abc',
  'il-central-1': 'abc',
  'ap-east-1': 'abc',
  'ap-east-2': 'abc',
  'ap-south-1': 'abc',
  'ap-south-2': 'abc',
  'ap-southeast-1': 'abc',
  'ap-southeast-2': 'abc',
  'ap-southeast-3': 'abc',
  'ap-southeast-4': 'abc',
  'ap-southeast-5': 'abc',
  'ap-southeast-7': 'abc',
  'ap-northeast-1': 'acd', // ap-northeast-1b is closed to accounts created since 2013
  'ap-northeast-2': 'abcd',
  'ap-northeast-3': 'abc',
};

export function isCataloguedRegion(region: string): region is AwsRegion {
  return Object.hasOwn(AVAILABILITY_ZONES, region);
}
