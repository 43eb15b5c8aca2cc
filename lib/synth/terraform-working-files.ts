import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../util/user-error';

/**
 * Terraform's own files in a stack folder, which synth never writes: the
 * provider and module cache with the backend settings (`.terraform/`), the
 * dependency lock file, local state with its backups, its lock, and local
 * workspaces. Losing `.terraform/` costs a re-init; losing local state loses
 * track of real resources. https://developer.hashicorp.com/terraform/cli/init
 */
export function isTerraformWorkingFile(name: string): boolean {
  return name === '.terraform' || name === '.terraform.lock.hcl' || name === '.terraform.tfstate.lock.info' || name === 'terraform.tfstate.d' || /\.tfstate(\.|$)/.test(name);
}

/**
 * Where the working files of a stack that the current synth does not produce
 * (another environment than ENVIRONMENTS selects) wait, per stack id, until a
 * later synth produces that stack again. Outside `stacks/`, which the cdktf
 * CLI prunes of every folder the manifest does not list.
 */
export const PARKED_WORKING_FILES_FOLDER = 'terraform-working-files';

/**
 * Moves Terraform's working files from the previous synth output `from` into
 * the new one `to`, before `to` replaces `from`: into the stack's new folder
 * when `to` has that stack, else into PARKED_WORKING_FILES_FOLDER. Files parked
 * by an earlier synth move back into their stack folder once it exists again.
 * Renames only (both folders are siblings on one file system), so nothing is
 * copied or deleted; two files for one place (a parked one and one in the
 * stack folder) stop it before anything moves. Returns the stack folders of
 * `from` that `to` lacks.
 */
export function carryTerraformWorkingFiles(from: string, to: string): string[] {
  const synthesized = new Set(listFolders(path.join(to, 'stacks')));
  const moves = new Map<string, string>();
  for (const source of [path.join(from, 'stacks'), path.join(from, PARKED_WORKING_FILES_FOLDER)]) {
    for (const stack of listFolders(source)) {
      const target = synthesized.has(stack) ? path.join(to, 'stacks', stack) : path.join(to, PARKED_WORKING_FILES_FOLDER, stack);
      for (const name of fs.readdirSync(path.join(source, stack)).filter(isTerraformWorkingFile)) {
        const destination = path.join(target, name);
        const other = moves.get(destination);
        if (other !== undefined || fs.existsSync(destination)) {
          throw new UserError(`${path.join(source, stack, name)} and ${other ?? destination} are both Terraform's ${name} of stack ${stack}: keep one, then synth again`);
        }
        moves.set(destination, path.join(source, stack, name));
      }
    }
  }
  for (const [destination, origin] of moves) {
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.renameSync(origin, destination);
  }
  return listFolders(path.join(from, 'stacks')).filter((stack) => !synthesized.has(stack));
}

function listFolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
