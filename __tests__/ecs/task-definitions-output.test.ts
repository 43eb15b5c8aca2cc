import { TerraformJson } from '../helpers/terraform-json';
import { ECS_TASK_DEFINITIONS_OUTPUT } from '../../lib/ecs/task-definitions-output';
import { ecsEnvironment, platformOf } from './ecs-fixture';

const ref = TerraformJson.ref;

describe('output ecs_task_definitions', () => {
  test('GIVEN an environment with ECS services WHEN synthesized THEN the output maps each service name to the ARN (with revision) of the task definition that service runs', () => {
    const tf = platformOf(ecsEnvironment());
    const services = tf.resources('aws_ecs_service');
    expect(services.length).toBeGreaterThan(1);
    const expected = Object.fromEntries(services.map((service) => [service.values.name, service.values.task_definition]));
    expect(tf.json.output[ECS_TASK_DEFINITIONS_OUTPUT].value).toEqual(expected);
    // The service's task_definition is the task definition's arn (family:revision), which DescribeServices reports per deployment.
    for (const service of services) expect(service.values.task_definition).toBe(ref(tf.follow(service.values.task_definition).entry, 'arn'));
  });
});
