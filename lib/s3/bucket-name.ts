/**
 * General purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). CreateBucket refuses a name that
 * breaks one at apply time; plan does not call S3. One message per rule, so the problem is named exactly.
 */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Access point aliases, Object Lambda, Multi-Region Access Points, directory buckets, table buckets. */
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/** What is wrong with `name` as a bucket name, or undefined when S3 accepts it. */
export function s3BucketNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name);
  if (name.length < 3 || name.length > 63) return `expected an S3 bucket name of 3-63 characters, got ${shown} (${name.length})`;
  if (!/^[a-z0-9.-]+$/.test(name)) return `expected an S3 bucket name of lowercase letters, digits, dots and hyphens only, got ${shown}`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return `expected an S3 bucket name that begins and ends with a letter or digit, got ${shown}`;
  if (name.includes('..')) return `an S3 bucket name may not contain two adjacent dots, got ${shown}`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `an S3 bucket name may not have the form of an IP address, got ${shown}`;
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `an S3 bucket name may not begin with the reserved prefix ${prefix}, got ${shown}`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `an S3 bucket name may not end with the reserved suffix ${suffix}, got ${shown}`;
  return undefined;
}
