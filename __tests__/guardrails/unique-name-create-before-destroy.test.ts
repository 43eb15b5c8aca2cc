import { NOT_UNIQUE_NAMES, UNIQUE_NAMES, uniqueNameCreateBeforeDestroy } from '../../lib/guardrails/rules/unique-name-create-before-destroy';
import { productResourceTypes } from '../helpers/provider-resource-types';
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

/**
 * Every type the constructs can create with a name-like argument (`name`, `*_name`, `bucket`, as the provider class
 * declares a settable attribute) is classified: unique where two environments meet (UNIQUE_NAMES, read by the
 * cross-environment check) or not, with the reason (NOT_UNIQUE_NAMES). Alarms, dashboards and topics shipped
 * unclassified once, so a second environment could overwrite the first one's alarms silently.
 */
describe('GIVEN every provider class lib/ and stacks/ import', () => {
  const { resources } = productResourceTypes();
  const namedArguments = (type: string) => {
    const exported = require(`@cdktf/provider-aws/lib/${type.replace(/^aws_/, '').replace(/_/g, '-')}`) as Record<string, unknown>;
    const cls = Object.values(exported).find((value) => typeof value === 'function' && (value as { tfResourceType?: string }).tfResourceType === type) as { prototype: object };
    return Object.getOwnPropertyNames(cls.prototype).filter((property) => /^(name|bucket|[a-z]\w*Name)$/.test(property) && Object.getOwnPropertyDescriptor(cls.prototype, property)?.set);
  };

  test('THEN each type with a name-like argument is in UNIQUE_NAMES or NOT_UNIQUE_NAMES with a reason, and in only one', () => {
    const named = resources.filter((type) => namedArguments(type).length > 0);
    expect(named).toEqual(expect.arrayContaining(['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_dashboard', 'aws_sns_topic', 'aws_iam_role']));
    expect(named.filter((type) => (UNIQUE_NAMES[type] === undefined) === (NOT_UNIQUE_NAMES[type] === undefined))).toEqual([]);
    expect(Object.entries(NOT_UNIQUE_NAMES).filter(([, reason]) => reason.length < 10)).toEqual([]);
  });

  test('THEN no NOT_UNIQUE_NAMES entry is stale (each is a type the constructs create)', () => {
    expect(Object.keys(NOT_UNIQUE_NAMES).filter((type) => !resources.includes(type))).toEqual([]);
  });

  test.each([
    ['aws_cloudwatch_metric_alarm', 'alarm_name', /replaces the other environment's alarm\); drop create_before_destroy or change the name/],
    ['aws_sns_topic', 'name', /use name_prefix/],
  ])('GIVEN a %s with a fixed %s and create_before_destroy THEN non-compliant', (type, argument, reason) => {
    const verdicts = verdictsOf(uniqueNameCreateBeforeDestroy, [{ type, name: 'r', values: { [argument]: 'acme-dev-x', lifecycle: { create_before_destroy: true } } }]);
    expect(verdicts).toEqual([expect.stringMatching(reason)]);
  });
});
