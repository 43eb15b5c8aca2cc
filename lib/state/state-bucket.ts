import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { policyDocument } from '../iam/policy-document';
import { denyInsecureTransport, makeBucketPrivate } from '../s3/private-bucket';

export interface StateBucketProps {
  readonly bucketName: string;
  /** @default - SSE-KMS with the AWS managed `aws/s3` key */
  readonly kmsKeyArn?: string;
  /** Days a replaced state version is kept, to roll back a bad apply. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** @default - no table: S3-native locking needs none */
  readonly lockTableName?: string;
}

/**
 * The bucket that holds an environment's Terraform state: versioned,
 * KMS-encrypted, private, TLS-only, and protected from `terraform destroy`.
 */
export class StateBucket extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    makeBucketPrivate(this, this.bucket);
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument(this, 'tls-only', [denyInsecureTransport(this.bucket.arn)]).json,
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    if (props.lockTableName) {
      new DynamodbTable(this, 'lock-table', {
        name: props.lockTableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
      });
    }
  }
}
