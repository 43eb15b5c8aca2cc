import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { buildApp } from '../../lib/synth/synthesize';
import { BUNDLE_SOURCES_FOLDER, removeEnvoyBundleSources } from '../../lib/synth/envoy-bundles';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import type { PlatformStack } from '../../stacks/platform-stack';
import { ENVOY_INPUTS } from '../helpers/envoy-inputs';
import { testEnvironment } from '../helpers/environment-fixture';
import { runScript } from '../helpers/run-script';
import { scratchDir } from '../helpers/scratch';

const root = path.resolve(__dirname, '..', '..');

/** Synthesizes through the pipeline's steps (render, write bundle sources, build, synth) and returns the platform stack's folder. */
function synthPlatform(config: EnvironmentConfig) {
  const outdir = scratchDir('envoy-synth-');
  const { app, environments } = buildApp([config], outdir, addEnvironmentStacks, ENVOY_INPUTS);
  app.synth();
  removeEnvoyBundleSources(outdir);
  const stack = app.node.findChild(environments[0].stacks.platform) as PlatformStack;
  const folder = path.join(outdir, 'stacks', stack.node.id);
  return { stack, outdir, folder, json: JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8')) };
}

describe('EnvoyConfigBundle in the platform stack', () => {
  const config = testEnvironment({
    services: {
      api: { image: 'acme/app:1.0.0', ingress: 'apigw', containerPort: 8080 },
      worker: { image: 'acme/app:1.0.0', ingress: 'none', egress: { uploads: { type: 's3', bucket: 'acme-test-uploads' } } },
    },
  });
  const { stack, outdir, folder, json } = synthPlatform(config);

  test('GIVEN services with sidecars THEN their configs and manifest are in the synth output as an asset, for review', () => {
    const [assetFolder] = fs.readdirSync(path.join(folder, 'assets'));
    expect(assetFolder).toMatch(/^envoy_configs_/);
    const [hashFolder] = fs.readdirSync(path.join(folder, 'assets', assetFolder));
    const files = path.join(folder, 'assets', assetFolder, hashFolder);
    expect(fs.readdirSync(files).sort()).toEqual(['api.yaml', 'manifest.json', 'worker.yaml']);
    expect(fs.readFileSync(path.join(files, 'api.yaml'), 'utf8')).toBe(stack.envoyProxies.api.yaml);
    const manifest = JSON.parse(fs.readFileSync(path.join(files, 'manifest.json'), 'utf8'));
    expect(manifest.worker).toMatchObject({ image: config.envoy.image, sha256: stack.envoyProxies.worker.sha256, ports: { egress: { uploads: { port: 15001 } } } });
  });

  test('the bundle sources are written inside the synth output, and removed once the app copied them into the asset', () => {
    expect(fs.readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
    expect(fs.readdirSync(outdir)).not.toContain(BUNDLE_SOURCES_FOLDER);
  });

  test('the config hashes are a stack output, so a config change shows in the plan', () => {
    expect(json.output['envoy-config-sha256'].value).toEqual({ api: stack.envoyProxies.api.sha256, worker: stack.envoyProxies.worker.sha256 });
  });

  test('GIVEN no services THEN there is no asset and the output is empty', () => {
    const empty = synthPlatform(testEnvironment());
    expect(fs.existsSync(path.join(empty.folder, 'assets'))).toBe(false);
    expect(empty.json.output['envoy-config-sha256'].value).toEqual({});
  });
});

describe('main.ts with an Envoy config that Envoy would refuse', () => {
  test('GIVEN an override out of range THEN synth exits 1 naming the override at its line:col, environment, service, template and path, without stack trace or output', () => {
    const work = scratchDir('envoy-bad-');
    fs.cpSync(path.join(root, 'environments'), path.join(work, 'environments'), { recursive: true });
    for (const entry of ['main.ts', 'cdktf.json']) fs.copyFileSync(path.join(root, entry), path.join(work, entry));
    for (const entry of ['lib', 'stacks', 'envoy', 'node_modules']) fs.symlinkSync(path.join(root, entry), path.join(work, entry));
    const stg = path.join(work, 'environments', 'stg.yaml');
    const document = parseDocument(fs.readFileSync(stg, 'utf8'));
    document.setIn(['envoy', 'overrides', 'ingress-tls', 'maxRequestHeadersKb'], 9000);
    fs.writeFileSync(stg, document.toString());
    const overrideLine =
      document
        .toString()
        .split('\n')
        .findIndex((line) => /^\s+maxRequestHeadersKb: 9000$/.test(line)) + 1;
    expect(overrideLine).toBeGreaterThan(0);

    const result = runScript('main.ts', [], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: '' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: 2 Envoy configuration problems:\n/);
    // At the override: its line, the column its value starts at (after `maxRequestHeadersKb: `), its key path.
    const override = `environments/stg.yaml:${overrideLine}:28: envoy.overrides.ingress-tls.maxRequestHeadersKb`;
    expect(result.stderr).toContain(
      `\n${override}: stg: service web: envoy/templates/ingress-tls.yaml: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.max_request_headers_kb: "max_request_headers_kb" must be at most 8192, got 9000\n`,
    );
    expect(result.stderr).toContain(`\n${override}: stg: service api: envoy/templates/ingress-tls.yaml: `);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(work).filter((entry) => entry.startsWith('cdktf.out'))).toEqual([]);
  });
});
