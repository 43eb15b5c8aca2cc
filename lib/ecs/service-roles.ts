import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { boundedName } from '../construct-support/naming';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../iam/policy-document';
import type { ContainerImage } from './image-pull-cache';
import type { ImageReference } from './image-reference';
import type { SecretSource } from './secret-reference';

export interface ServiceRolesProps {
  /** `<project>-<env>-<service>`: prefix of the role names. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** The application image: pull permissions are granted on its ECR repository, if it has one. */
  readonly appImage: ImageReference;
  /** ARN of the service's log group. */
  readonly logGroupArn: string;
  /** Secrets of the application, parsed. @default [] */
  readonly appSecrets?: readonly SecretSource[];
  /** Secrets Manager ARNs the extensions' containers read. @default [] */
  readonly extensionSecretArns?: readonly string[];
  /** ECR images the extensions' containers run. @default [] */
  readonly extensionImages?: readonly ContainerImage[];
  /** Key the application's secrets are encrypted with. @default - AWS managed keys, which need no grant */
  readonly secretsKmsKeyArn?: string;
  /** What the task's code calls AWS for. @default [] */
  readonly taskStatements?: readonly PolicyStatement[];
  /** Grant what ECS Exec's agent needs. @default false */
  readonly enableExecute?: boolean;
}

/**
 * The two roles of a Fargate service. The execution role is ECS's: it pulls
 * the image, writes the log group, and reads exactly the secrets the task
 * definition names. The task role is the application's (and its sidecars'):
 * only what they call AWS for. Keeping them apart means the application never
 * holds the power to read every secret of the task (guardrail
 * ecs-separate-roles).
 */
export class ServiceRoles extends Construct {
  public readonly executionRole: IamRole;
  public readonly taskRole: IamRole;
  /**
   * The roles' inline policies. A role's ARN is known before its policy is attached, so whatever starts tasks must
   * depend on these too: otherwise ECS may start a task whose image pull, secrets or first AWS call fail with
   * AccessDenied, and the circuit breaker counts it as a failed deployment.
   */
  public readonly policies: readonly IamRolePolicy[];

  constructor(scope: Construct, id: string, props: ServiceRolesProps) {
    super(scope, id);
    const appSecrets = props.appSecrets ?? [];
    const trust = serviceTrustPolicy(this, 'trust', 'ecs-tasks.amazonaws.com', props.accountId);

    this.executionRole = new IamRole(this, 'execution', {
      name: boundedName([props.namePrefix, 'execution'], 64),
      assumeRolePolicy: trust.json,
    });
    const extensionImages = props.extensionImages ?? [];
    const ecrRepositories = [...new Set([...(props.appImage.ecr ? [props.appImage.ecr.repositoryArn] : []), ...extensionImages.map((image) => image.repositoryArn)])];
    const cacheRepositories = [...new Set(extensionImages.filter((image) => image.pullThroughCache).map((image) => image.repositoryArn))];
    const secretArns = [...appSecrets.flatMap((s) => (s.kind === 'secretsmanager' ? [s.secretArn] : [])), ...(props.extensionSecretArns ?? [])];
    const parameterArns = appSecrets.flatMap((s) => (s.kind === 'ssm' ? [s.parameterArn] : []));
    const execution: PolicyStatement[] = [
      ...(ecrRepositories.length > 0
        ? [
            // GetAuthorizationToken has no resource to scope to.
            { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
            { sid: 'EcrPull', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: ecrRepositories },
          ]
        : []),
      // A pull from a pull through cache repository may import the image from upstream; the repositories exist
      // already (created by Terraform), so no ecr:CreateRepository (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html).
      ...(cacheRepositories.length > 0 ? [{ sid: 'EcrImportUpstream', actions: ['ecr:BatchImportUpstreamImage'], resources: cacheRepositories }] : []),
      { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${props.logGroupArn}:log-stream:*`] },
      ...(secretArns.length > 0 ? [{ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue'], resources: [...new Set(secretArns)] }] : []),
      ...(parameterArns.length > 0 ? [{ sid: 'ReadParameters', actions: ['ssm:GetParameters'], resources: [...new Set(parameterArns)] }] : []),
      ...(props.secretsKmsKeyArn ? [{ sid: 'DecryptSecrets', actions: ['kms:Decrypt'], resources: [props.secretsKmsKeyArn] }] : []),
    ];
    const executionPolicy = new IamRolePolicy(this, 'execution-policy', {
      role: this.executionRole.id,
      name: 'execution',
      policy: policyDocument(this, 'execution-document', execution).json,
    });

    this.taskRole = new IamRole(this, 'task', {
      name: boundedName([props.namePrefix, 'task'], 64),
      assumeRolePolicy: trust.json,
    });
    const task: PolicyStatement[] = [
      ...(props.taskStatements ?? []),
      ...(props.enableExecute
        ? [
            // ECS Exec's SSM agent opens its channels; these actions have no resource to scope to.
            {
              sid: 'EcsExec',
              actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
              resources: ['*'],
            },
          ]
        : []),
    ];
    const taskPolicy =
      task.length > 0
        ? new IamRolePolicy(this, 'task-policy', {
            role: this.taskRole.id,
            name: 'task',
            policy: policyDocument(this, 'task-document', task).json,
          })
        : undefined;
    this.policies = taskPolicy ? [executionPolicy, taskPolicy] : [executionPolicy];
  }
}
