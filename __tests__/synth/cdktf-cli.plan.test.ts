import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createScratchProject } from '../../tools/bench/scratch-project';
import { PARKED_WORKING_FILES_FOLDER } from '../../lib/synth/terraform-working-files';

/**
 * The real cdktf CLI (node_modules/.bin/cdktf) and `npm run synth`, in a
 * throw-away copy of the project, so they write only there. Each CLI run takes
 * 5-20 s (it starts Terraform several times before the app), so this is in the
 * slower plan project (jest.config.js). The environments are the examples with
 * envoy.image pinned by digest, as after a first deploy: the CLI refuses an
 * unpinned one (cdktf-cli-envoy-pin.plan.test.ts).
 */
const root = path.resolve(__dirname, '../..');
const SECONDS = 1000;

let project: string;
beforeAll(() => {
  project = createScratchProject(root, { pinnedEnvoyDigest: `sha256:${'ab'.repeat(32)}` });
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const base: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', FORCE_COLOR: '0' };
  for (const name of ['CDKTF_OUTDIR', 'SYNTH_HCL_OUTPUT', 'ENVIRONMENTS', 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS', 'CDKTF_CONTEXT_JSON']) delete base[name];
  const result = spawnSync(command, args, { cwd: project, env: { ...base, ...env }, encoding: 'utf8', timeout: 120 * SECONDS });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const cdktf = (args: string[], env?: NodeJS.ProcessEnv) => run(path.join(project, 'node_modules', '.bin', 'cdktf'), args, env);
const stackFolders = () => fs.readdirSync(path.join(project, 'cdktf.out', 'stacks')).sort();

/** Terraform's files as `terraform init` and an apply leave them, each holding its own path. */
function leave(relative: string, folder = false): string {
  const file = path.join(project, relative);
  if (folder) {
    fs.mkdirSync(file, { recursive: true });
    fs.writeFileSync(path.join(file, 'marker'), relative);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, relative);
  }
  return relative;
}
const content = (relative: string, folder = false) => fs.readFileSync(path.join(project, relative, folder ? 'marker' : ''), 'utf8');

test(
  'npm run synth, then ENVIRONMENTS=dev cdktf synth, then cdktf synth --hcl: the subset synth succeeds, --hcl refuses in one line, and no Terraform file is lost',
  () => {
    const full = run('npm', ['run', 'synth']);
    expect(full).toMatchObject({ status: 0 });
    expect(stackFolders()).toEqual(['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform', 'stg-bootstrap', 'stg-platform']);

    // The bootstrap's local state, where its backend puts it: resolved from the stack's working directory.
    const devBootstrap = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'stacks', 'dev-bootstrap', 'cdk.tf.json'), 'utf8'));
    const statePath = path.relative(project, path.resolve(project, 'cdktf.out', 'stacks', 'dev-bootstrap', devBootstrap.terraform.backend.local.path));
    expect(statePath).toBe('terraform.dev-bootstrap.tfstate');
    const files = [
      leave(statePath),
      leave('terraform.dev-bootstrap.tfstate.backup'),
      leave('.terraform.lock.hcl'),
      ...['dev-bootstrap', 'dev-platform', 'prod-bootstrap', 'prod-platform'].flatMap((stack) => [
        leave(`cdktf.out/stacks/${stack}/.terraform.lock.hcl`),
        leave(`cdktf.out/stacks/${stack}/terraform.tfstate`),
      ]),
    ];
    const folders = [leave('.terraform', true), leave('cdktf.out/stacks/dev-platform/.terraform', true), leave('cdktf.out/stacks/prod-platform/.terraform', true)];

    const subset = cdktf(['synth'], { ENVIRONMENTS: 'dev' });
    expect(subset.output).not.toMatch(/ENOENT|synth failed/);
    expect(subset.status).toBe(0);
    expect(stackFolders()).toEqual(['dev-bootstrap', 'dev-platform']);
    expect(content('cdktf.out/stacks/dev-platform/.terraform', true)).toBe('cdktf.out/stacks/dev-platform/.terraform');
    expect(content('cdktf.out/stacks/dev-bootstrap/terraform.tfstate')).toBe('cdktf.out/stacks/dev-bootstrap/terraform.tfstate');

    const hcl = cdktf(['synth', '--hcl']);
    expect(hcl.status).not.toBe(0);
    expect(hcl.output).toMatch(
      /synth failed: HCL output \(cdktf synth --hcl, SYNTH_HCL_OUTPUT\) is not supported: the policy pack and secret scan check the JSON output; run cdktf synth without --hcl\n/,
    );
    expect(hcl.output).not.toMatch(/internal error|\n\s+at /);
    expect(stackFolders()).toEqual(['dev-bootstrap', 'dev-platform']);

    // Nothing was deleted: the other environments' files wait outside stacks/ until their stacks are synthesized again
    // (that they return is in terraform-working-files.test.ts).
    const parked = (file: string) => file.replace(/^cdktf\.out\/stacks\/(prod-)/, `cdktf.out/${PARKED_WORKING_FILES_FOLDER}/$1`);
    for (const file of files) expect(content(parked(file))).toBe(file);
    for (const folder of folders) expect(content(parked(folder), true)).toBe(folder);
  },
  180 * SECONDS,
);
