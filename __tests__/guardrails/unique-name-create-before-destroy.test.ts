import { uniqueNameCreateBeforeDestroy } from '../../lib/guardrails/rules/unique-name-create-before-destroy';
import { verdictsOf } from './stack-fixture';

describe('rule unique-name-create-before-destroy', () => {
  test.each([
    ['aws_security_group', 'name', /InvalidGroup\.Duplicate\); use name_prefix/],
    ['aws_eks_node_group', 'node_group_name', /ResourceInUseException\); use node_group_name_prefix/],
    ['aws_ecs_service', 'name', /InvalidParameterException\); drop create_before_destroy or change the name/],
  ])('GIVEN a %s with a fixed %s and create_before_destroy THEN non-compliant with the AWS error', (type, argument, reason) => {
    const verdicts = verdictsOf(uniqueNameCreateBeforeDestroy, [{ type, name: 'r', values: { [argument]: 'acme-dev-x', lifecycle: { create_before_destroy: true } } }]);
    expect(verdicts).toEqual([expect.stringMatching(reason)]);
  });

  test('GIVEN a fixed name without create_before_destroy THEN the rule does not apply', () => {
    expect(verdictsOf(uniqueNameCreateBeforeDestroy, [{ type: 'aws_lb', name: 'nlb', values: { name: 'acme-dev-apigw' } }])).toEqual([]);
  });
});
