import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const ecsSeparateRoles: PolicyRule = {
  id: 'ecs-separate-roles',
  level: 'error',
  why: 'The execution role reads secrets and pulls images; the application must not inherit that power.',
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check(resource) {
    const { execution_role_arn: execution, task_role_arn: task } = resource.values;
    if (!execution) return nonCompliant('no execution_role_arn');
    if (!task) return COMPLIANT;
    return execution === task ? nonCompliant('execution_role_arn and task_role_arn are the same role') : COMPLIANT;
  },
};
