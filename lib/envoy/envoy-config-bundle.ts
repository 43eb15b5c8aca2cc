import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import type { EnvoyProxyBundle } from './envoy-proxy-bundle';

/** A folder holding an environment's review files (bundleFiles), written by the synth pipeline before the stacks are built. */
export interface EnvoyBundleSource {
  /** Absolute path of the folder. */
  readonly folder: string;
  /** contentHash of its files: names the asset folder in the output. */
  readonly hash: string;
}

export interface EnvoyConfigBundleProps {
  /** The bundle's files on disk; absent when no service of the environment has a sidecar, or in tests that build stacks from plain values. */
  readonly source?: EnvoyBundleSource;
}

/**
 * Puts an environment's Envoy configs into the synth output for review, as
 * a TerraformAsset folder `cdktf.out/stacks/<stack>/assets/<id>/<hash>/`:
 * `<service>.yaml` per sidecar and `manifest.json` (image, hash, ports,
 * secrets, size). The containers do not read these files: the ECS task
 * definitions pass each config inline (EnvoyProxyBundle.command). The files
 * are rendered and written by the pipeline (lib/synth/envoy-bundles.ts);
 * this construct only declares the asset, so the stack does no I/O.
 */
export class EnvoyConfigBundle extends Construct {
  /** The asset folder; absent without a source. */
  public readonly asset?: TerraformAsset;

  constructor(scope: Construct, id: string, props: EnvoyConfigBundleProps) {
    super(scope, id);
    if (!props.source) return;
    this.asset = new TerraformAsset(this, 'configs', { path: props.source.folder, type: AssetType.DIRECTORY, assetHash: props.source.hash });
  }
}

/** The review files of a set of sidecars: what the asset holds and the golden files compare. */
export function bundleFiles(proxies: Readonly<Record<string, EnvoyProxyBundle>>): Record<string, string> {
  const manifest = Object.fromEntries(
    Object.entries(proxies).map(([name, proxy]) => [
      name,
      { image: proxy.image, templates: proxy.templates, sha256: proxy.sha256, commandBytes: proxy.commandBytes, ports: proxy.ports, secrets: proxy.secrets },
    ]),
  );
  return {
    ...Object.fromEntries(Object.entries(proxies).map(([name, proxy]) => [`${name}.yaml`, proxy.yaml])),
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
  };
}

/** A hash of the files' names and contents: the asset folder's name, so it changes exactly when a file does. */
export function contentHash(files: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest('hex').slice(0, 32);
}
