import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import { platformAwsProvider } from '../lib/construct-support/aws-provider';
import { defaultTags } from '../lib/construct-support/default-tags';
import { StateBucket } from '../lib/state/state-bucket';
import { useEnvironmentStateBackend } from './environment-state';
import { recordConfigOrigin } from '../lib/construct-support/config-origin';

/**
 * Where the bootstrap stack keeps local state: `terraform.<stack>.tfstate` in
 * the project root, where cdktf itself puts local state by default, and not in
 * the stack's folder under cdktf.out/, which synth rewrites. Relative to the
 * stack's working directory (`cdktf.out/stacks/<stack>/`, where Terraform
 * runs), so no machine path enters the synthesized JSON.
 */
export function bootstrapLocalStatePath(stackId: string): string {
  return `../../../terraform.${stackId}.tfstate`;
}

/**
 * Creates the state bucket (and lock table, if configured) of one
 * environment. It is applied once, with local state, before any other stack
 * of the environment; see "First deploy of an environment" in the README.
 * With `state.bootstrapInBucket` its state lives in that bucket too, once
 * migrated there (docs/state.md).
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, environment: ResolvedEnvironment) {
    super(scope, id);
    const { config } = environment;
    if (config.state.bootstrapInBucket) useEnvironmentStateBackend(this, environment, 'bootstrap');
    else new LocalBackend(this, { path: bootstrapLocalStatePath(id) });
    platformAwsProvider(this, {
      region: environment.stateRegion,
      accountId: config.account.id,
      defaultTags: defaultTags(config),
    });
    const state = new StateBucket(this, 'state', {
      bucketName: config.state.bucket,
      kmsKeyArn: config.state.kmsKeyArn,
      lockTableName: config.state.locking === 'dynamodb' ? config.state.dynamodbTable : undefined,
    });
    recordConfigOrigin(state, ['state']);
    new TerraformOutput(this, 'state-bucket', { value: state.bucket.bucket });
  }
}
