import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { policyDocument } from '../iam/policy-document';
import { denyInsecureTransport, makeBucketPrivate } from '../s3/private-bucket';
import { elbLogDeliveryStatement } from './elb-log-delivery';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  /** Days before a log object is deleted. */
  readonly retentionDays: number;
  /**
   * Delete the bucket with its logs on destroy (otherwise BucketNotEmpty:
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html). Production keeps its logs.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket ALB access logs go to: SSE-S3 (ALB log delivery does not
 * support SSE-KMS), private, owner-enforced, TLS-only, expiring, writable by
 * Elastic Load Balancing for this account's logs only.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The bucket policy: a load balancer logging here must be created after it (AWS tests write access on creation). */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    makeBucketPrivate(this, this.bucket);
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument(this, 'policy-document', [denyInsecureTransport(this.bucket.arn), elbLogDeliveryStatement(props.region, props.accountId, this.bucket.arn)]).json,
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}
