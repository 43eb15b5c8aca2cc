import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SynthesizedResource } from '../policy-rule';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

/**
 * What CloudWatch needs of an encrypted topic's key to publish to it: a customer managed key whose policy allows the
 * service principal `cloudwatch.amazonaws.com` kms:Decrypt and kms:GenerateDataKey*. The AWS managed key
 * (alias/aws/sns) has a policy nobody can change, so alarm actions on a topic it encrypts notify nobody.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const NEEDED_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** IAM action matching: `*` any run of characters, `?` one, case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** Why CloudWatch cannot publish to this topic, or undefined when it can. */
function cloudWatchCannotPublish(topic: SynthesizedResource, follow: (expression: unknown) => SynthesizedResource | undefined): string | undefined {
  const keyId = topic.values.kms_master_key_id;
  if (!keyId) return 'is not KMS-encrypted';
  const key = follow(keyId);
  if (!key || key.type !== KmsKey.tfResourceType) {
    const managed = typeof keyId === 'string' && /(^|:)alias\/aws\//.test(keyId);
    return managed
      ? `is encrypted with the AWS managed key ${keyId}, whose policy cannot admit ${CLOUDWATCH}`
      : `is encrypted with ${JSON.stringify(keyId)}, not an aws_kms_key of this stack, so its policy cannot be checked for ${CLOUDWATCH}`;
  }
  const document = follow(key.values.policy);
  if (!document || document.type !== DataAwsIamPolicyDocument.tfResourceType)
    return `has a key whose policy is not an aws_iam_policy_document of this stack, so it cannot be checked for ${CLOUDWATCH}`;
  const statements: any[] = (document.values.statement ?? []).filter(
    (statement: any) =>
      (statement.effect ?? 'Allow') === 'Allow' && (statement.principals ?? []).some((principal: any) => principal.type === 'Service' && (principal.identifiers ?? []).includes(CLOUDWATCH)),
  );
  const missing = NEEDED_ACTIONS.filter((action) => !statements.some((statement) => (statement.actions ?? []).some((pattern: string) => actionMatches(pattern, action))));
  return missing.length === 0 ? undefined : `has a key whose policy does not allow ${CLOUDWATCH} ${missing.join(' and ')}`;
}

export const alarmNotifiesTopic: PolicyRule = {
  id: 'alarm-notifies-topic',
  level: 'error',
  why: 'An alarm that notifies nobody changes state unseen; every alarm tells the environment’s encrypted topic when it fires and when it recovers, and CloudWatch must be able to use the topic’s key.',
  equivalents: { checkov: 'CKV_AWS_26 (topic encryption)' },
  resourceTypes: [CloudwatchMetricAlarm.tfResourceType],
  check(resource, context) {
    const follow = (expression: unknown) => context.follow(expression);
    const problems: string[] = [];
    const reasons = new Set<string>();
    for (const argument of ['alarm_actions', 'ok_actions']) {
      const topics = ((resource.values[argument] ?? []) as unknown[]).map(follow).filter((block) => block?.type === SnsTopic.tfResourceType) as SynthesizedResource[];
      const usable = topics.filter((topic) => {
        const reason = cloudWatchCannotPublish(topic, follow);
        if (reason) reasons.add(`aws_sns_topic ${topic.name} ${reason}`);
        return !reason;
      });
      if (usable.length === 0) problems.push(argument);
    }
    if (problems.length === 0) return COMPLIANT;
    return nonCompliant(`${problems.join(' and ')} name no KMS-encrypted aws_sns_topic of this stack that CloudWatch can publish to${reasons.size > 0 ? `: ${[...reasons].join('; ')}` : ''}`);
  },
};
