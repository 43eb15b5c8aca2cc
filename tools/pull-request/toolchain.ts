import * as fs from 'fs';
import * as path from 'path';
import { runSync } from '../process/run-process';

/**
 * What synthesizes and plans the stacks besides their own code: the npm
 * dependency lock (cdktf, the provider bindings, and through them the
 * provider version each stack requires), the cdktf project file, and the
 * Terraform version the workflows install. Change detection synthesizes the
 * base ref with the head's node_modules (there is one install per job), so a
 * provider or cdktf bump leaves both syntheses equal; and a Terraform upgrade
 * changes no synthesized byte. When any of these differ between the base and
 * the head, every stack is affected (npm run affected).
 */
export const TOOLCHAIN_FILES = ['package-lock.json', 'cdktf.json'] as const;
const WORKFLOWS = '.github/workflows';

/** The `terraform_version:` values of a set of workflow texts (hashicorp/setup-terraform's input), sorted and deduplicated. */
export function terraformVersions(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/^\s*terraform_version:\s*['"]?([^'"\s#]+)/gm)].map((m) => m[1])))].sort();
}

/** What differs between the git ref and the checkout at `root`, for people: `package-lock.json`, `Terraform 1.11.4 → 1.12.0`. Empty when nothing does. */
export function toolchainChanges(root: string, ref: string): string[] {
  const git = (...args: string[]) => {
    const result = runSync({ program: 'git', args: ['-C', root, ...args] });
    if (result.status !== 0) throw result.error ?? new Error(`git ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim()}`);
    return result.stdout;
  };
  // The ref against the working tree: what this checkout synthesizes with.
  const changed = git('diff', '--name-only', ref, '--', ...TOOLCHAIN_FILES)
    .split('\n')
    .filter(Boolean)
    .sort();
  const baseFiles = git('ls-tree', '--name-only', `${ref}:${WORKFLOWS}`)
    .split('\n')
    .filter((f) => /\.ya?ml$/.test(f));
  const base = terraformVersions(baseFiles.map((f) => git('show', `${ref}:${WORKFLOWS}/${f}`)));
  const folder = path.join(root, WORKFLOWS);
  const head = terraformVersions(
    fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'))
      : [],
  );
  if (base.join() !== head.join()) changed.push(`Terraform ${base.join(', ') || 'none'} → ${head.join(', ') || 'none'}`);
  return changed;
}
