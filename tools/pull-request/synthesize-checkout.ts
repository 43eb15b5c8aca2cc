import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../lib/util/user-error';
import { runSync } from '../process/run-process';

export interface CheckoutSynthOptions {
  /** The node_modules whose executables (`.bin`) the checkout's app command finds first on PATH. */
  readonly nodeModules: string;
  /** `ENVIRONMENTS` for the synthesis. @default - every environment of the checkout */
  readonly environments?: string;
}

/**
 * Synthesizes a checkout by running the `app` command of its own cdktf.json,
 * as `cdktf synth` would, with `CDKTF_OUTDIR`: a base revision is synthesized
 * by the code and the runner of that revision. Throws with the synth's error
 * output when it fails.
 */
export function synthesizeCheckout(checkoutDir: string, outdir: string, options: CheckoutSynthOptions): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    PATH: [path.join(options.nodeModules, '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter),
  };
  if (options.environments === undefined) delete env.ENVIRONMENTS;
  else env.ENVIRONMENTS = options.environments;
  const app = cdktfApp(checkoutDir);
  // The command is the checkout's own cdktf.json, which `cdktf synth` runs through a shell too.
  const result = runSync({ program: app, cwd: checkoutDir, env, shell: true });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new UserError(`synthesizing ${checkoutDir} (${app}) failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
}

/** The `app` command of a checkout's cdktf.json. */
function cdktfApp(checkoutDir: string): string {
  const file = path.join(checkoutDir, 'cdktf.json');
  let app: unknown;
  try {
    app = (JSON.parse(fs.readFileSync(file, 'utf8')) as { app?: unknown }).app;
  } catch (error) {
    throw new UserError(`${file}: cannot read the cdktf app command: ${(error as Error).message}`, { cause: error });
  }
  if (typeof app !== 'string' || app.trim() === '') throw new UserError(`${file}: "app" must be the command that synthesizes the stacks`);
  return app;
}

/**
 * Synthesizes a git ref of the repository at `repoRoot` into `outdir`: the ref
 * is checked out into a temporary `git worktree` that borrows this checkout's
 * node_modules through a symlink, synthesized there, and removed again, even
 * when the synthesis fails. Returns the commit that was synthesized.
 */
export function synthesizeGitRef(repoRoot: string, ref: string, outdir: string): string {
  const git = (...args: string[]) => {
    const result = runSync({ program: 'git', args: ['-C', repoRoot, ...args] });
    if (result.status !== 0) throw result.error ?? new Error(`git ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim()}`);
    return result.stdout.trim();
  };
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch (error) {
    throw new UserError(`${ref} is not a commit of ${repoRoot} (fetch it first, e.g. git fetch origin main)`, { cause: error });
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
