import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { ENVIRONMENTS_VARIABLE, listEnvironmentFiles, parseSelection } from '../lib/config/environments';
import type { StackPolicyReport } from '../lib/guardrails/evaluate-stack';
import { POLICY_PACK } from '../lib/guardrails/policy-pack';
import { renderPolicyReport, renderPolicyResults } from '../lib/guardrails/policy-report';
import { currentSynthesis, synthOutdir } from '../lib/synth/current-synthesis';
import { Progress } from '../lib/synth/progress';
import { addEnvironmentStacks, STACK_LAYERS } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';
import { environmentOfStack } from '../lib/terraform-json/synth-output';

const USAGE = `usage: npm run policy [-- --stack STACK] [--rule RULE]
  prints the policy report of the environments (ENVIRONMENTS selects some): checks per stack, suppressions with
  their reasons, the rules, and which resource passed or failed which rule. Reuses cdktf.out (CDKTF_OUTDIR) when
  it was synthesized today from the same inputs, else synthesizes into it.
  --stack STACK   only this stack, e.g. dev-platform (synthesizes only its environment)
  --rule RULE     only this rule's checks`;

/**
 * `npm run policy`: the policy report of the synthesized environments, with
 * every check (rule × resource) and its result; `--stack` and `--rule` narrow
 * it. An unknown stack or rule is an error that lists the valid ones.
 */
function main(): number {
  const { values } = parseCommandLine('policy', { stack: { type: 'string' }, rule: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = path.resolve(__dirname, '..');
  const rules = POLICY_PACK.map((rule) => rule.id);
  if (values.rule !== undefined && !rules.includes(values.rule)) {
    process.stderr.write(`policy: unknown rule ${JSON.stringify(values.rule)}; the rules are: ${rules.join(', ')}\n`);
    return 2;
  }
  const environments = listEnvironmentFiles(path.join(root, 'environments')).map((file) => path.basename(file).replace(/\.ya?ml$/, ''));
  const stacks = environments.flatMap((environment) => STACK_LAYERS.map((layer) => `${environment}-${layer}`));
  if (values.stack !== undefined && !stacks.includes(values.stack)) {
    process.stderr.write(`policy: unknown stack ${JSON.stringify(values.stack)}; the stacks are: ${stacks.join(', ')}\n`);
    return 2;
  }
  try {
    const selection = values.stack !== undefined ? [environmentOfStack(values.stack)] : parseSelection(process.env[ENVIRONMENTS_VARIABLE]);
    const synthesis = { root, outdir: synthOutdir(root), environments: selection, today: new Date(), buildStacks: addEnvironmentStacks, progress: new Progress('policy') };
    const reports = currentSynthesis(synthesis)
      .filter((report) => values.stack === undefined || report.stack === values.stack)
      .map((report): StackPolicyReport => (values.rule === undefined ? report : { ...report, findings: report.findings.filter((f) => f.rule.id === values.rule) }));
    process.stdout.write(`${renderPolicyReport(reports)}\n${renderPolicyResults(reports)}`);
    return 0;
  } catch (error) {
    reportFailure(error, 'policy check failed');
    return 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  process.exitCode = main();
};
if (require.main === module) command();
