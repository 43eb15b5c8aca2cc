import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { bucketCompanions } from '../s3-buckets';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const s3Encrypted: PolicyRule = {
  id: 's3-encrypted',
  level: 'error',
  why: 'Buckets hold state, logs and data; default encryption makes every object encrypted at rest.',
  equivalents: { checkov: 'CKV_AWS_145', cdkNag: 'AwsSolutions-S (encryption)' },
  resourceTypes: [S3Bucket.tfResourceType],
  check(resource, context) {
    const configs = bucketCompanions(resource, S3BucketServerSideEncryptionConfigurationA.tfResourceType, context);
    return configs.length > 0 ? COMPLIANT : nonCompliant('no aws_s3_bucket_server_side_encryption_configuration for this bucket');
  },
};
