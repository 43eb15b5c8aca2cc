import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ReviewError } from './review-command';

export interface CheckoutSynthOptions {
  /** The checkout whose node_modules run the synthesis. */
  readonly nodeModules: string;
  /** `ENVIRONMENTS` for the synthesis. @default - every environment of the checkout */
  readonly environments?: string;
}

/**
 * Synthesizes a checkout by running its own `main.ts` (as `cdktf synth`
 * would) with `CDKTF_OUTDIR`, so a base revision is synthesized by the code
 * of that revision. Throws with the synth's error output when it fails.
 */
export function synthesizeCheckout(checkoutDir: string, outdir: string, options: CheckoutSynthOptions): void {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  if (options.environments === undefined) delete env.ENVIRONMENTS;
  else env.ENVIRONMENTS = options.environments;
  const tsx = path.join(options.nodeModules, '.bin', 'tsx');
  const result = spawnSync(tsx, ['main.ts'], { cwd: checkoutDir, env, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new ReviewError(`synthesizing ${checkoutDir} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
}

/**
 * Synthesizes a git ref of the repository at `repoRoot` into `outdir`: the ref
 * is checked out into a temporary `git worktree` that borrows this checkout's
 * node_modules through a symlink, synthesized there, and removed again, even
 * when the synthesis fails. Returns the commit that was synthesized.
 */
export function synthesizeGitRef(repoRoot: string, ref: string, outdir: string): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch (error) {
    throw new ReviewError(`${ref} is not a commit of ${repoRoot} (fetch it first, e.g. git fetch origin main)`, { cause: error });
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-ref-'));
  const worktree = path.join(scratch, 'checkout');
  git('worktree', 'add', '--detach', worktree, commit);
  try {
    const nodeModules = path.join(repoRoot, 'node_modules');
    fs.symlinkSync(nodeModules, path.join(worktree, 'node_modules'), 'dir');
    synthesizeCheckout(worktree, outdir, { nodeModules });
  } finally {
    git('worktree', 'remove', '--force', worktree);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return commit;
}
