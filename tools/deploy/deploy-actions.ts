/**
 * What the deploying identity needs, per resource type the stacks synthesize, beyond what `terraform plan` needs to
 * refresh it (tools/review/plan-refresh-actions.ts, added by deploy-policy.ts): the create, update, tag and delete
 * calls of the AWS provider 5.100.0 for that type. `npm run deploy-policy` refuses a synthesized type missing here
 * (__tests__/deploy/deploy-policy.test.ts checks every type the example environments synthesize), so a new type is
 * given its permissions before it ships.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
const ec2 = (...actions: string[]) => ['ec2:CreateTags', 'ec2:DeleteTags', ...actions.map((a) => `ec2:${a}`)];
const elb = (...actions: string[]) => ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags', ...actions.map((a) => `elasticloadbalancing:${a}`)];
const apigw = ['apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'];
const s3 = (...actions: string[]) => actions.map((a) => `s3:${a}`);

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
  aws_api_gateway_vpc_link: apigw,
  aws_appautoscaling_policy: ['application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy'],
  aws_appautoscaling_target: [
    'application-autoscaling:RegisterScalableTarget',
    'application-autoscaling:DeregisterScalableTarget',
    'application-autoscaling:TagResource',
    'application-autoscaling:UntagResource',
  ],
  aws_autoscaling_group_tag: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
  aws_cloudwatch_log_group: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource'],
  aws_default_security_group: ec2('RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress'),
  aws_ecr_pull_through_cache_rule: ['ecr:CreatePullThroughCacheRule', 'ecr:DeletePullThroughCacheRule', 'ecr:UpdatePullThroughCacheRule'],
  aws_ecr_repository: ['ecr:CreateRepository', 'ecr:DeleteRepository', 'ecr:PutImageScanningConfiguration', 'ecr:PutImageTagMutability', 'ecr:TagResource', 'ecr:UntagResource', 'ecr:BatchDeleteImage', 'ecr:ListImages'],
  aws_ecs_cluster: ['ecs:CreateCluster', 'ecs:DeleteCluster', 'ecs:UpdateCluster', 'ecs:UpdateClusterSettings', 'ecs:TagResource', 'ecs:UntagResource'],
  aws_ecs_cluster_capacity_providers: ['ecs:PutClusterCapacityProviders'],
  aws_ecs_service: ['ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService', 'ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource'],
  aws_ecs_task_definition: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource'],
  aws_eip: ec2('AllocateAddress', 'ReleaseAddress', 'DisassociateAddress'),
  aws_eks_access_entry: ['eks:CreateAccessEntry', 'eks:UpdateAccessEntry', 'eks:DeleteAccessEntry', 'eks:TagResource', 'eks:UntagResource'],
  aws_eks_access_policy_association: ['eks:AssociateAccessPolicy', 'eks:DisassociateAccessPolicy'],
  aws_eks_addon: ['eks:CreateAddon', 'eks:UpdateAddon', 'eks:DeleteAddon', 'eks:TagResource', 'eks:UntagResource', 'eks:DescribeAddonVersions'],
  aws_eks_cluster: ['eks:CreateCluster', 'eks:DeleteCluster', 'eks:UpdateClusterConfig', 'eks:UpdateClusterVersion', 'eks:AssociateEncryptionConfig', 'eks:TagResource', 'eks:UntagResource', 'eks:DescribeUpdate'],
  aws_eks_node_group: ['eks:CreateNodegroup', 'eks:DeleteNodegroup', 'eks:UpdateNodegroupConfig', 'eks:UpdateNodegroupVersion', 'eks:TagResource', 'eks:UntagResource', 'eks:DescribeUpdate'],
  aws_flow_log: ec2('CreateFlowLogs', 'DeleteFlowLogs'),
  aws_iam_openid_connect_provider: ['iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:TagOpenIDConnectProvider', 'iam:UntagOpenIDConnectProvider'],
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
  aws_route53_zone: ['route53:CreateHostedZone', 'route53:DeleteHostedZone', 'route53:ChangeTagsForResource', 'route53:AssociateVPCWithHostedZone', 'route53:DisassociateVPCFromHostedZone', 'route53:GetChange', 'ec2:DescribeVpcs'],
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
  aws_subnet: ec2('CreateSubnet', 'DeleteSubnet', 'ModifySubnetAttribute'),
  aws_vpc: ec2('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute'),
  aws_vpc_security_group_egress_rule: ec2('AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules'),
  aws_vpc_security_group_ingress_rule: ec2('AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules'),
  aws_dynamodb_table: ['dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateContinuousBackups', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource', 'dynamodb:TagResource', 'dynamodb:UntagResource'],
  'data.aws_iam_policy_document': [],
  'data.aws_secretsmanager_secret_versions': [],
};

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
