import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { policyDocument } from '../iam/policy-document';

/** How long an apply waits for an https subscription to confirm. */
export const HTTPS_CONFIRMATION_TIMEOUT_MINUTES = 5;

/** How a subscription of the alarm topic is reached. */
export const ALARM_SUBSCRIPTION_PROTOCOLS = ['email', 'https'] as const;
export type AlarmSubscriptionProtocol = (typeof ALARM_SUBSCRIPTION_PROTOCOLS)[number];

export interface AlarmTopicProps {
  /** `<project>-<env>`: the topic is `<prefix>-alarms`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** By a stable name (the construct id). */
  readonly subscriptions: Readonly<Record<string, { readonly protocol: AlarmSubscriptionProtocol; readonly endpoint: string }>>;
}

/**
 * The environment's one alarm topic, encrypted with its own customer managed key. CloudWatch publishes to an encrypted
 * topic only when the key policy lets `cloudwatch.amazonaws.com` generate data keys and decrypt
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services); without that the
 * alarms change state and nobody is told. The topic policy lets CloudWatch publish only for this account's alarms
 * (aws:SourceArn / aws:SourceAccount, the confused-deputy guard of
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
 */
export class AlarmTopic extends Construct {
  public readonly key: KmsKey;
  public readonly topic: SnsTopic;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const alarmArns = `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:*`;
    this.key = new KmsKey(this, 'key', {
      description: `Alarm notifications (${props.namePrefix}-alarms)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument(this, 'key-policy', [
        {
          sid: 'AccountAdministers',
          actions: ['kms:*'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
        },
        {
          sid: 'CloudWatchPublishesToTheTopic',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        },
      ]).json,
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.namePrefix}-alarms`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, 'topic', { name: `${props.namePrefix}-alarms`, kmsMasterKeyId: this.key.arn });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument(this, 'topic-policy', [
        {
          sid: 'AccountManages',
          actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
          resources: [this.topic.arn],
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
        },
        {
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          conditions: [
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [alarmArns] },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
          ],
        },
      ]).json,
    });
    for (const [name, subscription] of Object.entries(props.subscriptions)) {
      new SnsTopicSubscription(this, `subscription-${name}`, {
        topicArn: this.topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        // An HTTPS endpoint must confirm; Terraform waits for it instead of leaving a pending subscription unnoticed,
        // 5 minutes rather than the provider's 1, since SNS retries the confirmation POST with back-off.
        // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sns_topic_subscription
        endpointAutoConfirms: subscription.protocol === 'https' ? true : undefined,
        confirmationTimeoutInMinutes: subscription.protocol === 'https' ? HTTPS_CONFIRMATION_TIMEOUT_MINUTES : undefined,
      });
    }
  }
}
