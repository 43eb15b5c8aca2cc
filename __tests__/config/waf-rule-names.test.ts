import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { WAF_MANAGED_RULE_NAMES } from '../../lib/config/waf-managed-rules';
import { MANAGED_RULE_GROUPS, WAF_NAME, type ManagedRuleGroupKey } from '../../lib/edge/regional-web-acl';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { rejectionLines } from '../helpers/config-problems';

const overrides = (group: ManagedRuleGroupKey, names: Record<string, 'count' | 'block'>) => ({ waf: { enabled: true, ruleGroups: { [group]: { ruleOverrides: names } } } });
const problemsOf = (text: string) => rejectionLines(() => parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY }));
/** `line:col` of the first occurrence of `needle`. */
function at(text: string, needle: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return `${index + 1}:${lines[index].indexOf(needle) + 1}`;
}
const groups = Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroupKey[];

describe('waf.ruleGroups.<group>.ruleOverrides: rule names of the group', () => {
  test('GIVEN a near miss of a rule name THEN one error at the key: the group, its rules, the closest, and how to add a new rule', () => {
    const text = stringify(environmentDocument(overrides('common', { SizeRestriction_BODY: 'count' })));
    expect(problemsOf(text)).toEqual([
      `environments/bad.yaml:${at(text, 'SizeRestriction_BODY')}: waf.ruleGroups.common.ruleOverrides.SizeRestriction_BODY: unknown key "SizeRestriction_BODY" in a map of ruleOverrides: ` +
        `expected a rule of AWSManagedRulesCommonRuleSet: ${WAF_MANAGED_RULE_NAMES.common.join(', ')}; did you mean "SizeRestrictions_BODY"?; ` +
        'a rule AWS added later: check it with `aws wafv2 describe-managed-rule-group --scope REGIONAL --vendor-name AWS --name AWSManagedRulesCommonRuleSet` ' +
        'and add it to WAF_MANAGED_RULE_NAMES.common in lib/config/waf-managed-rules.ts',
    ]);
  });

  test('GIVEN a rule of another group THEN refused under this one, with this group’s name', () => {
    const text = stringify(environmentDocument(overrides('knownBadInputs', { NoUserAgent_HEADER: 'count', Log4JRCE_BODY: 'count' })));
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^environments/bad\\.yaml:${at(text, 'NoUserAgent_HEADER')}: waf\\.ruleGroups\\.knownBadInputs\\.ruleOverrides\\.NoUserAgent_HEADER: .*expected a rule of AWSManagedRulesKnownBadInputsRuleSet: JavaDeserializationRCE_HEADER, `,
        ),
      ),
    ]);
  });

  test('GIVEN a wrong case of a rule name THEN the exact name is suggested (WAF matches names exactly)', () => {
    expect(problemsOf(stringify(environmentDocument(overrides('common', { sizerestrictions_body: 'count' })))).join('\n')).toMatch(/did you mean "SizeRestrictions_BODY"\?/);
  });

  test.each(groups)('GIVEN every rule of the facts table for %s THEN each loads as written', (group) => {
    const names = Object.fromEntries(WAF_MANAGED_RULE_NAMES[group].map((name) => [name, 'count' as const]));
    expect(testEnvironment(overrides(group, names)).waf.ruleGroups[group].ruleOverrides).toEqual(names);
  });

  test('the facts table: names WAF accepts, none twice, none in two groups', () => {
    const all = groups.flatMap((group) => WAF_MANAGED_RULE_NAMES[group]);
    for (const name of all) expect(name).toMatch(WAF_NAME);
    expect(new Set(all).size).toBe(all.length);
  });
});
