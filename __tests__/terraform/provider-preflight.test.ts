import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROVIDER_MIRROR_VARIABLE, terraformVersion } from '../../tools/offline-plan/offline-plan';
import { preflightMessage, providerPreflight } from '../../tools/offline-plan/provider-preflight';

const root = path.resolve(__dirname, '../..');
/** What `terraform init -no-color` prints when the registry is unreachable (Terraform 1.11). */
const REGISTRY_OUTPUT = `- Finding hashicorp/aws versions matching "5.100.0"...

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider hashicorp/aws:
could not connect to registry.terraform.io: failed to request discovery
document: Get "https://registry.terraform.io/.well-known/terraform.json":
dial tcp: lookup registry.terraform.io: no such host
`;

describe('preflightMessage', () => {
  test("GIVEN no mirror THEN one line: Terraform's error, and how to point Terraform at a mirror", () => {
    const message = preflightMessage('5.100.0', undefined, REGISTRY_OUTPUT);
    expect(message).not.toContain('\n');
    expect(message).toBe(
      'terraform init cannot install the AWS provider 5.100.0 from the Terraform registry (Failed to query available provider packages): ' +
        'set TERRAFORM_PROVIDER_MIRROR to a filesystem mirror folder holding registry.terraform.io/hashicorp/aws/5.100.0/<os>_<arch>/, ' +
        'or give Terraform a provider_installation block in its CLI configuration (~/.terraformrc or TF_CLI_CONFIG_FILE); ' +
        'the offline plans need it (README, "Offline plans and the provider mirror")',
    );
  });

  test('GIVEN a mirror THEN it names the mirror and the folder layout it must hold', () => {
    expect(preflightMessage('5.100.0', 'mirror-dir', 'Error: Failed to query available provider packages\n')).toMatch(
      /^terraform init cannot install the AWS provider 5\.100\.0 from TERRAFORM_PROVIDER_MIRROR=mirror-dir \(Failed to query available provider packages\): that folder must hold registry\.terraform\.io\/hashicorp\/aws\/5\.100\.0\/<os>_<arch>\/; /,
    );
  });
});

describe('providerPreflight with real Terraform', () => {
  let version: string | undefined;
  let empty: string;
  let cliConfig: string;
  beforeAll(async () => {
    version = await terraformVersion();
    empty = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-mirror-'));
    // A CLI configuration whose only provider source is an empty mirror: no registry, on any machine.
    cliConfig = path.join(empty, 'terraform.rc');
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(path.join(empty, 'providers'))}\n  }\n}\n`);
  });
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

  test('GIVEN a mirror without the AWS provider THEN it fails at once, naming the mirror', async () => {
    if (!version) return;
    const started = Date.now();
    const message = await providerPreflight({ providerMirror: empty });
    expect(message).toMatch(new RegExp(`^terraform init cannot install the AWS provider 5\\.100\\.0 from TERRAFORM_PROVIDER_MIRROR=${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  test('GIVEN the configured mirror THEN the provider installs', async () => {
    const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
    if (!version || !mirror) return;
    expect(await providerPreflight()).toBeUndefined();
  }, 60_000);

  test('GIVEN no mirror and no registry THEN `jest` stops once, in seconds, with the one line and no failing tests', () => {
    if (!version) return;
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, JEST_WORKER_ID: undefined };
    delete env[PROVIDER_MIRROR_VARIABLE];
    delete env.JEST_WORKER_ID;
    const started = Date.now();
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'plan', '__tests__/plan/default-concurrency.test.ts'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => line.startsWith('terraform init cannot install the AWS provider 5.100.0 from the Terraform registry ('))).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/✕|●|Tests:/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});
