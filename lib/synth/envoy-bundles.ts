import * as fs from 'fs';
import * as path from 'path';
import { bundleFiles, contentHash, type EnvoyBundleSource } from '../envoy/envoy-config-bundle';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';

/** Folder of the staging output the bundle sources are written to; cdktf copies them into each stack's assets, then it is removed. */
export const BUNDLE_SOURCES_FOLDER = '.envoy-bundles';

/**
 * Writes an environment's Envoy review files into `<outdir>/.envoy-bundles/<hash>/`
 * for the platform stack's EnvoyConfigBundle asset to copy from; nothing when
 * no service has a sidecar. `outdir` is the pipeline's own staging folder,
 * so no other process writes there.
 */
export function writeEnvoyBundle(outdir: string, proxies: Readonly<Record<string, EnvoyProxyBundle>>): EnvoyBundleSource | undefined {
  if (Object.keys(proxies).length === 0) return undefined;
  const files = bundleFiles(proxies);
  const hash = contentHash(files);
  const folder = path.resolve(outdir, BUNDLE_SOURCES_FOLDER, hash);
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
  return { folder, hash };
}

/** Removes the bundle sources once the app has copied them into the stacks' assets. */
export function removeEnvoyBundleSources(outdir: string): void {
  fs.rmSync(path.join(outdir, BUNDLE_SOURCES_FOLDER), { recursive: true, force: true });
}
