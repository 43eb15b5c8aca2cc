import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { policyDocument } from '../iam/policy-document';

export interface LogEncryptionKeyProps {
  readonly accountId: string;
  readonly region: string;
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  /** @default 30 - the longest window, to recover from an accidental deletion */
  readonly deletionWindowDays?: number;
}

/**
 * The customer managed KMS key every CloudWatch log group of an environment is
 * encrypted with. CloudWatch Logs may use it only for log groups of this
 * account and region (the encryption-context condition from
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
export class LogEncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    const accountRoot = `arn:aws:iam::${props.accountId}:root`;
    const policy = policyDocument(this, 'policy', [
      {
        sid: 'AccountAdministers',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [accountRoot] }],
      },
      {
        sid: 'CloudWatchLogsUsesForThisAccount',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
        conditions: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:*`],
          },
        ],
      },
    ]);
    this.key = new KmsKey(this, 'key', {
      description: `CloudWatch Logs encryption (${props.aliasName})`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policy.json,
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
