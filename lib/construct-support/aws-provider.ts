import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

export interface PlatformAwsProviderProps {
  readonly region: string;
  readonly accountId: string;
  readonly defaultTags: Record<string, string>;
}

/**
 * The AWS provider of an environment stack. It uses the ambient credentials,
 * like the S3 state backend: an SSO profile locally (AWS_PROFILE), the role
 * GitHub's OIDC token assumed in CI (`account.deployRoleArn`). It assumes no
 * role itself: the caller already is the deploy role, and a role does not
 * trust itself implicitly (https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/);
 * and one source of credentials for provider and backend means a state in
 * another account needs no second configuration. See docs/credentials.md.
 * `allowed_account_ids` makes Terraform refuse to touch any other account, so
 * stg credentials can never apply the prod stack.
 */
export function platformAwsProvider(scope: Construct, props: PlatformAwsProviderProps): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: props.region,
    allowedAccountIds: [props.accountId],
    defaultTags: [{ tags: props.defaultTags }],
  });
}
