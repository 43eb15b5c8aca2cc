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
