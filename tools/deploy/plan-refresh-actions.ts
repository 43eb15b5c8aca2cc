/**
 * The IAM actions `terraform plan` needs to refresh each resource and data source type the stacks synthesize (AWS
 * provider 5.100.0 read functions), and the backend's: the PR plan role (docs/credentials.md,
 * docs/policies/plan-role-policy.json) must deny none of them. `__tests__/review/plan-role-policy.test.ts` fails when
 * the example environments synthesize a type this table does not list, so a new type is checked before it ships.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
const elb = (...actions: string[]) => ['elasticloadbalancing:DescribeTags', ...actions.map((a) => `elasticloadbalancing:${a}`)];
const s3Bucket = (...actions: string[]) => actions.map((a) => `s3:${a}`);

export const PLAN_REFRESH_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  aws_acm_certificate: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
  aws_acm_certificate_validation: ['acm:DescribeCertificate'],
  aws_api_gateway_account: ['apigateway:GET'],
  aws_api_gateway_base_path_mapping: ['apigateway:GET'],
  aws_api_gateway_deployment: ['apigateway:GET'],
  aws_api_gateway_domain_name: ['apigateway:GET'],
  aws_api_gateway_integration: ['apigateway:GET'],
  aws_api_gateway_method: ['apigateway:GET'],
  aws_api_gateway_method_settings: ['apigateway:GET'],
  aws_api_gateway_resource: ['apigateway:GET'],
  aws_api_gateway_rest_api: ['apigateway:GET'],
  aws_api_gateway_stage: ['apigateway:GET'],
  aws_api_gateway_vpc_link: ['apigateway:GET'],
  aws_appautoscaling_policy: ['application-autoscaling:DescribeScalingPolicies'],
  aws_appautoscaling_target: ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:ListTagsForResource'],
  aws_autoscaling_group_tag: ['autoscaling:DescribeTags'],
  aws_cloudwatch_dashboard: ['cloudwatch:GetDashboard'],
  // The legacy lock table (state.lockTable): the provider reads the table, its backups and TTL settings, and its tags.
  aws_dynamodb_table: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
  aws_cloudwatch_log_group: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
  aws_cloudwatch_metric_alarm: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
  aws_default_security_group: ['ec2:DescribeSecurityGroups'],
  aws_ecr_pull_through_cache_rule: ['ecr:DescribePullThroughCacheRules'],
  aws_ecr_repository: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource'],
  aws_ecs_cluster: ['ecs:DescribeClusters'],
  aws_ecs_cluster_capacity_providers: ['ecs:DescribeClusters'],
  aws_ecs_service: ['ecs:DescribeServices'],
  aws_ecs_task_definition: ['ecs:DescribeTaskDefinition'],
  aws_eip: ['ec2:DescribeAddresses', 'ec2:DescribeAddressesAttribute'],
  aws_eks_access_entry: ['eks:DescribeAccessEntry'],
  aws_eks_access_policy_association: ['eks:ListAssociatedAccessPolicies'],
  aws_eks_addon: ['eks:DescribeAddon'],
  aws_eks_cluster: ['eks:DescribeCluster'],
  aws_eks_node_group: ['eks:DescribeNodegroup'],
  aws_flow_log: ['ec2:DescribeFlowLogs'],
  aws_iam_openid_connect_provider: ['iam:GetOpenIDConnectProvider'],
  aws_iam_role: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies'],
  aws_iam_role_policy: ['iam:GetRolePolicy'],
  aws_iam_role_policy_attachment: ['iam:ListAttachedRolePolicies'],
  aws_internet_gateway: ['ec2:DescribeInternetGateways'],
  aws_kms_alias: ['kms:ListAliases'],
  // The key's metadata, policy and rotation: no Decrypt (that is only for the state's key).
  aws_kms_key: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
  aws_launch_template: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
  aws_lb: elb('DescribeLoadBalancers', 'DescribeLoadBalancerAttributes'),
  aws_lb_listener: elb('DescribeListeners', 'DescribeListenerAttributes'),
  aws_lb_listener_rule: elb('DescribeRules'),
  aws_lb_target_group: elb('DescribeTargetGroups', 'DescribeTargetGroupAttributes'),
  aws_nat_gateway: ['ec2:DescribeNatGateways'],
  aws_route: ['ec2:DescribeRouteTables'],
  aws_route53_record: ['route53:ListResourceRecordSets'],
  aws_route53_zone: ['route53:GetHostedZone', 'route53:ListTagsForResource'],
  aws_route_table: ['ec2:DescribeRouteTables'],
  aws_route_table_association: ['ec2:DescribeRouteTables'],
  // Bucket configuration only: never an object (s3:GetObject is denied but on the state objects).
  aws_s3_bucket: s3Bucket(
    'ListBucket',
    'GetBucketPolicy',
    'GetBucketAcl',
    'GetBucketCORS',
    'GetBucketWebsite',
    'GetBucketVersioning',
    'GetAccelerateConfiguration',
    'GetBucketRequestPayment',
    'GetBucketLogging',
    'GetLifecycleConfiguration',
    'GetReplicationConfiguration',
    'GetEncryptionConfiguration',
    'GetBucketObjectLockConfiguration',
    'GetBucketTagging',
  ),
  aws_s3_bucket_lifecycle_configuration: s3Bucket('GetLifecycleConfiguration'),
  aws_s3_bucket_ownership_controls: s3Bucket('GetBucketOwnershipControls'),
  aws_s3_bucket_policy: s3Bucket('GetBucketPolicy'),
  aws_s3_bucket_public_access_block: s3Bucket('GetBucketPublicAccessBlock'),
  aws_s3_bucket_server_side_encryption_configuration: s3Bucket('GetEncryptionConfiguration'),
  aws_s3_bucket_versioning: s3Bucket('GetBucketVersioning'),
  // DescribeSecret returns metadata, never the value: a secret is refreshed without GetSecretValue.
  aws_secretsmanager_secret: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
  aws_security_group: ['ec2:DescribeSecurityGroups'],
  aws_sns_topic: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
  aws_sns_topic_policy: ['sns:GetTopicAttributes'],
  aws_sns_topic_subscription: ['sns:GetSubscriptionAttributes'],
  aws_subnet: ['ec2:DescribeSubnets'],
  // The read also looks up the VPC's default network ACL, main route table and default security group
  // (provider resourceVPCRead: findVPCDefaultNetworkACL, findVPCMainRouteTable, findVPCDefaultSecurityGroup).
  aws_vpc: ['ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute', 'ec2:DescribeNetworkAcls', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups'],
  aws_vpc_endpoint: ['ec2:DescribeVpcEndpoints', 'ec2:DescribePrefixLists'],
  aws_vpc_security_group_egress_rule: ['ec2:DescribeSecurityGroupRules'],
  aws_vpc_security_group_ingress_rule: ['ec2:DescribeSecurityGroupRules'],
  aws_wafv2_ip_set: ['wafv2:GetIPSet', 'wafv2:ListTagsForResource'],
  aws_wafv2_web_acl: ['wafv2:GetWebACL', 'wafv2:ListTagsForResource'],
  aws_wafv2_web_acl_association: ['wafv2:GetWebACLForResource'],
  aws_wafv2_web_acl_logging_configuration: ['wafv2:GetLoggingConfiguration'],
  // Rendered by Terraform itself: no AWS call.
  'data.aws_iam_policy_document': [],
  // Looked up by name (dns.domain without a zone of the stack): the provider pages ListHostedZones, then reads the zone and its tags.
  'data.aws_route53_zone': ['route53:ListHostedZones', 'route53:GetHostedZone', 'route53:ListTagsForResource'],
  // The secret-value guard (lib/ecs/proxy-secrets.ts) lists version ids and stages (ListSecretVersionIds), not values.
  'data.aws_secretsmanager_secret_versions': ['secretsmanager:ListSecretVersionIds'],
};

/** What every plan calls besides the refresh: the provider's account check (`allowed_account_ids`). */
export const PLAN_PROVIDER_ACTIONS: readonly string[] = ['sts:GetCallerIdentity'];
