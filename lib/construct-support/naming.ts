import { createHash } from 'crypto';

/**
 * Builds an AWS resource name from parts, kept under `maxLength` (ALB and
 * target-group names allow 32 characters, IAM roles 64). A name that is too
 * long keeps its start and gets a short hash of the whole, so it stays unique
 * and stable across synths.
 */
export function boundedName(parts: readonly string[], maxLength = 64): string {
  const name = parts.filter(Boolean).join('-');
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * A `name_prefix` from parts, at most `maxLength` characters and ending in `-`:
 * the provider appends a unique suffix (26 characters), so a replacement made
 * before the old resource is deleted (`create_before_destroy`) gets a name of
 * its own instead of colliding with the old one. Target groups allow a prefix
 * of 6 characters only (32 minus the suffix), security groups far more.
 */
export function boundedNamePrefix(parts: readonly string[], maxLength: number): string {
  const stem = parts
    .filter(Boolean)
    .join('-')
    .slice(0, maxLength - 1)
    .replace(/-+$/, '');
  return `${stem}-`;
}

/**
 * `name_prefix` of a target group: the provider allows 6 characters
 * (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/lb_target_group#name_prefix),
 * so the service name's start; the full name goes to the `Name` tag.
 */
export const TARGET_GROUP_NAME_PREFIX_LENGTH = 6;

/**
 * The ALB access-log bucket's name, `<prefix>-alb-logs-<account>`: derived, so the environment schema checks it
 * against S3's naming rules (lib/config/derived-names.ts) before a stack is built.
 */
export function albAccessLogBucketName(namePrefix: string, accountId: string): string {
  return boundedName([namePrefix, 'alb-logs', accountId], 63);
}
