import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

/**
 * Actions AWS does not scope to resources, so `"*"` is the only possible
 * resource (https://docs.aws.amazon.com/service-authorization/latest/reference/).
 */
const UNSCOPED_ACTIONS = [
  /^ecr:GetAuthorizationToken$/,
  /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries)$/,
  /^ssmmessages:(CreateControlChannel|CreateDataChannel|OpenControlChannel|OpenDataChannel)$/,
  /^ec2:Describe[A-Za-z*]*$/,
  /^autoscaling:Describe[A-Za-z*]*$/,
  /^eks:DescribeNodegroup$/,
  /^cloudwatch:PutMetricData$/,
  /^sts:GetCallerIdentity$/,
  /^logs:DescribeLogGroups$/,
];

export const iamNoWildcards: PolicyRule = {
  id: 'iam-no-wildcards',
  level: 'error',
  why: 'A wildcard action or resource grants more than the workload uses; least privilege names ARNs.',
  equivalents: { checkov: 'CKV_AWS_289, CKV_AWS_290, CKV_AWS_355', cdkNag: 'AwsSolutions-IAM5' },
  resourceTypes: [IamRolePolicy.tfResourceType, IamPolicy.tfResourceType],
  check(resource, context) {
    const document = context.follow(resource.values.policy);
    if (!document || document.type !== DataAwsIamPolicyDocument.tfResourceType) {
      return nonCompliant('the policy is not an aws_iam_policy_document of this stack, so it cannot be checked');
    }
    const problems: string[] = [];
    for (const statement of document.values.statement ?? []) {
      if ((statement.effect ?? 'Allow') !== 'Allow') continue;
      const actions: string[] = statement.actions ?? [];
      const wildActions = actions.filter((action) => action === '*' || action.endsWith(':*'));
      if (wildActions.length > 0) problems.push(`actions ${wildActions.join(', ')}`);
      const resources: string[] = statement.resources ?? [];
      const scopedByCondition = (statement.condition ?? []).length > 0;
      if (resources.includes('*') && !scopedByCondition) {
        const scopable = actions.filter((action) => !UNSCOPED_ACTIONS.some((pattern) => pattern.test(action)));
        if (scopable.length > 0) problems.push(`resource "*" for ${scopable.join(', ')}`);
      }
    }
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '));
  },
};
