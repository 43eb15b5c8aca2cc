/**
 * What the deploying identity needs, per resource type the stacks synthesize, beyond what `terraform plan` needs to
 * refresh it (tools/deploy/plan-refresh-actions.ts, added by deploy-policy.ts): the create, update, tag and delete
 * calls of the AWS provider 5.100.0 for that type. `npm run deploy-policy` refuses a synthesized type missing here
 * (__tests__/deploy/deploy-policy.test.ts checks every type the example environments synthesize), so a new type is
 * given its permissions before it ships.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
const ec2 = (...actions: string[]) => ['ec2:CreateTags', 'ec2:DeleteTags', ...actions.map((a) => `ec2:${a}`)];
const elb = (...actions: string[]) => ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags', ...actions.map((a) => `elasticloadbalancing:${a}`)];
const apigw = ['apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'];
const s3 = (...actions: string[]) => actions.map((a) => `s3:${a}`);

/**
 * Sending WAF logs to CloudWatch Logs: "you must be logged into an account with the following permissions" (the
 * CloudWatch Logs guide, "Logs sent to CloudWatch Logs"); none takes a resource-level permission.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL
 */
export const WAF_LOG_DELIVERY_ACTIONS = ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'] as const;

export const DEPLOY_WRITE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  aws_acm_certificate: ['acm:RequestCertificate', 'acm:DeleteCertificate', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate', 'acm:UpdateCertificateOptions'],
  aws_acm_certificate_validation: [],
  aws_api_gateway_account: apigw,
  aws_api_gateway_base_path_mapping: apigw,
  aws_api_gateway_deployment: apigw,
  aws_api_gateway_domain_name: apigw,
  aws_api_gateway_integration: apigw,
  aws_api_gateway_method: apigw,
  aws_api_gateway_method_settings: apigw,
  aws_api_gateway_resource: apigw,
  aws_api_gateway_rest_api: apigw,
  aws_api_gateway_stage: apigw,
  // API Gateway creates the VPC link's endpoint service with the caller's permissions; without these the link goes FAILED
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/grant-permissions-to-create-vpclink.html
  aws_api_gateway_vpc_link: [
    ...apigw,
    'ec2:CreateVpcEndpointServiceConfiguration',
    'ec2:DeleteVpcEndpointServiceConfigurations',
    'ec2:DescribeVpcEndpointServiceConfigurations',
    'ec2:ModifyVpcEndpointServicePermissions',
    'elasticloadbalancing:DescribeLoadBalancers',
  ],
  // Target tracking: the CloudWatch alarms Application Auto Scaling creates are created with the caller's permissions
  // (TARGET_TRACKING_ALARM_ACTIONS, scoped to the clusters' alarms by deploy-policy.ts).
  aws_appautoscaling_policy: ['application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy'],
  // RegisterScalableTarget on an ECS service checks the service with the caller's permissions.
  // https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html#application-auto-scaling-additional-permissions
  aws_appautoscaling_target: [
    'application-autoscaling:RegisterScalableTarget',
    'application-autoscaling:DeregisterScalableTarget',
    'application-autoscaling:TagResource',
    'application-autoscaling:UntagResource',
    'ecs:DescribeServices',
    'ecs:UpdateService',
  ],
  aws_autoscaling_group_tag: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
  aws_cloudwatch_dashboard: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'],
  aws_cloudwatch_metric_alarm: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
  aws_cloudwatch_log_group: [
    'logs:CreateLogGroup',
    'logs:DeleteLogGroup',
    'logs:PutRetentionPolicy',
    'logs:DeleteRetentionPolicy',
    'logs:AssociateKmsKey',
    'logs:DisassociateKmsKey',
    'logs:TagResource',
    'logs:UntagResource',
  ],
  aws_default_security_group: ec2('RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress'),
  aws_ecr_pull_through_cache_rule: ['ecr:CreatePullThroughCacheRule', 'ecr:DeletePullThroughCacheRule', 'ecr:UpdatePullThroughCacheRule'],
  aws_ecr_repository: [
    'ecr:CreateRepository',
    'ecr:DeleteRepository',
    'ecr:PutImageScanningConfiguration',
    'ecr:PutImageTagMutability',
    'ecr:TagResource',
    'ecr:UntagResource',
    'ecr:BatchDeleteImage',
    'ecr:ListImages',
  ],
  aws_ecs_cluster: ['ecs:CreateCluster', 'ecs:DeleteCluster', 'ecs:UpdateCluster', 'ecs:UpdateClusterSettings', 'ecs:TagResource', 'ecs:UntagResource'],
  aws_ecs_cluster_capacity_providers: ['ecs:PutClusterCapacityProviders'],
  aws_ecs_service: ['ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService', 'ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource'],
  aws_ecs_task_definition: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource'],
  aws_eip: ec2('AllocateAddress', 'ReleaseAddress', 'DisassociateAddress'),
  aws_eks_access_entry: ['eks:CreateAccessEntry', 'eks:UpdateAccessEntry', 'eks:DeleteAccessEntry', 'eks:TagResource', 'eks:UntagResource'],
  aws_eks_access_policy_association: ['eks:AssociateAccessPolicy', 'eks:DisassociateAccessPolicy'],
  aws_eks_addon: ['eks:CreateAddon', 'eks:UpdateAddon', 'eks:DeleteAddon', 'eks:TagResource', 'eks:UntagResource', 'eks:DescribeAddonVersions'],
  aws_eks_cluster: [
    'eks:CreateCluster',
    'eks:DeleteCluster',
    'eks:UpdateClusterConfig',
    'eks:UpdateClusterVersion',
    'eks:AssociateEncryptionConfig',
    'eks:TagResource',
    'eks:UntagResource',
    'eks:DescribeUpdate',
  ],
  aws_eks_node_group: ['eks:CreateNodegroup', 'eks:DeleteNodegroup', 'eks:UpdateNodegroupConfig', 'eks:UpdateNodegroupVersion', 'eks:TagResource', 'eks:UntagResource', 'eks:DescribeUpdate'],
  aws_flow_log: ec2('CreateFlowLogs', 'DeleteFlowLogs'),
  aws_iam_openid_connect_provider: [
    'iam:CreateOpenIDConnectProvider',
    'iam:DeleteOpenIDConnectProvider',
    'iam:UpdateOpenIDConnectProviderThumbprint',
    'iam:TagOpenIDConnectProvider',
    'iam:UntagOpenIDConnectProvider',
  ],
  aws_iam_role: ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:ListInstanceProfilesForRole'],
  aws_iam_role_policy: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
  aws_iam_role_policy_attachment: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
  aws_internet_gateway: ec2('CreateInternetGateway', 'DeleteInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway'),
  aws_kms_alias: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
  aws_kms_key: ['kms:CreateKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateKeyDescription'],
  aws_launch_template: ec2('CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate', 'DeleteLaunchTemplate'),
  aws_lb: elb('CreateLoadBalancer', 'DeleteLoadBalancer', 'ModifyLoadBalancerAttributes', 'SetSecurityGroups', 'SetSubnets'),
  aws_lb_listener: elb('CreateListener', 'DeleteListener', 'ModifyListener', 'ModifyListenerAttributes'),
  aws_lb_listener_rule: elb('CreateRule', 'DeleteRule', 'ModifyRule', 'SetRulePriorities'),
  aws_lb_target_group: elb('CreateTargetGroup', 'DeleteTargetGroup', 'ModifyTargetGroup', 'ModifyTargetGroupAttributes'),
  aws_nat_gateway: ec2('CreateNatGateway', 'DeleteNatGateway'),
  aws_route: ec2('CreateRoute', 'DeleteRoute', 'ReplaceRoute'),
  aws_route53_record: ['route53:ChangeResourceRecordSets', 'route53:GetChange'],
  aws_route53_zone: [
    'route53:CreateHostedZone',
    'route53:DeleteHostedZone',
    'route53:ChangeTagsForResource',
    'route53:AssociateVPCWithHostedZone',
    'route53:DisassociateVPCFromHostedZone',
    'route53:GetChange',
    'ec2:DescribeVpcs',
  ],
  aws_route_table: ec2('CreateRouteTable', 'DeleteRouteTable'),
  aws_route_table_association: ec2('AssociateRouteTable', 'DisassociateRouteTable', 'ReplaceRouteTableAssociation'),
  aws_s3_bucket: s3('CreateBucket', 'DeleteBucket', 'PutBucketTagging', 'ListBucketVersions', 'DeleteObject', 'DeleteObjectVersion'),
  aws_s3_bucket_lifecycle_configuration: s3('PutLifecycleConfiguration'),
  aws_s3_bucket_ownership_controls: s3('PutBucketOwnershipControls'),
  aws_s3_bucket_policy: s3('PutBucketPolicy', 'DeleteBucketPolicy'),
  aws_s3_bucket_public_access_block: s3('PutBucketPublicAccessBlock'),
  aws_s3_bucket_server_side_encryption_configuration: s3('PutEncryptionConfiguration'),
  aws_s3_bucket_versioning: s3('PutBucketVersioning'),
  aws_secretsmanager_secret: ['secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:TagResource', 'secretsmanager:UntagResource'],
  aws_security_group: ec2('CreateSecurityGroup', 'DeleteSecurityGroup', 'RevokeSecurityGroupEgress', 'DescribeNetworkInterfaces'),
  aws_sns_topic: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource'],
  aws_sns_topic_policy: ['sns:SetTopicAttributes'],
  aws_sns_topic_subscription: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'],
  aws_subnet: ec2('CreateSubnet', 'DeleteSubnet', 'ModifySubnetAttribute'),
  aws_vpc: ec2('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute'),
  aws_vpc_endpoint: ec2('CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints'),
  aws_vpc_security_group_egress_rule: ec2('AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules'),
  aws_vpc_security_group_ingress_rule: ec2('AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules'),
  aws_wafv2_ip_set: ['wafv2:CreateIPSet', 'wafv2:UpdateIPSet', 'wafv2:DeleteIPSet', 'wafv2:TagResource', 'wafv2:UntagResource'],
  aws_wafv2_web_acl: ['wafv2:CreateWebACL', 'wafv2:UpdateWebACL', 'wafv2:DeleteWebACL', 'wafv2:TagResource', 'wafv2:UntagResource'],
  // The caller also needs the protected resource's own permission: ELB's SetWebAcl, API Gateway's SetWebACL.
  // https://docs.aws.amazon.com/waf/latest/developerguide/security_iam_service-with-iam.html
  aws_wafv2_web_acl_association: ['wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL', 'elasticloadbalancing:SetWebAcl', 'apigateway:SetWebACL'],
  // WAF writes the account's CloudWatch Logs resource policy for delivery.logs.amazonaws.com with the caller's identity.
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL
  aws_wafv2_web_acl_logging_configuration: ['wafv2:PutLoggingConfiguration', 'wafv2:DeleteLoggingConfiguration', ...WAF_LOG_DELIVERY_ACTIONS],
  aws_dynamodb_table: [
    'dynamodb:CreateTable',
    'dynamodb:DeleteTable',
    'dynamodb:UpdateTable',
    'dynamodb:UpdateContinuousBackups',
    'dynamodb:DescribeContinuousBackups',
    'dynamodb:DescribeTable',
    'dynamodb:DescribeTimeToLive',
    'dynamodb:ListTagsOfResource',
    'dynamodb:TagResource',
    'dynamodb:UntagResource',
  ],
  'data.aws_iam_policy_document': [],
  'data.aws_route53_zone': [],
  'data.aws_secretsmanager_secret_versions': [],
};

/**
 * Actions of the types above that take no resource-level permission (the Service Authorization Reference lists no
 * resource type for them): IAM evaluates them against `*` (or an account-level ARN), so they go in the `*` statement
 * even when their type's other actions are scoped to ARNs. DescribeLogGroups, scoped to the log groups, is denied on
 * every refresh (hashicorp/terraform-provider-aws#8804). __tests__/deploy/deploy-policy.test.ts checks this list
 * against the reference.
 */
export const ACCOUNT_WIDE_ACTIONS: ReadonlySet<string> = new Set(['logs:DescribeLogGroups', ...WAF_LOG_DELIVERY_ACTIONS, 'elasticloadbalancing:SetWebAcl']);

/**
 * Target tracking scaling policies: Application Auto Scaling creates, reads and deletes the policy's CloudWatch alarms
 * (`TargetTracking-<resource id>-AlarmHigh-…`) with the caller's permissions.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html#application-auto-scaling-additional-permissions
 */
export const TARGET_TRACKING_ALARM_ACTIONS: readonly string[] = ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms'];

/**
 * EKS secrets encryption with the stack's customer managed key: CreateCluster creates a grant on the key for the
 * cluster with the caller's credentials (kubernetes-sigs/cluster-api-provider-aws#2432: "User not authorized to
 * perform kms:CreateGrant"), and the key policy delegates to IAM. Only grants for an AWS resource (one EKS makes).
 * https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
export const EKS_SECRETS_ENCRYPTION_ACTIONS: readonly string[] = ['kms:CreateGrant'];

/**
 * What `npm run deploy` itself calls (tools/deploy/deploy-steps.ts, deploy-environment.ts, scripts/put-*.sh), besides
 * Terraform: __tests__/deploy/deploy-tool-permissions.test.ts runs the deploy and destroy against fakes and checks
 * every aws CLI and docker call it makes is allowed by the generated policy.
 */
export const DEPLOY_TOOL_ACTIONS = {
  /** `aws secretsmanager list-secret-version-ids` (ids and stages, never a value) and `put-secret-value`. */
  secretValues: ['secretsmanager:ListSecretVersionIds', 'secretsmanager:PutSecretValue'],
  /** `aws ecr get-login-password` for `docker login`: the token is account-wide (no resource-level permission). */
  registryLogin: ['ecr:GetAuthorizationToken'],
  /**
   * `docker pull` through the pull through cache (a miss imports from upstream) and `aws ecr describe-images`.
   * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-pull.html
   * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
   */
  imageCache: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:DescribeImages'],
} as const;

/**
 * Service-linked roles a first deploy in a fresh account creates implicitly (ECS, ELB, EKS and its node groups,
 * Auto Scaling, Spot, API Gateway's VPC link through ELB), by the resource type that needs each.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export const SERVICE_LINKED_ROLES: Readonly<Record<string, readonly string[]>> = {
  aws_ecs_cluster: ['ecs.amazonaws.com'],
  aws_lb: ['elasticloadbalancing.amazonaws.com'],
  aws_eks_cluster: ['eks.amazonaws.com'],
  aws_eks_node_group: ['eks-nodegroup.amazonaws.com', 'autoscaling.amazonaws.com', 'spot.amazonaws.com'],
  aws_appautoscaling_target: ['ecs.application-autoscaling.amazonaws.com'],
  // ECR reads the upstream credential with this role, not with the caller's permissions.
  aws_ecr_pull_through_cache_rule: ['pullthroughcache.ecr.amazonaws.com'],
};
