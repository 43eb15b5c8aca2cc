import * as fs from 'fs';
import * as path from 'path';

/**
 * A fake applied state for the synthesized stg-platform stack
 * (terraform.tfstate in its folder, which the offline plan's local backend
 * reads): its log-group KMS key and log groups as if applied, one log group
 * under its old name (a replacement forced by `name`), one with another
 * retention (an update in place) and one log group the configuration no
 * longer has (a destroy). Shared by the plan comment and the drift tests.
 */
const KMS = 'aws_kms_key.log-key_81E47721';
const RENAMED = 'aws_cloudwatch_log_group.ecs_service-web_logs_group_B6A0A70C';
const RETENTION = 'aws_cloudwatch_log_group.ecs_service-api_logs_group_9F1BCDD6';
const GONE = 'aws_cloudwatch_log_group.legacy';

export const FAKE_APPLIED = { KMS, RENAMED, RETENTION, GONE } as const;

export function fakeAppliedState(stackDir: string): void {
  const document = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const tagsAll = document.provider.aws[0].default_tags[0].tags;
  const kmsArn = 'arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000000';
  const key = document.resource.aws_kms_key['log-key_81E47721'];
  const instance = (type: string, name: string, attributes: Record<string, unknown>, schemaVersion = 0) => ({
    mode: 'managed',
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: schemaVersion, attributes: { tags: null, tags_all: tagsAll, ...attributes } }],
  });
  const logGroup = (name: string, values: Record<string, unknown>) =>
    instance('aws_cloudwatch_log_group', name, {
      id: values.name,
      arn: `arn:aws:logs:eu-west-1:222222222222:log-group:${values.name}`,
      name_prefix: '',
      kms_key_id: kmsArn,
      log_group_class: 'STANDARD',
      skip_destroy: false,
      ...values,
    });
  const resources = [
    instance('aws_kms_key', KMS.split('.')[1], {
      id: '00000000-0000-0000-0000-000000000000',
      key_id: '00000000-0000-0000-0000-000000000000',
      arn: kmsArn,
      description: key.description,
      enable_key_rotation: key.enable_key_rotation,
      deletion_window_in_days: key.deletion_window_in_days,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      key_usage: 'ENCRYPT_DECRYPT',
      multi_region: false,
      is_enabled: true,
      bypass_policy_lockout_safety_check: false,
      rotation_period_in_days: 365,
      policy: '{}',
    }),
    ...Object.entries(document.resource.aws_cloudwatch_log_group as Record<string, { name: string; retention_in_days: number }>).map(([name, values]) =>
      logGroup(name, {
        name: `aws_cloudwatch_log_group.${name}` === RENAMED ? `${values.name}-old` : values.name,
        retention_in_days: `aws_cloudwatch_log_group.${name}` === RETENTION ? 7 : values.retention_in_days,
      }),
    ),
    logGroup(GONE.split('.')[1], { name: '/ecs/acme-stg/legacy', retention_in_days: 30 }),
  ];
  fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'fake-applied', outputs: {}, resources }, null, 2));
}
