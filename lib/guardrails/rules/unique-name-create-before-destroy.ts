import { Alb } from '@cdktf/provider-aws/lib/alb';
import { AlbTargetGroup } from '@cdktf/provider-aws/lib/alb-target-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../policy-rule';

/**
 * Resource types whose name AWS refuses to create twice (per account and region, per VPC or per cluster), the
 * argument that holds it, and the error the create call of a replacement made before the old one is deleted fails
 * with. Each has a generated-name alternative in the provider (`name_prefix`, `node_group_name_prefix`) or none
 * (then create_before_destroy needs a name that changes with the replacement).
 */
export const UNIQUE_NAMES: Readonly<Record<string, { readonly argument: string; readonly error: string; readonly noPrefix?: true }>> = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html#API_CreateTargetGroup_Errors
  [LbTargetGroup.tfResourceType]: { argument: 'name', error: 'DuplicateTargetGroupName' },
  [AlbTargetGroup.tfResourceType]: { argument: 'name', error: 'DuplicateTargetGroupName' },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html#API_CreateLoadBalancer_Errors
  [Lb.tfResourceType]: { argument: 'name', error: 'DuplicateLoadBalancerName' },
  [Alb.tfResourceType]: { argument: 'name', error: 'DuplicateLoadBalancerName' },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (per VPC)
  [SecurityGroup.tfResourceType]: { argument: 'name', error: 'InvalidGroup.Duplicate' },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
  [LaunchTemplate.tfResourceType]: { argument: 'name', error: 'InvalidLaunchTemplateName.AlreadyExistsException' },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors (and CreatePolicy, CreateInstanceProfile)
  [IamRole.tfResourceType]: { argument: 'name', error: 'EntityAlreadyExists' },
  [IamPolicy.tfResourceType]: { argument: 'name', error: 'EntityAlreadyExists' },
  [IamInstanceProfile.tfResourceType]: { argument: 'name', error: 'EntityAlreadyExists' },
  // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html#API_CreateNodegroup_Errors (per cluster)
  [EksNodeGroup.tfResourceType]: { argument: 'node_group_name', error: 'ResourceInUseException' },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html#API_CreateLogGroup_Errors
  [CloudwatchLogGroup.tfResourceType]: { argument: 'name', error: 'ResourceAlreadyExistsException' },
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html#API_CreateAlias_Errors
  [KmsAlias.tfResourceType]: { argument: 'name', error: 'AlreadyExistsException' },
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#API_CreateService_Errors (per cluster:
  // "Creation of service was not idempotent" while the old service is ACTIVE)
  [EcsService.tfResourceType]: { argument: 'name', error: 'InvalidParameterException', noPrefix: true },
  // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_Errors
  [EksCluster.tfResourceType]: { argument: 'name', error: 'ResourceInUseException', noPrefix: true },
};

export const uniqueNameCreateBeforeDestroy: PolicyRule = {
  id: 'unique-name-create-before-destroy',
  level: 'error',
  why: 'create_before_destroy creates the replacement while the old resource still holds its name: a fixed unique name makes every replacement fail.',
  resourceTypes: Object.keys(UNIQUE_NAMES),
  check(resource) {
    if (resource.values.lifecycle?.create_before_destroy !== true) return NOT_APPLICABLE;
    const { argument, error, noPrefix } = UNIQUE_NAMES[resource.type];
    const name = resource.values[argument];
    if (name === undefined) return COMPLIANT;
    return nonCompliant(
      `fixed ${argument} ${JSON.stringify(name)} with lifecycle.create_before_destroy: the replacement is created while the old one holds the name (${error}); ${noPrefix ? 'drop create_before_destroy or change the name with every replacement' : `use ${argument}_prefix or drop create_before_destroy`}`,
    );
  },
};
