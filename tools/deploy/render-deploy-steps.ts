import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments, type EnvironmentStackBuilder } from '../../lib/synth/synthesize';
import { deploySteps, formatSteps } from './deploy-steps';
import { readSynthesizedEnvironment } from './synthesized-environment';

/**
 * The first-deploy steps of `environment` as Markdown: synthesizes it into
 * `scratch`/cdktf.out and reads the stacks as the deploy would after its synth
 * step (stack folders are printed as cdktf.out/…, where the deploy finds them).
 * @param buildStacks the entry point's stack builder (tools never import stacks/)
 */
export function renderDeploySteps(root: string, environment: string, scratch: string, buildStacks: EnvironmentStackBuilder): string {
  synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [environment]), path.join(scratch, 'cdktf.out'), buildStacks);
  const env = readSynthesizedEnvironment(scratch, 'cdktf.out', environment);
  return formatSteps(env, deploySteps(env));
}
