import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS_VARIABLE, loadEnvironments, parseSelection } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';
import { formatResult, planStacksOffline, PROVIDER_MIRROR_VARIABLE, terraformVersion } from '../tools/offline-plan/offline-plan';
import { providerPreflight } from '../tools/offline-plan/provider-preflight';
import { parseCommandLine } from './support/command-line';
import { runCommandMain } from './support/command-main';

/**
 * `npm run plan`: synthesizes the environments (ENVIRONMENTS selects some)
 * and runs terraform init/validate/plan -refresh=false for every stack
 * offline. Exit code 1 if any stack fails.
 */
async function main(): Promise<number> {
  parseCommandLine('plan', {});
  const root = path.resolve(__dirname, '..');
  const version = await terraformVersion();
  if (!version) {
    process.stderr.write('terraform is not installed: install Terraform >= 1.10 to plan offline\n');
    return 1;
  }
  const synthDir = path.join(root, '.plan-work', 'cdktf.out');
  try {
    const configs = loadEnvironments(path.join(root, 'environments'), parseSelection(process.env[ENVIRONMENTS_VARIABLE]));
    synthesizeEnvironments(configs, synthDir, addEnvironmentStacks);
  } catch (error) {
    reportFailure(error, 'synth failed');
    return 1;
  }
  const problem = await providerPreflight();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 1;
  }
  const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
  process.stdout.write(`terraform ${version}, provider source: ${mirror ? `mirror ${mirror}` : 'registry'}, ${os.cpus().length} cores\n`);
  const results = await planStacksOffline({
    synthDir,
    workDir: path.join(root, '.plan-work', 'stacks'),
    onResult: (result) => process.stdout.write(`${formatResult(result)}\n`),
  });
  const failed = results.filter((r) => !r.ok);
  for (const result of failed) process.stderr.write(`\n--- ${result.stack}: ${result.failedStep} failed ---\n${result.output}\n`);
  process.stdout.write(`${results.length} stacks, ${results.length - failed.length} planned, ${failed.length} failed\n`);
  return failed.length > 0 ? 1 : 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('offline plan', main);
if (require.main === module) command();
