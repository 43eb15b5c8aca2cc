import { Alb } from '@cdktf/provider-aws/lib/alb';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
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
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../policy-rule';

/**
 * Where AWS keeps a name unique: in every account (S3 buckets), per account (IAM), per account and region, per VPC
 * (security groups) or per cluster (node groups, ECS services). Two environments of one account clash on a name of
 * scope `account` or `region` (lib/guardrails/account-name-clashes.ts).
 */
export type UniqueNameScope = 'global' | 'account' | 'region' | 'vpc' | 'cluster';

/**
 * Resource types whose name AWS refuses to create twice (per account and region, per VPC or per cluster), the
 * argument that holds it, where the name is unique, and the error the create call of a second one fails with (a
 * replacement made before the old one is deleted, or another environment's resource of that name). Each has a
 * generated-name alternative in the provider (`name_prefix`, `node_group_name_prefix`) or none (then
 * create_before_destroy needs a name that changes with the replacement). The one table of unique names: the
 * create-before-destroy rules and the check across environments read it.
 */
export const UNIQUE_NAMES: Readonly<Record<string, { readonly argument: string; readonly scope: UniqueNameScope; readonly error: string; readonly noPrefix?: true }>> = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html#API_CreateTargetGroup_Errors
  [LbTargetGroup.tfResourceType]: { argument: 'name', scope: 'region', error: 'DuplicateTargetGroupName' },
  [AlbTargetGroup.tfResourceType]: { argument: 'name', scope: 'region', error: 'DuplicateTargetGroupName' },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html#API_CreateLoadBalancer_Errors
  [Lb.tfResourceType]: { argument: 'name', scope: 'region', error: 'DuplicateLoadBalancerName' },
  [Alb.tfResourceType]: { argument: 'name', scope: 'region', error: 'DuplicateLoadBalancerName' },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (per VPC)
  [SecurityGroup.tfResourceType]: { argument: 'name', scope: 'vpc', error: 'InvalidGroup.Duplicate' },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
  [LaunchTemplate.tfResourceType]: { argument: 'name', scope: 'region', error: 'InvalidLaunchTemplateName.AlreadyExistsException' },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors (and CreatePolicy, CreateInstanceProfile)
  [IamRole.tfResourceType]: { argument: 'name', scope: 'account', error: 'EntityAlreadyExists' },
  [IamPolicy.tfResourceType]: { argument: 'name', scope: 'account', error: 'EntityAlreadyExists' },
  [IamInstanceProfile.tfResourceType]: { argument: 'name', scope: 'account', error: 'EntityAlreadyExists' },
  // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html#API_CreateNodegroup_Errors (per cluster)
  [EksNodeGroup.tfResourceType]: { argument: 'node_group_name', scope: 'cluster', error: 'ResourceInUseException' },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html#API_CreateLogGroup_Errors
  [CloudwatchLogGroup.tfResourceType]: { argument: 'name', scope: 'region', error: 'ResourceAlreadyExistsException' },
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html#API_CreateAlias_Errors
  [KmsAlias.tfResourceType]: { argument: 'name', scope: 'region', error: 'AlreadyExistsException' },
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#API_CreateService_Errors (per cluster:
  // "Creation of service was not idempotent" while the old service is ACTIVE)
  [EcsService.tfResourceType]: { argument: 'name', scope: 'cluster', error: 'InvalidParameterException', noPrefix: true },
  // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_Errors
  [EksCluster.tfResourceType]: { argument: 'name', scope: 'region', error: 'ResourceInUseException', noPrefix: true },
  // CreateCluster of an existing ACTIVE name returns that cluster instead of failing: two stacks would manage one
  // cluster, and destroying either deletes the other's (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html).
  [EcsCluster.tfResourceType]: { argument: 'name', scope: 'region', error: 'no error: CreateCluster returns the existing cluster', noPrefix: true },
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#API_CreateSecret_Errors (a deleted
  // secret keeps its name through the recovery window)
  [SecretsmanagerSecret.tfResourceType]: { argument: 'name', scope: 'region', error: 'ResourceExistsException' },
  // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html#API_CreateRepository_Errors
  [EcrRepository.tfResourceType]: { argument: 'name', scope: 'region', error: 'RepositoryAlreadyExistsException', noPrefix: true },
  // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html#API_CreatePullThroughCacheRule_Errors
  [EcrPullThroughCacheRule.tfResourceType]: { argument: 'ecr_repository_prefix', scope: 'region', error: 'PullThroughCacheRuleAlreadyExistsException', noPrefix: true },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: unique across all accounts
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html#API_CreateBucket_Errors)
  [S3Bucket.tfResourceType]: { argument: 'bucket', scope: 'global', error: 'BucketAlreadyExists' },
  // https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html#API_CreateDomainName_Errors
  [ApiGatewayDomainName.tfResourceType]: { argument: 'domain_name', scope: 'region', error: 'ConflictException', noPrefix: true },
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html#API_CreateWebACL_Errors
  [Wafv2WebAcl.tfResourceType]: { argument: 'name', scope: 'region', error: 'WAFDuplicateItemException' },
  [Wafv2IpSet.tfResourceType]: { argument: 'name', scope: 'region', error: 'WAFDuplicateItemException' },
  // PutMetricAlarm "creates or updates an alarm": of an existing name it overwrites that alarm without error, so the
  // second environment silently takes the first one's alarm over
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
  [CloudwatchMetricAlarm.tfResourceType]: { argument: 'alarm_name', scope: 'region', error: "no error: PutMetricAlarm replaces the other environment's alarm", noPrefix: true },
  // PutDashboard of an existing name replaces its body (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html).
  // Dashboards are global to the account, but the stacks' names carry the environment, which is per region here.
  [CloudwatchDashboard.tfResourceType]: { argument: 'dashboard_name', scope: 'account', error: "no error: PutDashboard replaces the other environment's dashboard", noPrefix: true },
  // CreateTopic "is idempotent": of a name the account already owns it returns that topic (when the attributes match;
  // else it fails), so two stacks would manage one topic (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
  [SnsTopic.tfResourceType]: { argument: 'name', scope: 'region', error: 'no error when the attributes match: CreateTopic returns the existing topic; InvalidParameter otherwise' },
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html#API_CreateTable_Errors
  [DynamodbTable.tfResourceType]: { argument: 'name', scope: 'region', error: 'ResourceInUseException', noPrefix: true },
};

/**
 * Types the constructs create that have a name-like argument (`name`, `*_name`, `bucket`) AWS does not keep unique in a
 * place two environments share, and why. With UNIQUE_NAMES, every such type is classified (a test walks the provider
 * classes lib/ imports), so a new named type cannot ship without a decision.
 */
export const NOT_UNIQUE_NAMES: Readonly<Record<string, string>> = {
  aws_acm_certificate: 'any number of certificates may name one domain',
  aws_api_gateway_base_path_mapping: 'names its domain and stage (both checked where they are created); unique per domain name',
  aws_api_gateway_deployment: 'stage_name is per REST API',
  aws_api_gateway_method: 'operation_name is a label, per REST API',
  aws_api_gateway_method_settings: 'stage_name is per REST API',
  aws_api_gateway_rest_api: 'REST API names may repeat; the API is known by its generated id',
  aws_api_gateway_stage: 'stage_name is per REST API',
  aws_api_gateway_vpc_link: 'VPC link names may repeat; the link is known by its generated id',
  aws_appautoscaling_policy: "policy names are per scalable target (an ECS service of this environment's cluster)",
  aws_autoscaling_group_tag: 'names the ASG EKS generates for a node group; creates no name',
  aws_ecs_cluster_capacity_providers: 'names the cluster created in this stack; creates no name',
  aws_eks_access_entry: 'access entries are per cluster',
  aws_eks_access_policy_association: 'associations are per cluster',
  aws_eks_addon: 'add-on names are per cluster',
  aws_flow_log: 'names the log group created in this stack; creates no name',
  aws_iam_role_policy: 'inline policy names are per role',
  aws_lb_listener: 'header names, not resource names',
  aws_route53_record: 'per hosted zone; each environment has its own dns.domain',
  aws_route53_zone: 'hosted zone names may repeat (CreateHostedZone makes a new zone per caller reference)',
  aws_s3_bucket_lifecycle_configuration: 'names the bucket created in this stack; creates no name',
  aws_s3_bucket_ownership_controls: 'names the bucket created in this stack; creates no name',
  aws_s3_bucket_policy: 'names the bucket created in this stack; creates no name',
  aws_s3_bucket_public_access_block: 'names the bucket created in this stack; creates no name',
  aws_s3_bucket_server_side_encryption_configuration: 'names the bucket created in this stack; creates no name',
  aws_s3_bucket_versioning: 'names the bucket created in this stack; creates no name',
  aws_vpc_endpoint: 'service_name is the AWS service, not a name of this stack',
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
