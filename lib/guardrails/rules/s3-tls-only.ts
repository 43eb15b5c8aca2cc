import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { bucketCompanions } from '../s3-buckets';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const s3TlsOnly: PolicyRule = {
  id: 's3-tls-only',
  level: 'error',
  why: 'Without a deny on aws:SecureTransport=false, clients may read and write objects over plain HTTP.',
  equivalents: { checkov: 'CKV_AWS_379 (analogue)', cdkNag: 'AwsSolutions-S10' },
  resourceTypes: [S3Bucket.tfResourceType],
  check(resource, context) {
    const policies = bucketCompanions(resource, S3BucketPolicy.tfResourceType, context);
    const deniesPlainHttp = policies.some((policy) => {
      const document = context.follow(policy.values.policy);
      return (document?.values.statement ?? []).some(
        (s: Record<string, any>) => s.effect === 'Deny' && (s.condition ?? []).some((c: Record<string, any>) => c.variable === 'aws:SecureTransport' && (c.values ?? []).includes('false')),
      );
    });
    return deniesPlainHttp ? COMPLIANT : nonCompliant('no bucket policy statement denies aws:SecureTransport=false');
  },
};
