import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { ENVIRONMENTS_VARIABLE, loadEnvironments, parseSelection } from '../lib/config/environments';
import { costDelta, renderCostDelta } from '../tools/cost/cost-delta';
import { estimateSynthesis } from '../tools/cost/estimate-synthesis';
import { environmentDiagram, stacksByEnvironment } from '../tools/pull-request/environment-diagram';
import { fitForComment } from '../tools/github-comment/comment-fit';
import { markdownReport } from '../tools/pull-request/markdown-report';
import { runCommandMain } from './support/command-main';
import { diffSyntheses } from '../tools/pull-request/stack-diff';
import { readSynthOutput, type StackOutput } from '../lib/terraform-json/synth-output';
import { synthesizeGitRef } from '../tools/pull-request/synthesize-checkout';
import { UserError } from '../lib/util/user-error';
import { currentSynthesis, synthOutdir } from '../lib/synth/current-synthesis';
import { Progress } from '../lib/synth/progress';
import { addEnvironmentStacks } from '../stacks/environment-stacks';

/** Where the pull-request workflow keeps the full report (.github/workflows/pull-request.yml). */
const SYNTH_DIFF_ARTIFACT = 'the `synth-diff` artifact of this workflow run (synth-diff.md)';

const USAGE = `usage:
  npm run diff -- --base DIR --head DIR     compare two cdktf output folders
  npm run diff -- --ref REF [--head DIR]    compare a git ref (synthesized in a temporary worktree)
                                            with the working tree's cdktf.out (or CDKTF_OUTDIR; reused
                                            when synthesized today from the same inputs), or DIR
options:
  --output FILE          also write the report to FILE
  --comment-file FILE    write the report cut to fit a pull-request comment
ENVIRONMENTS=dev,stg limits the report to those environments.`;

/**
 * `npm run diff`: the review report of two syntheses as Markdown on stdout:
 * per environment and stack the resources added, removed and changed, the
 * replacements they cause, rendered file diffs and the topology diagram.
 */
function main(): number {
  const { values } = parseCommandLine('diff', {
    base: { type: 'string' },
    head: { type: 'string' },
    ref: { type: 'string' },
    output: { type: 'string' },
    'comment-file': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ((values.base === undefined) === (values.ref === undefined) || (values.base !== undefined && values.head === undefined)) {
    throw new UserError(`give either --base and --head, or --ref\n${USAGE}`);
  }
  const root = path.resolve(__dirname, '..');
  const progress = new Progress('diff');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-diff-'));
  try {
    let baseDir = values.base;
    let baseLabel = values.base;
    if (values.ref !== undefined) {
      const ref = values.ref;
      baseDir = path.join(scratch, 'base');
      const commit = progress.step(`synthesizing ${ref} in a temporary worktree`, undefined, () => synthesizeGitRef(root, ref, baseDir!));
      baseLabel = `${ref} (${commit.slice(0, 7)})`;
    }
    let headDir = values.head;
    let headLabel = values.head;
    if (headDir === undefined) {
      headDir = synthOutdir(root);
      currentSynthesis({ root, outdir: headDir, environments: [], today: new Date(), buildStacks: addEnvironmentStacks, progress });
      headLabel = 'working tree';
    }
    const selection = parseSelection(process.env[ENVIRONMENTS_VARIABLE]);
    const selected = (stacks: StackOutput[]) => stacks.filter((s) => selection.length === 0 || selection.includes(s.environment));
    const head = selected(readSynthOutput(headDir));
    const base = selected(readSynthOutput(baseDir!));
    const diffs = diffSyntheses(base, head);
    const changed = new Set(diffs.filter((d) => d.status !== 'unchanged').map((d) => d.environment));
    const diagrams = new Map([...stacksByEnvironment(head)].filter(([environment]) => changed.has(environment)).map(([environment, stacks]) => [environment, environmentDiagram(stacks)]));
    const report = markdownReport(diffs, { baseLabel: baseLabel!, headLabel: headLabel!, diagrams, costSection: costSection(root, base, head) });
    process.stdout.write(report);
    if (values.output) fs.writeFileSync(values.output, report);
    if (values['comment-file']) fs.writeFileSync(values['comment-file'], fitForComment(report, { fullReport: SYNTH_DIFF_ARTIFACT }));
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The monthly cost delta per environment. Both sides are priced with the working tree's usage
 * assumptions (`cost:` in environments/*.yaml), so the delta is what the infrastructure change costs.
 */
function costSection(root: string, base: StackOutput[], head: StackOutput[]): string[] {
  const today = new Date();
  let assumptions = new Map<string, ReturnType<typeof loadEnvironments>[number]['cost']>();
  try {
    assumptions = new Map(loadEnvironments(path.join(root, 'environments'), [], { today }).map((c) => [c.name, c.cost]));
  } catch {
    // An environment file that does not load: the report still shows the delta with the default assumptions.
  }
  const before = new Map(estimateSynthesis(base, { today, assumptions }).map((e) => [e.environment, e]));
  const after = new Map(estimateSynthesis(head, { today, assumptions }).map((e) => [e.environment, e]));
  return renderCostDelta([...new Set([...before.keys(), ...after.keys()])].sort().map((environment) => costDelta(before.get(environment), after.get(environment))));
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('diff', main);
if (require.main === module) command();
