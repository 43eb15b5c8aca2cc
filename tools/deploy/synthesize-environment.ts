import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments, type EnvironmentStackBuilder } from '../../lib/synth/synthesize';
import { readSynthesizedEnvironment, type SynthesizedEnvironment } from './synthesized-environment';

/**
 * Synthesizes `environment` into `scratch`/cdktf.out (policy pack and secret scan included, cdktf.out left alone)
 * and reads its stacks as the deploy would after its synth step (stack folders named cdktf.out/…, where the deploy
 * finds them): what `npm run deploy:steps` and `npm run deploy-policy` work from.
 * @param buildStacks the entry point's stack builder (tools never import stacks/)
 */
export function synthesizeEnvironment(root: string, environment: string, scratch: string, buildStacks: EnvironmentStackBuilder): SynthesizedEnvironment {
  synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [environment]), path.join(scratch, 'cdktf.out'), buildStacks);
  return readSynthesizedEnvironment(scratch, 'cdktf.out', environment);
}
