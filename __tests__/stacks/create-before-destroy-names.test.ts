import { boundedNamePrefix, TARGET_GROUP_NAME_PREFIX_LENGTH } from '../../lib/construct-support/naming';
import { UNIQUE_NAMES } from '../../lib/guardrails/rules/unique-name-create-before-destroy';
import { apigwEnvironment } from '../apigw/apigw-fixture';
import { synthEnvironment } from '../helpers/environment-fixture';

/**
 * A resource replaced before it is destroyed exists twice for a while: with a
 * fixed unique name the second create fails (DuplicateTargetGroupName,
 * InvalidGroup.Duplicate). These get generated names and keep the readable one in the Name tag.
 */
describe('create_before_destroy resources with unique names', () => {
  const platform = synthEnvironment(apigwEnvironment({ services: { web: { ingress: 'alb', containerPort: 8080 }, 'long-service-name': { ingress: 'alb', containerPort: 8080 } } })).platform;

  test('GIVEN the ALB and NLB target groups THEN each has a name prefix of at most 6 characters, create_before_destroy and its readable name as a tag', () => {
    const groups = platform.resources('aws_lb_target_group').map((g) => [g.path, g.values.name, g.values.name_prefix, g.values.tags?.Name, g.values.lifecycle]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['apigw/listener-api/target-group', undefined, 'api-', 'acme-test-api-nlb', { create_before_destroy: true }],
        ['ecs/edge/service-web/target-group', undefined, 'web-', expect.stringMatching(/^acme-test-web-\d+$/), { create_before_destroy: true }],
        ['ecs/edge/service-long-service-name/target-group', undefined, 'long-', expect.any(String), { create_before_destroy: true }],
      ]),
    );
    for (const [, , prefix] of groups) expect((prefix as string).length).toBeLessThanOrEqual(TARGET_GROUP_NAME_PREFIX_LENGTH);
  });

  test("GIVEN a service THEN its tasks' security group has a generated name under the service's prefix", () => {
    const group = platform.resource('aws_security_group', 'ecs/service-web/security-group');
    expect(group.values).toEqual(expect.objectContaining({ name_prefix: 'acme-test-web-tasks-', lifecycle: { create_before_destroy: true } }));
    expect(group.values.name).toBeUndefined();
  });

  test("GIVEN the public ALB's security group THEN a generated name under the environment's prefix, replaced before destroyed (the ALB holds the old one until switched)", () => {
    const group = platform.resource('aws_security_group', 'ecs/edge/security-group');
    expect(group.values.name).toBeUndefined();
    expect(group.values).toEqual(expect.objectContaining({ name_prefix: 'acme-test-edge-alb-', lifecycle: { create_before_destroy: true }, tags: { Name: 'acme-test-edge-alb' } }));
  });

  test("GIVEN the API Gateway NLB's security group, below the API deployment's create_before_destroy THEN a generated name and a description without environment values", () => {
    const group = platform.resource('aws_security_group', 'apigw/nlb/security-group');
    expect(group.values.name).toBeUndefined();
    expect(group.values.name_prefix).toBe('acme-test-apigw-nlb-');
    expect(group.values.lifecycle).toEqual({ create_before_destroy: true });
    expect(group.values.description).toBe('Internal NLB of the API Gateway VPC link: no inbound rules, PrivateLink traffic only');
  });

  test('GIVEN the whole platform stack THEN no create_before_destroy resource of a unique-name type has a fixed name', () => {
    const fixed = platform.resources().filter((r) => r.type in UNIQUE_NAMES && r.values.lifecycle?.create_before_destroy === true && r.values[UNIQUE_NAMES[r.type].argument] !== undefined);
    expect(fixed.map((r) => r.path)).toEqual([]);
  });
});

describe('boundedNamePrefix', () => {
  test.each([
    [['web'], 6, 'web-'],
    [['worker'], 6, 'worke-'],
    [['ab-cd'], 6, 'ab-cd-'],
    [['abcd-e'], 6, 'abcd-'],
    [['acme-dev-api', 'tasks'], 100, 'acme-dev-api-tasks-'],
  ])('GIVEN %j and %d THEN %s', (parts, max, expected) => {
    expect(boundedNamePrefix(parts, max)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(max);
  });
});
