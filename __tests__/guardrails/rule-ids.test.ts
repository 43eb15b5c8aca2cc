import { POLICY_PACK } from '../../lib/guardrails/policy-pack';
import { POLICY_RULE_IDS } from '../../lib/guardrails/rule-ids';

test('the ids a suppression may name (lib/guardrails/rule-ids.ts) are the policy pack rules, in report order', () => {
  expect(POLICY_PACK.map((rule) => rule.id)).toEqual([...POLICY_RULE_IDS]);
});
