import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { platformAwsProvider } from '../lib/core/aws-provider';
import { defaultTags } from '../lib/core/default-tags';
import { StateBucket } from '../lib/state/state-bucket';

/**
 * Creates the state bucket (and lock table, if configured) of one
 * environment. It is applied once, with local state, before any other stack
 * of the environment; see "First deploy of an environment" in the README.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${config.name}-bootstrap.tfstate` });
    platformAwsProvider(this, {
      region: config.state.region ?? config.account.region,
      accountId: config.account.id,
      assumeRoleArn: config.account.deployRoleArn,
      sessionName: `terraform-${config.name}-bootstrap`,
      defaultTags: defaultTags(config),
    });
    const state = new StateBucket(this, 'state', {
      bucketName: config.state.bucket,
      kmsKeyArn: config.state.kmsKeyArn,
      lockTableName: config.state.locking === 'dynamodb' ? config.state.dynamodbTable : undefined,
    });
    new TerraformOutput(this, 'state-bucket', { value: state.bucket.bucket });
  }
}
