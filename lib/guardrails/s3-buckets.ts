import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { RuleContext, SynthesizedResource } from './policy-rule';

/** Resources of `type` configuring `bucket` (by `bucket = ${aws_s3_bucket.x.id|bucket}` reference or literal name). */
export function bucketCompanions(bucket: SynthesizedResource, type: string, context: RuleContext): SynthesizedResource[] {
  return context.resourcesOfType(type).filter((companion) => {
    const target = companion.values.bucket;
    if (target === bucket.values.bucket) return true;
    const followed = context.follow(target);
    return followed?.type === S3Bucket.tfResourceType && followed.name === bucket.name;
  });
}
