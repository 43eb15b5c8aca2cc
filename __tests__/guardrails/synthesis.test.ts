import * as fs from 'fs';
import * as path from 'path';
import { POLICY_REPORT_FILE, synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { testEnvironment } from '../helpers/environment-fixture';
import { UserError } from '../../lib/util/user-error';
import { scratchDir } from '../helpers/scratch';
import { exampleSynth, exampleSynthReports } from '../helpers/example-synth';

const scratch = () => path.join(scratchDir('guardrails-'), 'cdktf.out');

describe('guardrails at synth', () => {
  test('the example environments pass every error-level rule and the report is written beside the stacks', () => {
    // The run's shared synthesis of the examples (exampleSynth throws if it failed) and its policy results.
    const { outdir } = exampleSynth();
    const reports = exampleSynthReports();
    expect(reports.map((r) => r.stack).sort()).toEqual(['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform', 'stg-bootstrap', 'stg-platform']);
    const report = fs.readFileSync(path.join(outdir, POLICY_REPORT_FILE), 'utf8');
    expect(report).toMatch(/\| dev-platform \| \d+ \| \d+ \| 0 \| 0 \|/);
  });

  test('GIVEN a suppression that matches nothing THEN synth stops, names the suppression at its line:col, and writes no output', () => {
    const outdir = scratch();
    const config = testEnvironment({
      guardrails: { suppressions: [{ rule: 'alb-access-logs', resource: 'edge/alb', reason: 'logs go to the audit account instead' }] },
    });
    expect(() => synthesizeEnvironments([config], outdir, addEnvironmentStacks)).toThrow(UserError);
    expect(() => synthesizeEnvironments([config], outdir, addEnvironmentStacks)).toThrow(
      /^test\.yaml:19:7: guardrails\.suppressions\[0\]: alb-access-logs for platform\/edge\/alb matches no non-compliant resource; remove it$/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe('guardrails config', () => {
  test.each([
    [{ rule: 'no-such-rule', resource: 'x', reason: 'a reason long enough to pass' }, /guardrails\.suppressions\[0\]\.rule: expected one of "state-backend-encrypted"/],
    [{ rule: 'alb-access-logs', resource: 'x', reason: 'because' }, /guardrails\.suppressions\[0\]\.reason: expected a written reason of at least 20 characters/],
    [{ rule: 'alb-access-logs', resource: 'x' }, /guardrails\.suppressions\[0\]\.reason: required key is missing/],
  ])('GIVEN suppression %j THEN it is rejected', (suppression, message) => {
    expect(() => testEnvironment({ guardrails: { suppressions: [suppression] } })).toThrow(message);
  });
});
