import { S3Backend, TerraformStack } from 'cdktf';

/**
 * The AWS managed S3 key, by alias, for state objects when no key is configured. The S3 backend's `encrypt: true`
 * without `kms_key_id` sends `x-amz-server-side-encryption: AES256` with every state write, which overrides the
 * bucket's default SSE-KMS: the objects would be SSE-S3, not the KMS encryption docs/state.md promises. Naming the
 * key makes Terraform send `aws:kms` with it (Terraform's backend accepts an `alias/…` key id).
 */
export const AWS_MANAGED_S3_KEY = 'alias/aws/s3';

export interface StateBackendProps {
  readonly bucket: string;
  readonly region: string;
  /** Object key of this stack's state, e.g. `dev/platform.tfstate`. */
  readonly key: string;
  /** The state objects' KMS key: a key ARN, or AWS_MANAGED_S3_KEY (the resolved model's `stateKmsKeyId`). */
  readonly kmsKeyArn: string;
  /** S3-native lock file (Terraform >= 1.10), or a DynamoDB table. */
  readonly locking: { readonly kind: 's3-lockfile' } | { readonly kind: 'dynamodb'; readonly table: string };
}

/** Encrypted S3 remote state with locking, one key per stack. */
export function useS3StateBackend(stack: TerraformStack, props: StateBackendProps): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
    kmsKeyId: props.kmsKeyArn,
    dynamodbTable: props.locking.kind === 'dynamodb' ? props.locking.table : undefined,
  });
  if (props.locking.kind === 's3-lockfile') {
    // cdktf 0.21's S3Backend has no typed option for S3-native locking.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  }
  return backend;
}
