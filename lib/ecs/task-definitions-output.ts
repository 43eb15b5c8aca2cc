import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';

/** Name of the output mapping each ECS service to the task definition revision the apply gave it: what the deploy checks the rollout against (tools/deploy/). */
export const ECS_TASK_DEFINITIONS_OUTPUT = 'ecs_task_definitions';

/**
 * `{ <service name>: <task definition ARN with revision> }` after an apply.
 * The deploy compares it with the PRIMARY deployment of each service:
 * `aws ecs wait services-stable` also succeeds when the deployment circuit
 * breaker rolled the service back to the previous revision
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html),
 * so only the revision tells a rollout from a rollback.
 * @param taskDefinitionArns by service name (the ECS service's `name`, a plain string)
 */
export function taskDefinitionsOutput(scope: Construct, taskDefinitionArns: Readonly<Record<string, string>>): TerraformOutput {
  const output = new TerraformOutput(scope, 'ecs-task-definitions', {
    value: { ...taskDefinitionArns },
    description: 'Task definition ARN (with revision) each ECS service was given by the apply: the deploy checks each service rolled out to it',
  });
  // A stable name the deploy can read with terraform output, instead of a hashed construct path.
  output.overrideLogicalId(ECS_TASK_DEFINITIONS_OUTPUT);
  return output;
}
