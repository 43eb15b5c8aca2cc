import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { SynthesizedStack } from '../lib/terraform-json/synthesized-stack';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from './support/command-line';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { deployPolicy, deployPolicyInput, splitPolicy } from '../tools/deploy/deploy-policy';
import { readSynthesizedEnvironment } from '../tools/deploy/synthesized-environment';

/**
 * `npm run deploy-policy -- <env>`: prints the IAM policy the identity that runs `npm run deploy -- <env>`
 * needs, as managed policies that each fit IAM's size limit (JSON, keyed by a suggested name), derived from what the environment synthesizes (tools/deploy/deploy-policy.ts). Synthesizes the environment
 * into a temporary folder; cdktf.out is left alone.
 */
function main(): number {
  const [environment, ...rest] = parseCommandLine('deploy-policy', {}, { allowPositionals: true }).positionals;
  if (!environment || rest.length > 0) {
    process.stderr.write('usage: npm run deploy-policy --silent -- <environment>\n');
    return 2;
  }
  const root = path.resolve(__dirname, '..');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-policy-'));
  try {
    synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [environment]), path.join(scratch, 'cdktf.out'), addEnvironmentStacks);
    const env = readSynthesizedEnvironment(scratch, 'cdktf.out', environment);
    const read = (dir: string) => SynthesizedStack.parse(fs.readFileSync(path.join(scratch, dir, 'cdk.tf.json'), 'utf8'));
    const policy = deployPolicy(deployPolicyInput(env, [read(env.bootstrapDir), read(env.platformDir)]));
    // Keyed by a suggested managed policy name: IAM limits one managed policy to 6,144 characters.
    const parts = splitPolicy(policy);
    const named = Object.fromEntries(parts.map((part, index) => [`${env.environment}-deploy-${index + 1}-of-${parts.length}`, part]));
    process.stdout.write(`${JSON.stringify(named, null, 2)}\n`);
    return 0;
  } catch (error) {
    reportFailure(error, 'deploy-policy failed');
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  process.exitCode = main();
};
if (require.main === module) command();
