import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { formatProblem } from '../lib/config/config-error';
import { ENVIRONMENTS_VARIABLE, loadEnvironments, parseSelection } from '../lib/config/environments';
import { currentSynthesis, synthOutdir } from '../lib/synth/current-synthesis';
import { Progress } from '../lib/synth/progress';
import { reportFailure } from '../lib/synth/report-failure';
import { estimateSynthesis } from '../tools/cost/estimate-synthesis';
import { notPricedSummary, renderMarkdown, renderTerminal } from '../tools/cost/render';
import { readSynthOutput } from '../lib/terraform-json/synth-output';
import { addEnvironmentStacks } from '../stacks/environment-stacks';

const USAGE = `usage: npm run cost [-- --synth DIR]
  synthesizes the environments into cdktf.out (ENVIRONMENTS selects some; CDKTF_OUTDIR moves it), or reuses it
  when it was synthesized today from the same inputs, prints each one's monthly estimate and writes cdktf.out/cost-estimate.md and cdktf.out/cost-estimate.json.
  --synth DIR   estimate an existing cdktf output instead of synthesizing (the files are written into DIR)`;

/** `npm run cost`: the monthly estimate of every environment from its synthesized stacks (docs/cost.md). */
function main(): number {
  const { values } = parseCommandLine('cost', { synth: { type: 'string' }, help: { type: 'boolean' } });
  try {
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const root = path.resolve(__dirname, '..');
    const today = new Date();
    const selection = parseSelection(process.env[ENVIRONMENTS_VARIABLE]);
    const configs = loadEnvironments(path.join(root, 'environments'), selection, { today });
    for (const warning of configs.flatMap((config) => config.warnings)) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
    const outdir = values.synth ?? synthOutdir(root);
    if (!values.synth) currentSynthesis({ root, outdir, environments: selection, today, buildStacks: addEnvironmentStacks, progress: new Progress('cost') });
    const names = new Set(configs.map((c) => c.name));
    const stacks = readSynthOutput(outdir).filter((s) => names.has(s.environment));
    const estimates = estimateSynthesis(stacks, { today, assumptions: new Map(configs.map((c) => [c.name, c.cost])) });
    for (const estimate of estimates) process.stdout.write(`${renderTerminal(estimate)}\n`);
    for (const warning of new Set(estimates.flatMap((e) => e.warnings))) process.stderr.write(`warning: ${warning}\n`);
    // cost.requireFullCoverage: a lower bound is not an answer; say what lacks a price, write no report.
    const partial = estimates.filter((e) => e.assumptions.requireFullCoverage && !e.complete);
    for (const e of partial) {
      process.stderr.write(
        `cost: ${e.environment}: ${notPricedSummary(e)} (cost.requireFullCoverage is on): add the price to tools/cost/prices/${e.region}.json and the type to PRICED_TYPES, or its reason to be free to tools/cost/no-charge.ts (docs/cost.md, "Adding a resource type")\n`,
      );
    }
    if (partial.length > 0) return 1;
    fs.writeFileSync(path.join(outdir, 'cost-estimate.md'), renderMarkdown(estimates));
    fs.writeFileSync(path.join(outdir, 'cost-estimate.json'), `${JSON.stringify(estimates, null, 2)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(outdir, 'cost-estimate.md'))} and cost-estimate.json\n`);
    return 0;
  } catch (error) {
    reportFailure(error, 'cost estimate failed');
    return 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  process.exitCode = main();
};
if (require.main === module) command();
