import * as path from 'path';
import { formatProblem } from './lib/config/config-error';
import { ENVIRONMENTS_VARIABLE, loadEnvironments, parseSelection } from './lib/config/environments';
import { POLICY_REPORT_FILE, synthesizeEnvironments } from './lib/synth/synthesize';
import { reportFailure } from './lib/synth/report-failure';
import { readCdktfCliRun, refuseHclOutput } from './lib/synth/cdktf-cli-run';
import { synthInputs } from './lib/synth/synth-record';
import { addEnvironmentStacks } from './stacks/environment-stacks';

/**
 * Entry point for `cdktf synth`/`cdktf deploy` (through cdktf.json) and for
 * `npm run synth`. Synthesizes every environment in environments/, or those
 * named in ENVIRONMENTS (comma-separated): reads the environment, loads the
 * configuration and hands it to the pipeline (lib/synth/synthesize.ts) with
 * the stack builder.
 */
function main(): number {
  try {
    const cli = readCdktfCliRun(process.env);
    refuseHclOutput(cli);
    // One day for every date-based check of this run: config support windows and policy rules.
    const today = new Date();
    const selection = parseSelection(process.env[ENVIRONMENTS_VARIABLE]);
    const configs = loadEnvironments(path.join(__dirname, 'environments'), selection, { today });
    for (const warning of configs.flatMap((config) => config.warnings)) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
    const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const reports = synthesizeEnvironments(configs, outdir, addEnvironmentStacks, {
      today,
      byCdktfCli: cli.byCli,
      requirePinnedEnvoyImage: cli.byCli,
      inputs: synthInputs(__dirname, selection, today),
    });
    if (!process.env.CDKTF_OUTDIR) {
      const checks = reports.reduce((sum, report) => sum + report.findings.length, 0);
      process.stdout.write(`synthesized ${configs.map((c) => c.name).join(', ')} into ${outdir}; ${checks} policy checks passed (${outdir}/${POLICY_REPORT_FILE})\n`);
    }
    return 0;
  } catch (error) {
    reportFailure(error, 'synth failed');
    return 1;
  }
}

process.exitCode = main();
