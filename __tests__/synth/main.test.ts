import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { runScript } from '../helpers/run-script';
import { configError } from '../../lib/config/config-error';
import { scratchDir } from '../helpers/scratch';

const root = path.resolve(__dirname, '../..');

describe('example environments', () => {
  test('every example environment file is valid', () => {
    const names = loadEnvironments(path.join(root, 'environments')).map((c) => c.name);
    expect(names).toEqual(['dev', 'prod', 'stg']);
  });

  test('prod spreads over three AZs with a NAT gateway per AZ', () => {
    const [prod] = loadEnvironments(path.join(root, 'environments'), ['prod']);
    expect(prod.network.vpc?.availabilityZones).toHaveLength(3);
    expect(prod.network.vpc?.natGateways).toBe('per-az');
  });

  test('GIVEN a selection naming an unknown environment THEN the error lists the known ones', () => {
    expect(() => loadEnvironments(path.join(root, 'environments'), ['qa'])).toThrow(/ENVIRONMENTS names qa, but the environments are: dev, prod, stg/);
  });
});

describe('main.ts', () => {
  test('GIVEN a bad environment file THEN it exits non-zero with file:line:col messages, no stack trace and no output', () => {
    const work = scratchDir('synth-bad-');
    fs.cpSync(path.join(root, 'environments'), path.join(work, 'environments'), { recursive: true });
    fs.copyFileSync(path.join(root, 'main.ts'), path.join(work, 'main.ts'));
    fs.symlinkSync(path.join(root, 'lib'), path.join(work, 'lib'));
    fs.symlinkSync(path.join(root, 'stacks'), path.join(work, 'stacks'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
    const stg = path.join(work, 'environments', 'stg.yaml');
    fs.writeFileSync(stg, fs.readFileSync(stg, 'utf8').replace('cidr: 10.20.0.0/16', 'cidr: 10.20.0.0/33').replace('natGateways:', 'natGateway:'));

    const result = runScript('main.ts', [], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: '' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: 2 configuration problems:\n/);
    expect(result.stderr).toMatch(/environments\/stg\.yaml:21:11: network\.vpc\.cidr: "10\.20\.0\.0\/33" has a prefix length above 32/);
    expect(result.stderr).toMatch(/environments\/stg\.yaml:23:5: network\.vpc\.natGateway: unknown key "natGateway"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(work).filter((entry) => entry.startsWith('cdktf.out'))).toEqual([]);
  });

  test('synthesizes each environment into its own stacks with ENVIRONMENTS selecting a subset', () => {
    const out = scratchDir('synth-ok-');
    // Through scripts/run-ts.cjs, as npm run synth and cdktf.json run it: modules that read files beside themselves must find them.
    execFileSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: out, ENVIRONMENTS: 'dev,prod' } });
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform']);
  });
});

test('configError keeps every problem', () => {
  const error = configError([
    { file: 'a.yaml', line: 1, column: 2, keyPath: 'x', message: 'one' },
    { file: 'a.yaml', line: 3, column: 4, keyPath: '', message: 'two' },
  ]);
  expect(error.message).toBe('a.yaml:1:2: x: one\na.yaml:3:4: two');
});
