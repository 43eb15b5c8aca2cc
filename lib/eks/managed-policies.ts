import { Construct } from 'constructs';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';

/** AWS managed policies the EKS constructs attach, by name. */
export type AwsManagedPolicyName = 'AmazonEKSClusterPolicy' | 'AmazonEKSWorkerNodePolicy' | 'AmazonEC2ContainerRegistryReadOnly' | 'AmazonEKS_CNI_Policy';

/** The ARN of an AWS managed policy, written out rather than looked up, so plans stay offline. */
export function awsManagedPolicyArn(name: AwsManagedPolicyName): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

/** Attaches AWS managed policies to a role; each attachment's construct id is the policy name. */
export function attachManagedPolicies(scope: Construct, roleName: string, policies: readonly AwsManagedPolicyName[]): IamRolePolicyAttachment[] {
  return policies.map((policy) => new IamRolePolicyAttachment(scope, policy, { role: roleName, policyArn: awsManagedPolicyArn(policy) }));
}
