/**
 * Resource types with no charge of their own, each with the reason and where it
 * is documented: configuration of a billed resource (its cost is on that
 * resource's lines), or free by AWS's pricing pages. A trailing `*` matches a
 * prefix. A synthesized type that is neither priced by the estimate
 * (`PRICED_TYPES`, tools/cost/estimate.ts) nor listed here is "not priced": the
 * total becomes a lower bound, and `cost.requireFullCoverage` fails the
 * command (docs/cost.md, "Adding a resource type").
 */
export const NO_CHARGE_OF_ITS_OWN: Readonly<Record<string, string>> = {
  aws_vpc: 'no charge for a VPC itself (https://aws.amazon.com/vpc/pricing/)',
  aws_subnet: 'part of the VPC, no charge (https://aws.amazon.com/vpc/pricing/)',
  aws_route: 'part of the VPC, no charge (https://aws.amazon.com/vpc/pricing/)',
  aws_route_table: 'part of the VPC, no charge (https://aws.amazon.com/vpc/pricing/)',
  aws_route_table_association: 'part of the VPC, no charge (https://aws.amazon.com/vpc/pricing/)',
  aws_internet_gateway: 'no hourly charge; data transfer out is the internet egress line (https://aws.amazon.com/vpc/pricing/)',
  aws_security_group: 'no charge (https://aws.amazon.com/vpc/pricing/: security groups are a VPC feature at no additional charge)',
  aws_default_security_group: 'no charge (https://aws.amazon.com/vpc/pricing/)',
  'aws_vpc_security_group_*': 'rules of a security group, no charge (https://aws.amazon.com/vpc/pricing/)',
  aws_flow_log: 'the flow log delivers to a CloudWatch log group, priced on that group\'s lines (https://aws.amazon.com/cloudwatch/pricing/, "Vended logs")',
  'aws_iam_*': 'IAM is offered at no additional charge (https://aws.amazon.com/iam/faqs/)',
  aws_sns_topic:
    'no charge for a topic; publishes and deliveries are billed per request, and alarm notifications stay far inside the free tier (1 million publishes, 1,000 e-mails a month) (https://aws.amazon.com/sns/pricing/)',
  aws_sns_topic_policy: 'configuration of a topic, no charge (https://aws.amazon.com/sns/pricing/)',
  aws_sns_topic_subscription: 'deliveries are billed per notification, within the free tier for alarm volumes (https://aws.amazon.com/sns/pricing/)',
  aws_wafv2_ip_set: 'WAF bills web ACLs, rules and requests, not IP sets; the rule that references it is priced on the web ACL (https://aws.amazon.com/waf/pricing/)',
  aws_wafv2_web_acl_association: 'WAF bills the web ACL, its rules and the requests it inspects, priced on the web ACL (https://aws.amazon.com/waf/pricing/)',
  aws_wafv2_web_acl_logging_configuration: 'the web ACL logs to a CloudWatch log group, priced on that group\'s lines (https://aws.amazon.com/cloudwatch/pricing/, "Vended logs")',
  aws_kms_alias: 'an alias of a key; the key is priced (https://aws.amazon.com/kms/pricing/)',
  aws_acm_certificate: 'public certificates are free (https://aws.amazon.com/certificate-manager/pricing/)',
  aws_acm_certificate_validation: 'a wait for validation, no AWS resource (Terraform provider docs)',
  aws_lb_listener: 'configuration of a load balancer, priced on its hours and capacity units (https://aws.amazon.com/elasticloadbalancing/pricing/)',
  aws_lb_listener_rule: 'configuration of a load balancer (https://aws.amazon.com/elasticloadbalancing/pricing/)',
  aws_lb_target_group: 'configuration of a load balancer (https://aws.amazon.com/elasticloadbalancing/pricing/)',
  aws_ecs_cluster_capacity_providers: 'configuration of the cluster; Fargate is billed per task (https://aws.amazon.com/fargate/pricing/)',
  aws_ecs_task_definition: 'a definition; its tasks are billed on the service lines (https://aws.amazon.com/fargate/pricing/)',
  aws_appautoscaling_target: 'Application Auto Scaling has no charge of its own (https://aws.amazon.com/autoscaling/pricing/); the alarms of its policies are priced on the policy',
  aws_appautoscaling_scheduled_action: 'Application Auto Scaling has no charge of its own (https://aws.amazon.com/autoscaling/pricing/)',
  'aws_eks_access_*': 'configuration of the cluster (https://aws.amazon.com/eks/pricing/)',
  aws_eks_addon: 'EKS add-ons have no charge of their own; they run on the nodes (https://aws.amazon.com/eks/pricing/)',
  aws_launch_template: 'no charge for a template; its root volumes are priced on the node group that uses it (https://aws.amazon.com/ec2/pricing/)',
  aws_autoscaling_group_tag: 'a tag, no charge',
  aws_api_gateway_account: 'account settings (the CloudWatch role), no charge (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_base_path_mapping: 'configuration of a custom domain, no charge (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_deployment: 'a snapshot of the API, no charge (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_domain_name: 'custom domain names have no charge of their own (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_integration: 'configuration of a method; requests are priced on the REST API (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_method: 'configuration of the API; requests are priced on the REST API (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_resource: 'configuration of the API (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_stage: 'a stage has no charge of its own without a cache cluster; its detailed metrics are priced on the method settings (https://aws.amazon.com/api-gateway/pricing/)',
  aws_api_gateway_vpc_link: "a REST API's VPC link has no charge of its own; the NLB it targets is priced (https://aws.amazon.com/api-gateway/pricing/)",
  aws_route53_record: 'records are free; queries to alias records that point at ELB or API Gateway are free (https://aws.amazon.com/route53/pricing/)',
  aws_ecr_pull_through_cache_rule: "a rule has no charge; the cached images are priced as the repository's storage (https://aws.amazon.com/ecr/pricing/)",
  'aws_s3_bucket_*': "configuration of a bucket, priced on the bucket's storage (https://aws.amazon.com/s3/pricing/)",
};

/** The reason a resource type costs nothing of its own, or undefined when it is not listed. */
export function noChargeReason(type: string): string | undefined {
  const match = Object.keys(NO_CHARGE_OF_ITS_OWN).find((pattern) => type === pattern || (pattern.endsWith('*') && type.startsWith(pattern.slice(0, -1))));
  return match === undefined ? undefined : NO_CHARGE_OF_ITS_OWN[match];
}
