/**
 * Resource types with no charge of their own: configuration of a billed
 * resource (listeners, task definitions, policies), or free by AWS's pricing
 * pages (VPC, subnets, route tables, security groups, IAM: "no additional
 * charge", https://aws.amazon.com/vpc/pricing/, https://aws.amazon.com/iam/faqs/;
 * public ACM certificates, https://aws.amazon.com/certificate-manager/pricing/).
 * Any other type the estimate does not price is listed as "not priced".
 * A trailing `*` matches a prefix.
 */
export const NO_CHARGE_OF_ITS_OWN: readonly string[] = [
  'aws_vpc',
  'aws_subnet',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_internet_gateway',
  'aws_security_group',
  'aws_default_security_group',
  'aws_vpc_security_group_*',
  'aws_iam_*',
  'aws_kms_alias',
  'aws_acm_certificate',
  'aws_acm_certificate_validation',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_ecs_cluster',
  'aws_ecs_cluster_capacity_providers',
  'aws_ecs_task_definition',
  'aws_appautoscaling_*',
  'aws_eks_access_*',
  'aws_eks_addon',
  'aws_launch_template',
  'aws_autoscaling_group_tag',
  'aws_api_gateway_account',
  'aws_api_gateway_base_path_mapping',
  'aws_api_gateway_deployment',
  'aws_api_gateway_domain_name',
  'aws_api_gateway_integration',
  'aws_api_gateway_method',
  'aws_api_gateway_method_settings',
  'aws_api_gateway_resource',
  'aws_api_gateway_stage',
  'aws_api_gateway_vpc_link',
  'aws_flow_log',
  'aws_route53_record',
  'aws_s3_bucket_*',
];
