import type { TerraformStack } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import { useS3StateBackend } from '../lib/construct-support/state-backend';
import { recordConfigOrigin } from '../lib/construct-support/config-origin';

/**
 * The environment's encrypted, locked S3 state for one layer of it, at
 * `s3://<state.bucket>/<env>/<layer>.tfstate`. Credentials are the ambient
 * ones, as the provider's (docs/credentials.md).
 */
export function useEnvironmentStateBackend(stack: TerraformStack, { config, stateRegion, stateKmsKeyId }: ResolvedEnvironment, layer: 'bootstrap' | 'platform'): void {
  const backend = useS3StateBackend(stack, {
    bucket: config.state.bucket,
    region: stateRegion,
    key: `${config.name}/${layer}.tfstate`,
    kmsKeyArn: stateKmsKeyId,
    locking: config.state.locking === 'dynamodb' ? { kind: 'dynamodb', table: config.state.dynamodbTable! } : { kind: 's3-lockfile' },
  });
  recordConfigOrigin(backend, ['state']);
}
