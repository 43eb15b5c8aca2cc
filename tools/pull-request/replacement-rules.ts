/**
 * Which argument changes make Terraform destroy and recreate a resource
 * (`# forces replacement` in a plan), for the resource types this repository
 * synthesizes, as data. Each entry is checked against the real AWS provider
 * (5.100.0) by `__tests__/review/replacement-rules.plan.test.ts`, which plans
 * every listed change from a prior state and expects exactly this effect.
 *
 * Attribute paths are dotted; list indices of nested blocks are left out
 * (`vpc_config.subnet_ids` matches `vpc_config[0].subnet_ids`).
 */

/**
 * - `replace`: Terraform destroys the resource and creates a new one; whatever
 *   runs on or through it is interrupted unless traffic moves elsewhere first.
 * - `revision`: Terraform replaces an immutable revision (an ECS task
 *   definition): a new revision is registered and the consumer rolls to it.
 * - `roll`: an in-place update that replaces the workload gradually
 *   (nodes of a node group, tasks of a service).
 */
export type ChangeEffect = 'replace' | 'revision' | 'roll';

/**
 * Which changes of the attribute count:
 * - `any` change;
 * - `element-removed`: a value that was in the old list is missing from the new one;
 * - `set-from-empty`: the attribute had no value (or an empty list) and now has one.
 */
export type ChangeTrigger = 'any' | 'element-removed' | 'set-from-empty';

export interface ChangeRule {
  readonly resourceType: string;
  readonly effect: ChangeEffect;
  /** Arguments whose change has this effect. */
  readonly attributes: readonly string[];
  /** @default any */
  readonly trigger?: ChangeTrigger;
  /** The rule applies only while the resource's (new) value of `attribute` is `equals`. @default - always */
  readonly when?: { readonly attribute: string; readonly equals: string | number | boolean };
  /** What the effect means for this resource, for the reviewer (for a replacement: destroyed first, Terraform's default). */
  readonly impact: string;
  /** What a replacement means when the resource has `lifecycle.create_before_destroy`. @default impact */
  readonly impactCreateFirst?: string;
  /** The AWS provider documentation of the resource. */
  readonly docs: string;
}

const PROVIDER_DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources';

function docs(resourceType: string): string {
  return `${PROVIDER_DOCS}/${resourceType.replace(/^aws_/, '')}`;
}

function rule(resourceType: string, effect: ChangeEffect, attributes: readonly string[], impact: string, options: Pick<ChangeRule, 'trigger' | 'when' | 'impactCreateFirst'> = {}): ChangeRule {
  return { resourceType, effect, attributes, impact, docs: docs(resourceType), ...options };
}

export const CHANGE_RULES: readonly ChangeRule[] = [
  // Network
  rule('aws_vpc', 'replace', ['cidr_block'], 'a new VPC: every subnet, route table, NAT gateway and workload in it is recreated'),
  rule(
    'aws_subnet',
    'replace',
    ['cidr_block', 'availability_zone', 'availability_zone_id', 'vpc_id'],
    'a new subnet: ENIs in it (NAT gateways, load balancers, nodes, tasks) must leave first, and everything referencing the subnet id is updated or recreated',
  ),
  rule('aws_nat_gateway', 'replace', ['subnet_id', 'allocation_id', 'connectivity_type'], 'private subnets routed through this NAT gateway lose internet egress until the new one is up'),
  rule('aws_route_table', 'replace', ['vpc_id'], 'routes are recreated; subnets associated with it briefly fall back to the main route table'),
  rule('aws_route_table_association', 'replace', ['subnet_id', 'gateway_id'], 'the subnet falls back to the main route table until the new association exists'),
  rule('aws_route', 'replace', ['route_table_id', 'destination_cidr_block'], 'the route is deleted before it is recreated: traffic to the destination is dropped in between'),
  rule('aws_security_group', 'replace', ['name', 'name_prefix', 'description', 'vpc_id'], 'a new security group: ENIs using the old one must be moved to the new one before it can be deleted', {
    impactCreateFirst: 'the new security group exists first; resources using it switch to it, then the old one is deleted once no ENI uses it',
  }),
  rule('aws_default_security_group', 'replace', ['vpc_id'], 'the default security group of another VPC is adopted'),
  ...['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'].flatMap((type) => [
    rule(type, 'replace', ['security_group_id'], 'the rule is deleted from the old group before it is added to the new one: the traffic it allowed is refused in between'),
    // Changing a CIDR to another CIDR (or one group to another) is in place; switching the kind of peer is not.
    rule(
      type,
      'replace',
      ['cidr_ipv4', 'referenced_security_group_id'],
      'switching the peer between a CIDR and a security group deletes the rule before adding it again: the traffic it allowed is refused in between',
      {
        trigger: 'set-from-empty',
      },
    ),
  ]),
  rule(
    'aws_eip',
    'replace',
    ['domain'],
    'a new Elastic IP with a new public address: the NAT gateway using it is replaced (its private subnets lose egress meanwhile) and egress then leaves from the new address, which allow lists elsewhere must follow',
  ),
  rule(
    'aws_vpc_endpoint',
    'replace',
    ['vpc_id', 'service_name', 'vpc_endpoint_type'],
    "a new endpoint: until it is available the service's traffic loses its private path (a gateway endpoint's routes, an interface endpoint's private DNS names), so it goes through the NAT gateway or fails where it has no route",
  ),
  rule(
    'aws_flow_log',
    'replace',
    ['log_destination', 'log_destination_type', 'traffic_type', 'iam_role_arn', 'vpc_id', 'max_aggregation_interval'],
    'a gap in VPC flow logs while the flow log is recreated',
  ),
  // Encryption and logs
  rule(
    'aws_kms_key',
    'replace',
    ['customer_master_key_spec', 'key_usage', 'multi_region'],
    'a new key: data encrypted with the old key needs it until the old key is deleted after its waiting period',
  ),
  rule('aws_kms_alias', 'replace', ['name', 'name_prefix'], 'callers using the old alias name fail'),
  rule('aws_cloudwatch_log_group', 'replace', ['name', 'name_prefix', 'log_group_class'], 'the log group and all its log events are deleted'),
  rule(
    'aws_secretsmanager_secret',
    'replace',
    ['name', 'name_prefix'],
    'a new secret without a value: what reads it fails until a value is put (tasks that read it do not start; through an ECR pull-through cache credential, pulls of images not cached yet fail, and its name must keep the ecr-pullthroughcache/ prefix); the old one is only scheduled for deletion (its recovery window)',
  ),
  // Observability
  rule(
    'aws_cloudwatch_metric_alarm',
    'replace',
    ['alarm_name'],
    "the old alarm is deleted and a new one starts in INSUFFICIENT_DATA without the old one's history; an ECS service whose deployment alarms name it is updated to the new name",
  ),
  rule('aws_cloudwatch_dashboard', 'replace', ['dashboard_name'], 'the dashboard is deleted and created under the new name: links and bookmarks to the old one break'),
  rule(
    'aws_sns_topic',
    'replace',
    ['name', 'name_prefix', 'fifo_topic'],
    'a new topic with a new ARN: its subscriptions are recreated and email subscribers must confirm again; alarms publishing to it follow, and notifications sent in between are lost',
  ),
  rule('aws_sns_topic_policy', 'replace', ['arn'], 'the policy is removed from the old topic and set on the new one'),
  rule(
    'aws_sns_topic_subscription',
    'replace',
    ['topic_arn', 'protocol', 'endpoint'],
    'a new subscription, pending until its endpoint confirms it (an email address must follow the confirmation link): no notification reaches it until then',
  ),
  // IAM
  rule('aws_iam_role', 'replace', ['name', 'name_prefix', 'path'], 'a new role with a new unique id: resource policies that name the old role by ARN stop matching until updated'),
  rule('aws_iam_role_policy', 'replace', ['name', 'name_prefix', 'role'], 'the inline policy is removed and added again: a short window without these permissions'),
  rule('aws_iam_role_policy_attachment', 'replace', ['role', 'policy_arn'], 'the managed policy is detached before it is attached again: a short window without these permissions'),
  rule('aws_iam_openid_connect_provider', 'replace', ['url'], 'roles for service accounts (IRSA) trusting the old provider stop working until their trust policies follow'),
  // State
  rule('aws_s3_bucket', 'replace', ['bucket', 'bucket_prefix', 'object_lock_enabled'], 'a new, empty bucket; the old one can only be deleted once empty'),
  rule('aws_dynamodb_table', 'replace', ['name', 'hash_key', 'range_key'], 'a new, empty table'),
  // A bucket's settings are their own resources: `bucket` changes when the bucket is replaced (inherited) or renamed.
  rule('aws_s3_bucket_policy', 'replace', ['bucket'], 'the policy is deleted from the old bucket (its deny statements stop protecting it) and set on the new one'),
  rule('aws_s3_bucket_public_access_block', 'replace', ['bucket'], "the old bucket's public access block is deleted: only the account's block protects it until it is gone"),
  rule('aws_s3_bucket_ownership_controls', 'replace', ['bucket'], "the old bucket's object ownership setting is deleted and set on the new bucket"),
  rule('aws_s3_bucket_server_side_encryption_configuration', 'replace', ['bucket'], "the old bucket's default encryption configuration is deleted (S3 falls back to SSE-S3) and set on the new bucket"),
  rule('aws_s3_bucket_versioning', 'replace', ['bucket'], 'versioning of the old bucket is suspended (it cannot be turned off) and enabled on the new bucket'),
  rule('aws_s3_bucket_lifecycle_configuration', 'replace', ['bucket'], "the old bucket's lifecycle rules are deleted (its objects no longer expire) and set on the new bucket"),
  // DNS and certificates
  rule('aws_route53_zone', 'replace', ['name'], 'a new hosted zone with new name servers: the parent delegation must be updated'),
  rule('aws_route53_record', 'replace', ['zone_id', 'name'], 'the record is deleted before it is recreated: resolvers get NXDOMAIN in between (negative caching extends it)'),
  rule(
    'aws_acm_certificate',
    'replace',
    ['domain_name', 'subject_alternative_names', 'key_algorithm', 'validation_method', 'certificate_authority_arn'],
    'the old certificate is deleted first, which fails while a listener uses it; the new one must validate before listeners can use it',
    {
      impactCreateFirst: 'the new certificate is issued and validated while the old one still serves; listeners switch to it, then the old one is deleted',
    },
  ),
  rule('aws_acm_certificate_validation', 'replace', ['certificate_arn', 'validation_record_fqdns'], 'waits again for DNS validation'),
  // Load balancers
  rule(
    'aws_lb',
    'replace',
    ['name', 'name_prefix', 'internal', 'load_balancer_type'],
    'a new load balancer with a new DNS name: traffic stops until DNS points at it, and every listener and attachment is recreated',
  ),
  rule('aws_lb', 'replace', ['subnets'], 'removing a subnet from a Network Load Balancer recreates it (adding one is in place): new DNS name and addresses', {
    trigger: 'element-removed',
    when: { attribute: 'load_balancer_type', equals: 'network' },
  }),
  rule('aws_lb', 'replace', ['security_groups'], 'a Network Load Balancer created without security groups is recreated to get some: new DNS name and addresses', {
    trigger: 'set-from-empty',
    when: { attribute: 'load_balancer_type', equals: 'network' },
  }),
  rule(
    'aws_lb_target_group',
    'replace',
    ['name', 'name_prefix', 'port', 'protocol', 'protocol_version', 'target_type', 'vpc_id'],
    'a new target group: listeners and services that forward to it are updated and targets register again',
    {
      impactCreateFirst: 'the new target group exists first; listeners and services switch to it and targets register again before the old one is deleted',
    },
  ),
  rule('aws_lb_listener', 'replace', ['load_balancer_arn'], 'the listener is recreated: its port refuses connections in between'),
  rule('aws_lb_listener_rule', 'replace', ['listener_arn'], "the rule is deleted first: requests it routed get the listener's default action until it is recreated"),
  rule('aws_lb_listener_certificate', 'replace', ['listener_arn', 'certificate_arn'], 'the extra certificate is detached and attached again'),
  // WAF
  rule(
    'aws_wafv2_web_acl',
    'replace',
    ['name', 'scope'],
    'a new web ACL: its association and logging configuration are recreated with it, so the load balancer serves without WAF rules until the new association exists',
  ),
  rule(
    'aws_wafv2_ip_set',
    'replace',
    ['name', 'scope', 'ip_address_version'],
    'the old IP set is deleted first, which WAF refuses while a web ACL rule references it (WAFAssociatedItemException): the apply fails until no rule uses it',
  ),
  rule(
    'aws_wafv2_web_acl_association',
    'replace',
    ['resource_arn', 'web_acl_arn'],
    'the association is deleted before the new one is created: the load balancer serves without the web ACL in between',
  ),
  rule(
    'aws_wafv2_web_acl_logging_configuration',
    'replace',
    ['resource_arn', 'log_destination_configs'],
    "the web ACL's request logging stops until the new logging configuration exists: requests in between are not logged",
  ),
  // API Gateway
  rule(
    'aws_api_gateway_domain_name',
    'replace',
    ['domain_name'],
    'a new custom domain with a new regional target: its base path mappings and DNS alias follow, and the API is unreachable under its domain until DNS points at the new target',
  ),
  rule('aws_api_gateway_base_path_mapping', 'replace', ['domain_name'], 'the mapping is deleted first: the API is unreachable under the custom domain until it is recreated'),
  rule('aws_api_gateway_resource', 'replace', ['rest_api_id'], 'the resource is recreated with its methods and integrations; callers see it once a new deployment publishes it'),
  rule(
    'aws_api_gateway_method',
    'replace',
    ['rest_api_id', 'resource_id', 'http_method'],
    'the method and its integration are recreated; the stage serves its deployed snapshot until a new deployment publishes the change',
  ),
  rule(
    'aws_api_gateway_integration',
    'replace',
    ['rest_api_id', 'resource_id', 'http_method', 'type', 'integration_http_method'],
    'the integration is recreated; the stage serves its deployed snapshot until a new deployment publishes the change',
  ),
  rule(
    'aws_api_gateway_method_settings',
    'replace',
    ['rest_api_id', 'stage_name', 'method_path'],
    "the stage's logging, metrics and throttling settings for these methods fall back to the stage's defaults until they are recreated",
  ),
  rule('aws_api_gateway_vpc_link', 'replace', ['target_arns'], 'a new VPC link (it takes minutes to become available): integrations using it fail until then'),
  rule('aws_api_gateway_stage', 'replace', ['rest_api_id', 'stage_name'], 'the stage URL disappears while it is recreated'),
  rule('aws_api_gateway_deployment', 'revision', ['rest_api_id', 'triggers'], 'a new deployment snapshot; the stage moves to it, which is how API changes are published'),
  // Containers
  rule('aws_ecs_cluster', 'replace', ['name'], 'every service and task in the cluster is recreated'),
  rule('aws_ecs_cluster_capacity_providers', 'replace', ['cluster_name'], 'the capacity provider settings are deleted from the old cluster and set on the new one'),
  rule(
    'aws_ecr_repository',
    'replace',
    ['name', 'encryption_configuration.encryption_type'],
    "a new, empty repository: the old one's images are lost (deleting it fails while it holds images unless force_delete is set)",
  ),
  rule(
    'aws_ecr_pull_through_cache_rule',
    'replace',
    ['ecr_repository_prefix', 'upstream_registry_url'],
    'pulls through the old prefix fail: task definitions whose images name it must follow; images already cached stay in their repositories',
  ),
  rule(
    'aws_appautoscaling_target',
    'replace',
    ['resource_id', 'scalable_dimension', 'service_namespace'],
    'the scalable target is deregistered (which deletes its scaling policies) before the new one is registered: no scaling in between',
  ),
  rule(
    'aws_appautoscaling_policy',
    'replace',
    ['name', 'resource_id', 'scalable_dimension', 'service_namespace'],
    'the scaling policy and its CloudWatch alarms are deleted before the new one exists: no scaling on its metric in between',
  ),
  rule('aws_ecs_service', 'replace', ['name', 'cluster', 'launch_type', 'scheduling_strategy'], 'all tasks of the service stop before the new service starts them again'),
  rule('aws_ecs_service', 'roll', ['task_definition'], "a rolling deployment within the service's minimum/maximum healthy percent"),
  rule(
    'aws_ecs_task_definition',
    'revision',
    ['family', 'container_definitions', 'cpu', 'memory', 'network_mode', 'execution_role_arn', 'task_role_arn', 'requires_compatibilities', 'runtime_platform', 'volume', 'ephemeral_storage'],
    'a new task definition revision: the service rolls its tasks to it (no downtime by itself); the old revision is deregistered',
  ),
  // EKS
  rule(
    'aws_eks_cluster',
    'replace',
    [
      'name',
      'role_arn',
      'kubernetes_network_config.service_ipv4_cidr',
      'kubernetes_network_config.ip_family',
      'bootstrap_self_managed_addons',
      'access_config.bootstrap_cluster_creator_admin_permissions',
    ],
    'a new control plane: every node group, add-on and workload of the cluster is recreated',
  ),
  rule('aws_eks_cluster', 'roll', ['version'], 'a control plane upgrade in place; node groups upgrade separately'),
  rule(
    'aws_eks_node_group',
    'replace',
    [
      'cluster_name',
      'node_group_name',
      'node_group_name_prefix',
      'node_role_arn',
      'subnet_ids',
      'capacity_type',
      'instance_types',
      'ami_type',
      'disk_size',
      'launch_template.id',
      'launch_template.name',
      'remote_access',
    ],
    "the group's nodes are drained and terminated before the new group has nodes: pods on it are evicted and wait for capacity",
    {
      impactCreateFirst: "the new group's nodes join first; then the old group's nodes are drained and terminated and their pods move to the new nodes",
    },
  ),
  rule('aws_eks_node_group', 'roll', ['launch_template.version', 'version', 'release_version'], "a rolling update of the group's nodes (update_config.max_unavailable at a time)"),
  rule('aws_launch_template', 'replace', ['name', 'name_prefix'], 'a new launch template: node groups using it by id are replaced', {
    impactCreateFirst: 'a new launch template exists first: node groups using it by id are replaced, then the old template is deleted',
  }),
  rule('aws_eks_addon', 'replace', ['addon_name', 'cluster_name'], 'the add-on is removed and installed again'),
  rule(
    'aws_autoscaling_group_tag',
    'replace',
    ['autoscaling_group_name', 'tag.key'],
    "the tag is removed from the node group's Auto Scaling group before it is added again: the cluster autoscaler may not scale that group from zero in between",
  ),
  rule('aws_eks_access_entry', 'replace', ['cluster_name', 'principal_arn', 'type'], 'the principal loses access to the cluster until the new access entry and its policy associations exist'),
  rule('aws_eks_access_policy_association', 'replace', ['cluster_name', 'principal_arn', 'policy_arn', 'access_scope'], 'the principal loses this access policy until the new association exists'),
];

/**
 * Resource types the stacks create that have no rule above because every
 * argument the stacks set is updated in place by provider 5.100.0: per type,
 * the arguments the plan test changes to prove it (an in-place update
 * expected). A unit test fails when the product creates a type that is in
 * neither list, so a new type cannot be left out silently.
 */
export const UPDATED_IN_PLACE: Readonly<Record<string, readonly string[]>> = {
  // Detached from the old VPC and attached to the new one, keeping its id (the old VPC loses internet access).
  aws_internet_gateway: ['vpc_id'],
  // The account-wide CloudWatch role of API Gateway in the region: one per account, never recreated.
  aws_api_gateway_account: ['cloudwatch_role_arn', 'reset_on_delete'],
  // A new name or endpoint type keeps the API's id and its invoke URL.
  aws_api_gateway_rest_api: ['name', 'description', 'endpoint_configuration.types', 'disable_execute_api_endpoint'],
};

/** The rules of one resource type. */
export function rulesFor(resourceType: string): readonly ChangeRule[] {
  return CHANGE_RULES.filter((entry) => entry.resourceType === resourceType);
}
