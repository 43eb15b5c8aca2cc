import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { runDeliveryCommand } from '../tools/delivery/delivery-command';
import { headCommit, planStack, recordFailure } from '../tools/delivery/plan-stack';
import { ReviewError } from '../tools/review/review-command';
import { parseCommandLine } from '../lib/core/command-line';

const USAGE = `usage: npm run plan:stack -- <environment> <stack> --out DIR [--offline] [--commit SHA] [--synth DIR]
  Synthesizes <environment> (or reads the cdktf output folder --synth DIR), then
  terraform init against the stack's real backend (read-only), plan -lock=false -out,
  show -json, and writes DIR/{plan.tfplan,plan.json,plan.txt,metadata.json}
  (DIR/failure.json when a step fails, exit 1).
options:
  --offline      the offline plans' override: local empty state, fake credentials, no refresh
  --commit SHA   the commit recorded in metadata.json (default: git rev-parse HEAD)
ENVOY_IMAGE_DIGEST=sha256:… gives the platform stack's envoy_image_digest; else the digest its task definitions
run today (terraform state pull, read-only); else (empty state) a placeholder, said in the comment.`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('plan:stack', {
    out: { type: 'string' },
    offline: { type: 'boolean', default: false },
    commit: { type: 'string' },
    synth: { type: 'string' },
    help: { type: 'boolean' },
  }, { allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [environment, stack, ...extra] = positionals;
  if (!environment || !stack || extra.length > 0 || !values.out) throw new ReviewError(`give <environment> <stack> and --out DIR\n${USAGE}`);
  if (!stack.startsWith(`${environment}-`)) throw new ReviewError(`${stack} is not a stack of ${environment} (stacks are named <environment>-<layer>)`);
  const root = path.resolve(__dirname, '..');
  const outDir = path.resolve(values.out);
  const commit = values.commit ?? headCommit(root);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-stack-'));
  try {
    let synthDir = values.synth;
    if (synthDir === undefined) {
      synthDir = path.join(scratch, 'cdktf.out');
      try {
        synthesizeEnvironments(loadEnvironments(path.join(root, 'environments'), [environment]), synthDir, addEnvironmentStacks);
      } catch (error) {
        throw recordFailure(outDir, { environment, stack, commit, step: 'synth', output: (error as Error).message });
      }
    }
    const started = Date.now();
    const metadata = await planStack({ environment, stack, synthDir, outDir, offline: values.offline, commit, workDir: path.join(scratch, 'work') });
    process.stdout.write(`${stack}: planned${metadata.offline ? ' offline' : ''} at ${commit.slice(0, 7)} into ${path.relative(process.cwd(), outDir) || '.'} (sha256 ${metadata.planSha256.slice(0, 16)}…, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

runDeliveryCommand('plan:stack', main);
