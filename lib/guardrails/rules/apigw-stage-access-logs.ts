import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { block, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const apigwStageAccessLogs: PolicyRule = {
  id: 'apigw-stage-access-logs',
  level: 'error',
  why: 'Stage access logs record caller identity and status for every request.',
  equivalents: { checkov: 'CKV_AWS_76', cdkNag: 'AwsSolutions-APIG1' },
  resourceTypes: [ApiGatewayStage.tfResourceType],
  check(resource) {
    const settings = block(resource.values.access_log_settings);
    return settings?.destination_arn && settings.format ? COMPLIANT : nonCompliant('access_log_settings with a destination and format are missing');
  },
};
