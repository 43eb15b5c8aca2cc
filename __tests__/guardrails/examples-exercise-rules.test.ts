import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { POLICY_PACK } from '../../lib/guardrails/policy-pack';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';

const root = path.resolve(__dirname, '../..');

/**
 * A rule whose resource types never appear in the examples, or whose check answers `not-applicable` for all of
 * them, passes every synth without checking anything: a typo in a resource type, or a check that no longer
 * recognises what the constructs write, would go unnoticed. Each rule either passes at least one resource of the
 * example environments or says why none exists.
 */
describe('the policy pack against the example environments', () => {
  let compliantRules: Set<string>;
  beforeAll(() => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-exercised-')), 'cdktf.out');
    try {
      const reports = synthesizeEnvironments(loadEnvironments(path.join(root, 'environments')), outdir, addEnvironmentStacks);
      compliantRules = new Set(reports.flatMap((r) => r.findings.filter((f) => f.verdict.status === 'compliant').map((f) => f.rule.id)));
    } finally {
      fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
    }
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
