import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_WRITE_ACTIONS } from '../../tools/deploy/deploy-actions';
import { PLAN_REFRESH_ACTIONS } from '../../tools/deploy/plan-refresh-actions';
import { productResourceTypes } from '../helpers/provider-resource-types';

/**
 * The example environments do not turn every option on (WAF, subscriptions and interface endpoints are prod's, an
 * IP set only with an environment-api egress target): every type the product's constructs can create must have its
 * deploy and plan permissions, or `npm run deploy-policy` refuses the first environment that turns the option on.
 */
describe('GIVEN every provider class lib/ and stacks/ import', () => {
  const { resources, dataSources } = productResourceTypes();

  test('THEN the walk finds the types of the operations features', () => {
    expect(resources).toEqual(expect.arrayContaining(['aws_wafv2_web_acl_logging_configuration', 'aws_sns_topic_subscription', 'aws_vpc_endpoint', 'aws_iam_role']));
    expect(dataSources).toContain('data.aws_iam_policy_document');
  });

  test('THEN each resource type has deploy write actions and plan refresh actions', () => {
    const missing = resources.filter((type) => DEPLOY_WRITE_ACTIONS[type] === undefined || PLAN_REFRESH_ACTIONS[type] === undefined);
    expect(missing).toEqual([]);
  });

  test('THEN each data source type has an entry in both tables', () => {
    expect(dataSources.filter((type) => DEPLOY_WRITE_ACTIONS[type] === undefined || PLAN_REFRESH_ACTIONS[type] === undefined)).toEqual([]);
  });
});

test("GIVEN docs/operations.md's WAF section THEN it names every permission WAF logging and the association need of the deploying identity", () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/operations.md'), 'utf8');
  const needed = [...DEPLOY_WRITE_ACTIONS.aws_wafv2_web_acl_logging_configuration, ...DEPLOY_WRITE_ACTIONS.aws_wafv2_web_acl_association.filter((a) => !a.startsWith('wafv2:'))];
  const named = (action: string) => doc.includes(`\`${action}\``) || doc.includes(`\`${action.split(':')[1]}\``);
  expect(needed.filter((action) => !named(action))).toEqual([]);
});
