import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const alarmNotifiesTopic: PolicyRule = {
  id: 'alarm-notifies-topic',
  level: 'error',
  why: 'An alarm that notifies nobody changes state unseen; every alarm tells the environment’s encrypted topic when it fires and when it recovers.',
  equivalents: { checkov: 'CKV_AWS_26 (topic encryption)' },
  resourceTypes: [CloudwatchMetricAlarm.tfResourceType],
  check(resource, context) {
    const encryptedTopic = (action: unknown) => {
      const topic = context.follow(action);
      return topic?.type === SnsTopic.tfResourceType && Boolean(topic.values.kms_master_key_id);
    };
    const problems: string[] = [];
    if (!(resource.values.alarm_actions ?? []).some(encryptedTopic)) problems.push('alarm_actions');
    if (!(resource.values.ok_actions ?? []).some(encryptedTopic)) problems.push('ok_actions');
    return problems.length === 0 ? COMPLIANT : nonCompliant(`${problems.join(' and ')} name no KMS-encrypted aws_sns_topic of this stack`);
  },
};
