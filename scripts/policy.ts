import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS_VARIABLE, loadEnvironments, parseSelection } from '../lib/config/environments';
import { renderPolicyReport } from '../lib/guardrails/policy-report';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';

/**
 * `npm run policy`: synthesizes the environments (ENVIRONMENTS selects some)
 * into a scratch folder and prints the policy report: checks per stack,
 * suppressions with their reasons, and the rules.
 */
function main(): number {
  const root = path.resolve(__dirname, '..');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
  try {
    const configs = loadEnvironments(path.join(root, 'environments'), parseSelection(process.env[ENVIRONMENTS_VARIABLE]));
    process.stdout.write(renderPolicyReport(synthesizeEnvironments(configs, path.join(outdir, 'cdktf.out'), addEnvironmentStacks)));
    return 0;
  } catch (error) {
    reportFailure(error, 'policy check failed');
    return 1;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main();
