import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/** One IAM statement. Conditions are `{ test, variable, values }` as in the IAM condition grammar. */
export interface PolicyStatement {
  readonly sid?: string;
  /** @default Allow */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** @default - none: only trust policies, whose subject is the principal, omit it */
  readonly resources?: readonly string[];
  readonly principals?: readonly { readonly type: 'AWS' | 'Service' | 'Federated' | '*'; readonly identifiers: readonly string[] }[];
  readonly conditions?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/**
 * Builds an IAM policy document with `aws_iam_policy_document`: Terraform
 * renders it locally (no AWS call, so plans stay offline) and it normalises
 * the JSON, so there is no diff noise from hand-built strings.
 */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: statement.effect ?? 'Allow',
      actions: [...statement.actions],
      resources: statement.resources ? [...statement.resources] : undefined,
      principals: statement.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
      condition: statement.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
    })),
  });
}

/** Trust policy letting one AWS service assume a role, limited to our own account (confused-deputy guard). */
export function serviceTrustPolicy(scope: Construct, id: string, service: string, accountId: string): DataAwsIamPolicyDocument {
  return policyDocument(scope, id, [
    {
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: [service] }],
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
    },
  ]);
}
