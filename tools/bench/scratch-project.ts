import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listEnvironmentFiles } from '../../lib/config/environments';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { pinEnvoyImage } from '../deploy/envoy-image-pin';

/**
 * A throw-away copy of the repository for the synth benchmarks: every
 * top-level entry is a symbolic link to the real one, except `main.ts`, which
 * is a copy (Node resolves a linked entry point to its real folder, and
 * main.ts finds environments/ beside itself), `environments`, which may be
 * another folder, and outputs that must not be shared. `npm run synth` there
 * runs exactly the repository's synth script on the chosen app and
 * environments, and writes only inside the copy.
 */
export interface ScratchProjectOptions {
  /** The app to synthesize. @default - the repository's main.ts */
  readonly mainSource?: string;
  /** @default - the repository's environments/ */
  readonly environmentsDir?: string;
  /**
   * Copy the environments with envoy.image pinned to this digest, as a first
   * deploy leaves them (tools/deploy/envoy-image-pin.ts): the cdktf CLI refuses
   * an environment without one (lib/synth/cdktf-cli-run.ts). @default - linked as they are
   */
  readonly pinnedEnvoyDigest?: string;
}

const NOT_LINKED = new Set(['.git', 'main.ts', 'environments', 'cdktf.out', '.plan-work', 'BENCHMARKS.md']);

export function createScratchProject(root: string, options: ScratchProjectOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-project-'));
  for (const entry of fs.readdirSync(root)) {
    if (NOT_LINKED.has(entry) || entry.startsWith('cdktf.out')) continue;
    fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  }
  fs.copyFileSync(options.mainSource ?? path.join(root, 'main.ts'), path.join(dir, 'main.ts'));
  const environments = path.resolve(options.environmentsDir ?? path.join(root, 'environments'));
  if (options.pinnedEnvoyDigest) {
    fs.mkdirSync(path.join(dir, 'environments'));
    for (const file of listEnvironmentFiles(environments)) {
      const pin = pinEnvoyImage(fs.readFileSync(file, 'utf8'), file, options.pinnedEnvoyDigest);
      fs.writeFileSync(path.join(dir, 'environments', path.basename(file)), pin.text);
    }
  } else {
    fs.symlinkSync(environments, path.join(dir, 'environments'));
  }
  return dir;
}

/** How many resources and data sources the stacks of a cdktf output folder hold together. */
export function countSynthesizedResources(outdir: string): number {
  const stacksDir = path.join(outdir, 'stacks');
  let total = 0;
  for (const stack of fs.readdirSync(stacksDir)) {
    const synthesized = SynthesizedStack.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    total += synthesized.resources().length + synthesized.dataSources().length;
  }
  return total;
}
