import { Construct } from 'constructs';
import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument } from '../iam/policy-document';
import { boundedName } from '../construct-support/naming';

export interface ApiGatewayCloudWatchRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * API Gateway's account-level CloudWatch Logs role (`aws_api_gateway_account`).
 * Stage access logging to CloudWatch is refused ("CloudWatch Logs role ARN
 * must be set in account settings") until it is set.
 *
 * It is ONE setting per account and region, shared by every REST API there:
 * two stacks managing it overwrite each other on every apply. `reset_on_delete`
 * clears the setting when this stack is destroyed, instead of leaving it
 * pointing at the deleted role (the provider's default). Hence opt-out in config
 * (`apiGateway.manageAccountCloudWatchRole: false`) for accounts where
 * someone else manages it. The role's policy is scoped to this account's
 * log groups in this region, not to ours only, because other teams' APIs in
 * the account write their logs through the same role.
 */
export class ApiGatewayCloudWatchRole extends Construct {
  public readonly role: IamRole;
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayCloudWatchRoleProps) {
    super(scope, id);
    // No aws:SourceAccount condition: AWS documents this trust without one, and the role is account-wide anyway.
    const trust = policyDocument(this, 'trust', [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['apigateway.amazonaws.com'] }] }]);
    this.role = new IamRole(this, 'role', {
      name: boundedName([props.namePrefix, 'apigw-cloudwatch', props.region], 64),
      description: `API Gateway writes logs of every REST API in ${props.region} to CloudWatch (account setting)`,
      assumeRolePolicy: trust.json,
    });
    // The actions of AWS's AmazonAPIGatewayPushToCloudWatchLogs, scoped to this account and region instead of "*".
    const permissions = policyDocument(this, 'permissions', [
      {
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
        resources: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:*`],
      },
    ]);
    const policy = new IamRolePolicy(this, 'policy', { name: 'push-to-cloudwatch-logs', role: this.role.id, policy: permissions.json });
    // UpdateAccount checks that API Gateway can assume the role and that the role may write logs. The ARN reference
    // orders it after the role only; without the policy in place the call fails ("The role ARN does not have required
    // permissions set to API Gateway") and the apply rests on the provider's retries outlasting IAM's propagation.
    this.account = new ApiGatewayAccount(this, 'account', { cloudwatchRoleArn: this.role.arn, resetOnDelete: true, dependsOn: [policy] });
  }
}
