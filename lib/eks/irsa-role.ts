import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, type PolicyStatement } from '../iam/policy-document';
import { attachManagedPolicies, type AwsManagedPolicyName } from './managed-policies';

export interface IrsaRoleProps {
  readonly roleName: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The issuer without `https://`, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/…`. */
  readonly oidcIssuerHostPath: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** @default - none */
  readonly managedPolicies?: readonly AwsManagedPolicyName[];
  /** @default - no inline policy */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only tokens the
 * cluster issued for exactly that namespace and name, for STS, can assume it.
 */
export class IrsaRole extends Construct {
  public readonly role: IamRole;
  public readonly arn: string;
  /** Attachments and inline policy, for resources that must wait until the role can act. */
  public readonly grants: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const managedPolicies = props.managedPolicies ?? [];
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: policyDocument(this, 'trust', [
        {
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
          conditions: [
            { test: 'StringEquals', variable: `${props.oidcIssuerHostPath}:sub`, values: [`system:serviceaccount:${props.namespace}:${props.serviceAccount}`] },
            { test: 'StringEquals', variable: `${props.oidcIssuerHostPath}:aud`, values: ['sts.amazonaws.com'] },
          ],
        },
      ]).json,
    });
    this.arn = this.role.arn;
    this.grants.push(...attachManagedPolicies(this, this.role.name, managedPolicies));
    if (props.statements && props.statements.length > 0) {
      this.grants.push(new IamRolePolicy(this, 'policy', { role: this.role.id, name: props.roleName, policy: policyDocument(this, 'policy-document', props.statements).json }));
    }
  }
}
