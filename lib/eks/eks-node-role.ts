import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { policyDocument } from '../iam/policy-document';
import { attachManagedPolicies, type AwsManagedPolicyName } from './managed-policies';

export interface EksNodeRoleProps {
  readonly roleName: string;
  /**
   * Attach AmazonEKS_CNI_Policy here. Leave it off when the VPC CNI runs with
   * its own IRSA role, so pods on the node cannot use the CNI's permissions.
   * @default true
   */
  readonly includeCniPolicy?: boolean;
}

/**
 * The IAM role of managed nodes. In API authentication mode EKS creates the
 * node role's access entry itself when a managed node group uses it.
 */
export class EksNodeRole extends Construct {
  public readonly role: IamRole;
  public readonly arn: string;
  /** The policy attachments; node groups wait for them so nodes can join. */
  public readonly attachments: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: EksNodeRoleProps) {
    super(scope, id);
    const includeCniPolicy = props.includeCniPolicy ?? true;
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      // No aws:SourceAccount condition: EC2 does not document it for
      // instance-profile role assumption, and a condition the service does not
      // send would stop every node from getting credentials.
      assumeRolePolicy: policyDocument(this, 'trust', [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }]).json,
    });
    this.arn = this.role.arn;
    const policies: AwsManagedPolicyName[] = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'];
    if (includeCniPolicy) policies.push('AmazonEKS_CNI_Policy');
    this.attachments = attachManagedPolicies(this, this.role.name, policies);
  }
}
