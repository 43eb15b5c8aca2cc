import * as fs from 'fs';
import * as path from 'path';
import type { TerraformDocument } from './synthesized-stack';
import { UserError } from '../util/user-error';

/** One synthesized stack of a `cdktf.out` folder. */
export interface StackOutput {
  /** Stack id, `<environment>-<layer>`. */
  readonly id: string;
  readonly environment: string;
  readonly document: TerraformDocument;
  /**
   * The stack's TerraformAsset files by `<asset id>/<file path>`. cdktf puts
   * each asset under a folder named by its content hash, which changes with
   * every edit; it is left out so a file keeps its key across syntheses.
   */
  readonly assets: ReadonlyMap<string, Buffer>;
}

/** cdktf's `manifest.json` at the top of an output folder: where each stack's files are, relative to the folder. */
export interface SynthManifest {
  readonly stacks: Readonly<Record<string, { readonly workingDirectory: string; readonly synthesizedStackPath: string }>>;
}

/** Reads the manifest of a cdktf output folder (the synth pipeline's staging folder or `cdktf.out`). */
export function readSynthManifest(outdir: string): SynthManifest {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new UserError(`${outdir} is not a cdktf output folder: it has no manifest.json`);
  return JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as SynthManifest;
}

/** Reads every stack of a cdktf output folder, sorted by id. */
export function readSynthOutput(outdir: string): StackOutput[] {
  const manifest = readSynthManifest(outdir);
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, entry]) => ({
      id,
      environment: environmentOfStack(id),
      document: JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as TerraformDocument,
      assets: readAssets(path.join(outdir, entry.workingDirectory, 'assets')),
    }));
}

function readAssets(assetsDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!fs.existsSync(assetsDir)) return files;
  for (const assetId of fs.readdirSync(assetsDir).sort()) {
    for (const hash of fs.readdirSync(path.join(assetsDir, assetId))) {
      const root = path.join(assetsDir, assetId, hash);
      for (const file of listFiles(root)) {
        files.set(`${assetId}/${path.relative(root, file).split(path.sep).join('/')}`, fs.readFileSync(file));
      }
    }
  }
  return files;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** The environment of a stack id `<environment>-<layer>`. */
export function environmentOfStack(stackId: string): string {
  const dash = stackId.lastIndexOf('-');
  return dash > 0 ? stackId.slice(0, dash) : stackId;
}
