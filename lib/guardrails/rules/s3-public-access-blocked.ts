import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { bucketCompanions } from '../s3-buckets';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export const s3PublicAccessBlocked: PolicyRule = {
  id: 's3-public-access-blocked',
  level: 'error',
  why: 'One public ACL or policy statement is enough to publish a bucket; the block makes that impossible.',
  equivalents: { checkov: 'CKV2_AWS_6', cdkNag: 'AwsSolutions-S2' },
  resourceTypes: [S3Bucket.tfResourceType],
  check(resource, context) {
    const [blockConfig] = bucketCompanions(resource, S3BucketPublicAccessBlock.tfResourceType, context);
    if (!blockConfig) return nonCompliant('no aws_s3_bucket_public_access_block for this bucket');
    const off = FLAGS.filter((flag) => blockConfig.values[flag] !== true);
    return off.length === 0 ? COMPLIANT : nonCompliant(`public access block leaves ${off.join(', ')} off`);
  },
};
