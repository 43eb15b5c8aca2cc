import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as path from 'path';

/**
 * A local HTTPS stand-in for registry.terraform.io serving one provider
 * package (hashicorp/aws from a filesystem mirror, zipped as the registry
 * ships it) with a GPG-signed SHA256SUMS, so an offline `terraform init`
 * installs it exactly as on a GitHub runner: from the "registry" when the
 * plugin cache is cold, recording the signed `zh:` hashes next to `h1:` in
 * the dependency lock file (https://developer.hashicorp.com/terraform/language/files/dependency-lock#checksum-verification),
 * and from the cache (`h1:` only) when it is warm. A filesystem mirror alone
 * cannot show that difference: it records `h1:` either way.
 *
 * The provider registry protocol: https://developer.hashicorp.com/terraform/internals/provider-registry-protocol.
 * Terraform is pointed at it by a CLI configuration `host` block (service
 * discovery override) and trusts its self-signed certificate through
 * SSL_CERT_FILE (Go's certificate loader on Linux). Needs openssl, gpg and zip.
 */
export interface FakeRegistry {
  /** The CLI configuration file to give Terraform (TF_CLI_CONFIG_FILE). */
  readonly cliConfig: string;
  /** What every Terraform process needs: TF_CLI_CONFIG_FILE and SSL_CERT_FILE. */
  readonly env: Readonly<Record<string, string>>;
  /** The `zh:` hash of the served package (sha256 of its zip). */
  readonly zipHash: string;
  /** How many times the package itself was downloaded. */
  downloads(): number;
  close(): Promise<void>;
}

export interface FakeRegistryOptions {
  /** The unpacked provider folder (…/registry.terraform.io/hashicorp/aws/<version>/linux_amd64 of a mirror). */
  readonly packageDir: string;
  readonly version: string;
  /** Scratch folder for the certificate, the keyring and the zip (the caller removes it). */
  readonly workDir: string;
}

export async function fakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const { workDir, version } = options;
  fs.mkdirSync(workDir, { recursive: true });
  const quiet = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  // A certificate for 127.0.0.1 that Terraform (Go) trusts through SSL_CERT_FILE.
  const key = path.join(workDir, 'key.pem');
  const cert = path.join(workDir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], quiet);
  // The signing key: a throwaway keyring (GNUPGHOME) under the scratch folder.
  const gnupg = path.join(workDir, 'gnupg');
  fs.mkdirSync(gnupg, { mode: 0o700 });
  const gpg = (...args: string[]) => execFileSync('gpg', ['--homedir', gnupg, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], quiet);
  gpg('--quick-gen-key', 'Fake Registry <registry@example.invalid>', 'rsa2048', 'sign', 'never');
  const armor = gpg('--armor', '--export').toString();
  const keyId = /^pub:[^:]*:\d+:\d+:([0-9A-F]{16}):/m.exec(gpg('--with-colons', '--list-keys').toString())![1];

  const [namespace, type] = ['hashicorp', 'aws'];
  const filename = `terraform-provider-${type}_${version}_linux_amd64.zip`;
  const zip = path.join(workDir, filename);
  // Stored, not deflated: the registry's zip holds the same files, and 700 MB deflate slowly.
  execFileSync('zip', ['-0', '-q', '-r', zip, '.'], { ...quiet, cwd: options.packageDir });
  const sha = createHash('sha256').update(fs.readFileSync(zip)).digest('hex');
  const sums = path.join(workDir, 'SHA256SUMS');
  fs.writeFileSync(sums, `${sha}  ${filename}\n`);
  gpg('--detach-sign', '--output', `${sums}.sig`, sums);

  let downloads = 0;
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const file = (name: string) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      fs.createReadStream(name).pipe(res);
    };
    const prefix = `/v1/providers/${namespace}/${type}`;
    if (req.url === `${prefix}/versions`) return json({ versions: [{ version, protocols: ['5.0'], platforms: [{ os: 'linux', arch: 'amd64' }] }] });
    if (req.url === `${prefix}/${version}/download/linux/amd64`) {
      return json({
        protocols: ['5.0'],
        os: 'linux',
        arch: 'amd64',
        filename,
        download_url: `${base}/files/${filename}`,
        shasums_url: `${base}/files/SHA256SUMS`,
        shasums_signature_url: `${base}/files/SHA256SUMS.sig`,
        shasum: sha,
        signing_keys: { gpg_public_keys: [{ key_id: keyId, ascii_armor: armor }] },
      });
    }
    if (req.url === `/files/${filename}`) {
      downloads++;
      return file(zip);
    }
    if (req.url === '/files/SHA256SUMS') return file(sums);
    if (req.url === '/files/SHA256SUMS.sig') return file(`${sums}.sig`);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cliConfig = path.join(workDir, 'terraform.rc');
  fs.writeFileSync(
    cliConfig,
    [
      // Service discovery of registry.terraform.io answered by the CLI configuration (https://developer.hashicorp.com/terraform/cli/config/config-file#host-blocks).
      'host "registry.terraform.io" {',
      `  services = { "providers.v1" = "https://127.0.0.1:${port}/v1/providers/" }`,
      '}',
      'provider_installation {',
      '  direct {}',
      '}',
      '',
    ].join('\n'),
  );
  return {
    cliConfig,
    env: { TF_CLI_CONFIG_FILE: cliConfig, SSL_CERT_FILE: cert },
    zipHash: `zh:${sha}`,
    downloads: () => downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
