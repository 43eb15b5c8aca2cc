import type { SynthesizedBlock, SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { PLAN_PROVIDER_ACTIONS, PLAN_REFRESH_ACTIONS } from './plan-refresh-actions';
import { ACCOUNT_WIDE_ACTIONS, DEPLOY_TOOL_ACTIONS, DEPLOY_WRITE_ACTIONS, EKS_SECRETS_ENCRYPTION_ACTIONS, SERVICE_LINKED_ROLES, TARGET_TRACKING_ALARM_ACTIONS } from './deploy-actions';
import type { SynthesizedEnvironment } from './synthesized-environment';

/**
 * The IAM policy the identity that runs `npm run deploy -- <env>` needs (docs/deploy.md, "Prerequisites"), derived
 * from the resource and data source types the environment's two stacks synthesize: each type's refresh actions
 * (what `terraform plan` reads) and its create, update, tag and delete actions (deploy-actions.ts). Where a resource's
 * name is known at synth, its statements are scoped to the ARNs of exactly those names (IAM roles and their policies,
 * the cluster's OIDC provider (by its EKS issuer pattern), Secrets Manager secrets, log groups, S3 buckets, ECR repositories,
 * alarms, dashboards, SNS topics and their subscriptions, WAF web ACLs and IP sets by name), and iam:PassRole to the stack's own roles; the
 * state objects to `<env>/` of the state bucket. The rest (EC2 with VPC endpoints, ELB, ECS, EKS, API Gateway, ACM, Route 53,
 * KMS keys by generated id, web ACL associations naming resources by generated id) is `*`: their ARNs contain ids AWS generates at create time, and so are the actions that take no
 * resource-level permission (ACCOUNT_WIDE_ACTIONS). Besides Terraform's calls: what AWS services do with the caller's
 * permissions (a VPC link's endpoint service, target tracking alarms, the EKS key grant), and what `npm run deploy`
 * itself calls with the aws CLI and docker (the secret values, the image cache: DEPLOY_TOOL_ACTIONS).
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface DeployPolicyInput {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly stateBucket: string;
  /** The state bucket's region (state.region, else the environment's): where S3 uses the state's KMS key. */
  readonly stateRegion: string;
  readonly stacks: readonly SynthesizedStack[];
  /** What `npm run deploy` itself reads and writes with the aws CLI and docker (deployToolTargets). */
  readonly deployTool: DeployToolTargets;
}

/** The names `npm run deploy`'s own commands act on (tools/deploy/deploy-steps.ts, deploy-environment.ts). */
export interface DeployToolTargets {
  /** Secrets whose versions it lists and which it fills (generated, or put from the environment in CI). */
  readonly secretNames: readonly string[];
  /** Pull through cache repositories it logs in to, pulls from (warming the cache) and describes images of. */
  readonly cacheRepositories: readonly string[];
}

/** The policy's input for an environment as synthesized (its bootstrap and platform stacks, read by the caller). */
export function deployPolicyInput(env: SynthesizedEnvironment, stacks: readonly SynthesizedStack[]): DeployPolicyInput {
  const { environment, accountId, region, stateBucket, stateRegion } = env;
  return { environment, accountId, region, stateBucket, stateRegion, stacks, deployTool: deployToolTargets(env) };
}

function deployToolTargets(env: SynthesizedEnvironment): DeployToolTargets {
  return {
    secretNames: env.secrets.map((secret) => secret.name),
    cacheRepositories: unique(env.imageCache?.images.map((image) => image.repository) ?? []),
  };
}

/** A synthesized type with no entry in deploy-actions.ts: the policy would be incomplete. */
export class UnknownResourceTypeError extends Error {
  override readonly name = 'UnknownResourceTypeError';
}

/** Types whose ARNs are built from a name known at synth, and how. */
const SCOPED: readonly { sid: string; types: readonly string[]; arns: (block: SynthesizedBlock, input: DeployPolicyInput) => string[] }[] = [
  {
    sid: 'IamRolesOfThisEnvironment',
    types: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment'],
    arns: (block, { accountId }) => named(block.type === 'aws_iam_role' ? block.values.name : undefined).map((name) => `arn:aws:iam::${accountId}:role/${name}`),
  },
  {
    sid: 'EksOidcProviders',
    types: ['aws_iam_openid_connect_provider'],
    // The issuer's id is the cluster's, known only once it exists; the provider is always an EKS issuer of this region.
    arns: (_, { accountId, region }) => [`arn:aws:iam::${accountId}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`],
  },
  {
    sid: 'SecretsOfThisEnvironment',
    types: ['aws_secretsmanager_secret', 'data.aws_secretsmanager_secret_versions'],
    // Secrets Manager appends a hyphen and six random characters to the ARN.
    arns: (block, { accountId, region }) => named(block.values.name).map((name) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-??????`),
  },
  {
    sid: 'LogGroupsOfThisEnvironment',
    types: ['aws_cloudwatch_log_group'],
    arns: (block, { accountId, region }) =>
      named(block.values.name).flatMap((name) => [`arn:aws:logs:${region}:${accountId}:log-group:${name}`, `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`]),
  },
  {
    sid: 'BucketsOfThisEnvironment',
    types: [
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ],
    arns: (block) => named(block.type === 'aws_s3_bucket' ? block.values.bucket : undefined).flatMap((bucket) => [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]),
  },
  {
    sid: 'EcrRepositoriesOfThisEnvironment',
    types: ['aws_ecr_repository'],
    arns: (block, { accountId, region }) => named(block.values.name).map((name) => `arn:aws:ecr:${region}:${accountId}:repository/${name}`),
  },
  {
    sid: 'AlarmsOfThisEnvironment',
    types: ['aws_cloudwatch_metric_alarm'],
    arns: (block, { accountId, region }) => named(block.values.alarm_name).map((name) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`),
  },
  {
    sid: 'DashboardsOfThisEnvironment',
    types: ['aws_cloudwatch_dashboard'],
    // Dashboards are global: their ARN has no region.
    arns: (block, { accountId }) => named(block.values.dashboard_name).map((name) => `arn:aws:cloudwatch::${accountId}:dashboard/${name}`),
  },
  {
    sid: 'TopicsOfThisEnvironment',
    types: ['aws_sns_topic', 'aws_sns_topic_policy', 'aws_sns_topic_subscription'],
    // A subscription's ARN is its topic's followed by `:<id>`.
    arns: (block, { accountId, region }) =>
      named(block.type === 'aws_sns_topic' ? block.values.name : undefined).flatMap((name) => [`arn:aws:sns:${region}:${accountId}:${name}`, `arn:aws:sns:${region}:${accountId}:${name}:*`]),
  },
  {
    sid: 'WebAclsOfThisEnvironment',
    types: ['aws_wafv2_web_acl', 'aws_wafv2_web_acl_logging_configuration', 'aws_wafv2_ip_set'],
    // `arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<generated id>`
    arns: (block, { accountId, region }) => {
      const kind = block.type === 'aws_wafv2_web_acl' ? 'webacl' : block.type === 'aws_wafv2_ip_set' ? 'ipset' : undefined;
      const scope = typeof block.values.scope === 'string' ? block.values.scope.toLowerCase() : undefined;
      return kind && scope ? named(block.values.name).map((name) => `arn:aws:wafv2:${region}:${accountId}:${scope}/${kind}/${name}/*`) : [];
    },
  },
];

/** A literal name (no Terraform reference inside), as a one-element list. */
function named(value: unknown): string[] {
  return typeof value === 'string' && !value.includes('${') ? [value] : [];
}

/** The policy document for one environment's stacks; throws UnknownResourceTypeError for a type without permissions. */
export function deployPolicy(input: DeployPolicyInput): PolicyDocument {
  const blocks = input.stacks.flatMap((stack) => [...stack.resources(), ...stack.dataSources()]);
  const keyOf = (block: SynthesizedBlock) => (block.mode === 'data' ? `data.${block.type}` : block.type);
  const keys = [...new Set(blocks.map(keyOf))].sort();
  const unknown = keys.filter((key) => DEPLOY_WRITE_ACTIONS[key] === undefined);
  if (unknown.length > 0) {
    throw new UnknownResourceTypeError(
      `no deploy permissions known for ${unknown.join(', ')}: add them to tools/deploy/deploy-actions.ts (and their refresh actions to tools/deploy/plan-refresh-actions.ts)`,
    );
  }
  const actionsOf = (key: string) => [...(PLAN_REFRESH_ACTIONS[key] ?? []), ...DEPLOY_WRITE_ACTIONS[key]];
  const statements: PolicyStatement[] = [];
  const scopedKeys = new Set<string>();
  for (const scope of SCOPED) {
    const present = scope.types.filter((type) => keys.includes(type));
    if (present.length === 0) continue;
    const resources = unique(blocks.filter((block) => scope.types.includes(keyOf(block))).flatMap((block) => scope.arns(block, input)));
    // An action without resource-level permissions never matches a scoped ARN: it goes in the `*` statement.
    const actions = unique(present.flatMap(actionsOf)).filter((action) => !ACCOUNT_WIDE_ACTIONS.has(action));
    if (resources.length === 0 || actions.length === 0) continue;
    present.forEach((type) => scopedKeys.add(type));
    statements.push({ Sid: scope.sid, Effect: 'Allow', Action: actions, Resource: resources });
  }
  const roles = statements.find((statement) => statement.Sid === 'IamRolesOfThisEnvironment');
  if (roles) {
    // ECS, EKS, VPC flow logs and API Gateway are handed the stack's own roles, and only those.
    statements.push({ Sid: 'PassTheEnvironmentsRoles', Effect: 'Allow', Action: ['iam:PassRole'], Resource: roles.Resource });
  }
  const unscoped = unique([
    ...PLAN_PROVIDER_ACTIONS,
    ...keys.filter((key) => !scopedKeys.has(key)).flatMap(actionsOf),
    ...[...scopedKeys].flatMap(actionsOf).filter((action) => ACCOUNT_WIDE_ACTIONS.has(action)),
  ]);
  statements.push({ Sid: 'ResourcesWithGeneratedIds', Effect: 'Allow', Action: unscoped, Resource: ['*'] });
  statements.push(...serviceStatements(blocks, input), ...deployToolStatements(input));
  const linked = unique(keys.flatMap((key) => SERVICE_LINKED_ROLES[key] ?? []));
  if (linked.length > 0) {
    statements.push({
      Sid: 'ServiceLinkedRolesOfAFirstDeploy',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: ['*'],
      Condition: { StringEquals: { 'iam:AWSServiceName': linked } },
    });
  }
  statements.push(...stateStatements(input));
  return { Version: '2012-10-17', Statement: statements };
}

/** What AWS services do with the caller's permissions while Terraform creates a resource. */
function serviceStatements(blocks: readonly SynthesizedBlock[], { accountId, region }: DeployPolicyInput): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (blocks.some((block) => block.mode !== 'data' && block.type === 'aws_appautoscaling_policy')) {
    // The alarms are named `TargetTracking-service/<cluster>/<service>-Alarm…`; an ECS cluster's name is known at synth.
    const clusters = blocks.filter((block) => block.mode !== 'data' && block.type === 'aws_ecs_cluster').flatMap((block) => named(block.values.name));
    const alarms = clusters.length > 0 ? clusters.map((cluster) => `TargetTracking-service/${cluster}/*`) : ['TargetTracking-*'];
    statements.push({
      Sid: 'TargetTrackingAlarms',
      Effect: 'Allow',
      Action: [...TARGET_TRACKING_ALARM_ACTIONS],
      Resource: alarms.map((alarm) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarm}`),
    });
  }
  if (blocks.some((block) => block.mode !== 'data' && block.type === 'aws_eks_cluster' && block.values.encryption_config !== undefined)) {
    statements.push({
      Sid: 'EksSecretsEncryptionGrant',
      Effect: 'Allow',
      Action: [...EKS_SECRETS_ENCRYPTION_ACTIONS],
      // The key's id is generated; the grant is only one an AWS service (EKS) creates for its resource.
      Resource: ['*'],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  }
  return statements;
}

/** `npm run deploy`'s own aws CLI and docker calls: the secret values and the Envoy image cache. */
function deployToolStatements({ accountId, region, deployTool }: DeployPolicyInput): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (deployTool.secretNames.length > 0) {
    statements.push({
      Sid: 'DeploySecretValues',
      Effect: 'Allow',
      Action: [...DEPLOY_TOOL_ACTIONS.secretValues],
      Resource: deployTool.secretNames.map((name) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-??????`),
    });
  }
  if (deployTool.cacheRepositories.length > 0) {
    statements.push({ Sid: 'DeployRegistryLogin', Effect: 'Allow', Action: [...DEPLOY_TOOL_ACTIONS.registryLogin], Resource: ['*'] });
    statements.push({
      Sid: 'DeployImageCache',
      Effect: 'Allow',
      Action: [...DEPLOY_TOOL_ACTIONS.imageCache],
      Resource: deployTool.cacheRepositories.map((repository) => `arn:aws:ecr:${region}:${accountId}:repository/${repository}`),
    });
  }
  return statements;
}

/** The S3 backend: list the bucket, read and write this environment's state objects and lock files (`<key>.tflock`). */
function stateStatements({ stateBucket, environment, stateRegion }: DeployPolicyInput): PolicyStatement[] {
  return [
    { Sid: 'ListTheStateBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${stateBucket}`] },
    { Sid: 'ThisEnvironmentsStateAndLocks', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [`arn:aws:s3:::${stateBucket}/${environment}/*`] },
    // SSE-KMS of the state objects (state.kmsKeyArn or aws/s3), only through S3 in the state bucket's region.
    {
      Sid: 'StateEncryptionThroughS3',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: ['*'],
      Condition: { StringEquals: { 'kms:ViaService': `s3.${stateRegion}.amazonaws.com` } },
    },
  ];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * IAM counts a managed policy's JSON without whitespace, at most 6,144 characters
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
 */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/**
 * The policy as managed policies that each fit IAM's size limit, in order: whole statements where they fit, a
 * statement too large for one policy split by its actions (`<Sid>Part2`, …). Attach them all to the deploying role.
 */
export function splitPolicy(document: PolicyDocument, limit = MANAGED_POLICY_MAX_CHARACTERS): PolicyDocument[] {
  const documents: PolicyStatement[][] = [[]];
  const fits = (statements: readonly PolicyStatement[]) => policySize({ Version: '2012-10-17', Statement: statements }) <= limit;
  const add = (statement: PolicyStatement) => {
    const current = documents[documents.length - 1];
    if (fits([...current, statement])) current.push(statement);
    else documents.push([statement]);
  };
  for (const statement of document.Statement) {
    if (fits([statement])) {
      add(statement);
      continue;
    }
    let part: string[] = [];
    let index = 1;
    const partOf = (actions: string[]): PolicyStatement => ({ ...statement, Sid: index === 1 ? statement.Sid : `${statement.Sid}Part${index}`, Action: actions });
    for (const action of statement.Action) {
      if (part.length > 0 && !fits([partOf([...part, action])])) {
        add(partOf(part));
        index += 1;
        part = [];
      }
      part.push(action);
    }
    if (part.length > 0) add(partOf(part));
  }
  return documents.filter((statements) => statements.length > 0).map((statements) => ({ Version: '2012-10-17', Statement: statements }));
}
