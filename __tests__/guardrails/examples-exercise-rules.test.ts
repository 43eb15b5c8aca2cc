import { POLICY_PACK } from '../../lib/guardrails/policy-pack';
import { exampleSynthReports } from '../helpers/example-synth';

/**
 * A rule whose resource types never appear in the examples, or whose check answers `not-applicable` for all of
 * them, passes every synth without checking anything: a typo in a resource type, or a check that no longer
 * recognises what the constructs write, would go unnoticed. Each rule either passes at least one resource of the
 * example environments or says why none exists.
 */
describe('the policy pack against the example environments', () => {
  let compliantRules: Set<string>;
  beforeAll(() => {
    // The policy results of the run's shared synthesis of the examples.
    const reports = exampleSynthReports();
    compliantRules = new Set(reports.flatMap((r) => r.findings.filter((f) => f.verdict.status === 'compliant').map((f) => f.rule.id)));
  });

  test.each(POLICY_PACK.filter((rule) => rule.examplesMatchNothingBecause === undefined).map((rule) => [rule.id]))('GIVEN rule %s THEN at least one resource of the examples passes it', (id) => {
    expect(compliantRules.has(id)).toBe(true);
  });

  test('GIVEN the rules that say the examples have nothing for them THEN that is still true', () => {
    // A reason that no longer holds hides a rule the examples now exercise: remove the reason.
    const stale = POLICY_PACK.filter((rule) => rule.examplesMatchNothingBecause !== undefined && compliantRules.has(rule.id)).map((rule) => rule.id);
    expect(stale).toEqual([]);
  });
});
