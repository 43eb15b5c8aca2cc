import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

export interface PlatformAwsProviderProps {
  readonly region: string;
  readonly accountId: string;
  /** @default - the caller's credentials are used as they are */
  readonly assumeRoleArn?: string;
  /** Session name shown in CloudTrail for assumed-role calls. @default terraform-<environment> */
  readonly sessionName?: string;
  readonly defaultTags: Record<string, string>;
}

/**
 * The AWS provider of an environment stack. `allowed_account_ids` makes
 * Terraform refuse to touch any other account, so stg credentials can never
 * apply the prod stack.
 */
export function platformAwsProvider(scope: Construct, props: PlatformAwsProviderProps): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: props.region,
    allowedAccountIds: [props.accountId],
    assumeRole: props.assumeRoleArn ? [{ roleArn: props.assumeRoleArn, sessionName: props.sessionName }] : undefined,
    defaultTags: [{ tags: props.defaultTags }],
  });
}
