import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createScratchProject } from '../../tools/bench/scratch-project';
import { resolvePluginCacheDir, run, terraformEnvironment, PROVIDER_MIRROR_VARIABLE } from '../../tools/offline-plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';
import { runScript } from '../helpers/run-script';

/**
 * docs/state.md's migration of the bootstrap state into its bucket, as far as
 * it goes without AWS: after `terraform init` with the local backend, turning
 * on state.bootstrapInBucket and synthesizing again keeps the backend that
 * Terraform recorded in .terraform/, so `terraform init -migrate-state` sees
 * local → s3 and would copy the state (here it then stops: no credentials).
 */
const root = path.resolve(__dirname, '../..');

test('GIVEN an initialized local bootstrap WHEN state.bootstrapInBucket is set and synth runs THEN terraform init -migrate-state migrates from the local backend', async () => {
  if (!(await terraformForSuite('the bootstrap state migration test'))) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-migration-'));
  const environments = path.join(scratch, 'environments');
  fs.cpSync(path.join(root, 'environments'), environments, { recursive: true });
  const project = createScratchProject(root, { environmentsDir: environments });
  try {
    const synth = () => {
      const env: NodeJS.ProcessEnv = { ...process.env, ENVIRONMENTS: 'dev' };
      delete env.CDKTF_OUTDIR;
      expect(runScript('main.ts', [], { cwd: project, env })).toMatchObject({ status: 0 });
    };
    const stackDir = path.join(project, 'cdktf.out', 'stacks', 'dev-bootstrap');
    const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
    // No AWS credentials of any kind, so the S3 backend stops before calling AWS.
    const env = { ...terraformEnvironment(scratch, resolvePluginCacheDir(undefined, mirror), mirror), AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null' };

    synth();
    await run('terraform', ['init', '-input=false', '-no-color'], stackDir, env);
    const devFile = path.join(environments, 'dev.yaml');
    fs.writeFileSync(devFile, fs.readFileSync(devFile, 'utf8').replace(/^state:\n/m, 'state:\n  bootstrapInBucket: true\n'));
    synth();
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend.s3.key).toBe('dev/bootstrap.tfstate');

    const migrate = await run('terraform', ['init', '-migrate-state', '-input=false', '-no-color'], stackDir, env).then(
      ({ stdout, stderr }) => stdout + stderr,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(migrate).toContain('Terraform detected that the backend type changed from "local" to "s3".');
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}, 180_000);
