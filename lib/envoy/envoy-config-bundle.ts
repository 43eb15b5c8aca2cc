import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import type { EnvoyProxyBundle } from './envoy-proxy-bundle';

export interface EnvoyConfigBundleProps {
  /** The rendered, validated sidecar configs of the environment, by service name (see renderEnvironmentProxies). */
  readonly proxies: Readonly<Record<string, EnvoyProxyBundle>>;
}

/**
 * Puts an environment's Envoy configs into the synth output for review, as
 * a TerraformAsset folder `cdktf.out/stacks/<stack>/assets/<id>/<hash>/`:
 * `<service>.yaml` per sidecar and `manifest.json` (image, hash, ports,
 * secrets, size). The containers do not read these files: the ECS task
 * definitions pass each config inline (EnvoyProxyBundle.command).
 */
export class EnvoyConfigBundle extends Construct {
  /** The asset folder; absent when no service of the environment has a sidecar. */
  public readonly asset?: TerraformAsset;
  /** The files of the bundle by name, as written into the asset. */
  public readonly files: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EnvoyConfigBundleProps) {
    super(scope, id);
    this.files = bundleFiles(props.proxies);
    if (Object.keys(props.proxies).length === 0) return;
    const hash = contentHash(this.files);
    this.asset = new TerraformAsset(this, 'configs', { path: writeSource(this.files, hash), type: AssetType.DIRECTORY, assetHash: hash });
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

function contentHash(files: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * TerraformAsset copies from a folder that exists when it is constructed.
 * The folder is named by the content hash, so concurrent synths (test
 * workers, the plan suite) write identical content, and it is renamed into
 * place complete.
 */
function writeSource(files: Readonly<Record<string, string>>, hash: string): string {
  const folder = path.join(os.tmpdir(), 'envoy-config-bundles', hash);
  if (fs.existsSync(folder)) return folder;
  const partial = `${folder}.${process.pid}.tmp`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(partial, name), text);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  try {
    fs.renameSync(partial, folder);
  } catch (error) {
    // Another process renamed the same content into place first: use it.
    if (!fs.existsSync(folder)) throw error;
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return folder;
}
