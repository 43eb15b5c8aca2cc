import * as fs from 'fs';
import * as path from 'path';
import { SynthesizedStack } from '../lib/terraform-json/synthesized-stack';
import { deployPolicy, deployPolicyInput, splitPolicy } from '../tools/deploy/deploy-policy';
import { synthesizedEnvironmentCommand } from './support/environment-command';

/**
 * `npm run deploy-policy -- <env>`: prints the IAM policy the identity that runs `npm run deploy -- <env>`
 * needs, as managed policies that each fit IAM's size limit (JSON, keyed by a suggested name), derived from what the environment synthesizes (tools/deploy/deploy-policy.ts). Synthesizes the environment
 * into a temporary folder; cdktf.out is left alone.
 */
// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = synthesizedEnvironmentCommand({ name: 'deploy-policy', usage: 'usage: npm run deploy-policy --silent -- <environment>' }, ({ synthesized: env, scratch }) => {
  const read = (dir: string) => SynthesizedStack.parse(fs.readFileSync(path.join(scratch, dir, 'cdk.tf.json'), 'utf8'));
  const policy = deployPolicy(deployPolicyInput(env, [read(env.bootstrapDir), read(env.platformDir)]));
  // Keyed by a suggested managed policy name: IAM limits one managed policy to 6,144 characters.
  const parts = splitPolicy(policy);
  const named = Object.fromEntries(parts.map((part, index) => [`${env.environment}-deploy-${index + 1}-of-${parts.length}`, part]));
  process.stdout.write(`${JSON.stringify(named, null, 2)}\n`);
});
if (require.main === module) command();
