import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { isTerraformWorkingFile, PARKED_WORKING_FILES_FOLDER } from '../../lib/synth/terraform-working-files';
import { UserError } from '../../lib/util/user-error';
import { exampleSynth } from '../helpers/example-synth';

const root = path.resolve(__dirname, '../..');
const all = loadEnvironments(path.join(root, 'environments'));
const dev = all.filter((c) => c.name === 'dev');
const stacks = all.flatMap((c) => [`${c.name}-bootstrap`, `${c.name}-platform`]);

/** What `terraform init` and a local-state apply leave in a stack folder; the content names the stack. */
function leaveTerraformFiles(stackDir: string, stack: string): void {
  fs.mkdirSync(path.join(stackDir, '.terraform', 'providers'), { recursive: true });
  fs.writeFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), `backend of ${stack}`);
  fs.writeFileSync(path.join(stackDir, '.terraform', 'providers', 'marker'), `provider of ${stack}`);
  fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), `lock of ${stack}`);
  fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), `state of ${stack}`);
  fs.writeFileSync(path.join(stackDir, 'terraform.tfstate.backup'), `backup of ${stack}`);
}

/** Every Terraform working file under `dir`, as relative path → content. */
function workingFiles(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (at: string, inside: boolean) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const keep = inside || isTerraformWorkingFile(entry.name);
      if (entry.isDirectory()) walk(full, keep);
      else if (keep) found[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir, false);
  return found;
}

const expectedFiles = (stack: string, folder: string) => ({
  [`${folder}/${stack}/.terraform/terraform.tfstate`]: `backend of ${stack}`,
  [`${folder}/${stack}/.terraform/providers/marker`]: `provider of ${stack}`,
  [`${folder}/${stack}/.terraform.lock.hcl`]: `lock of ${stack}`,
  [`${folder}/${stack}/terraform.tfstate`]: `state of ${stack}`,
  [`${folder}/${stack}/terraform.tfstate.backup`]: `backup of ${stack}`,
});

describe('Terraform working files across synths', () => {
  let work: string;
  let outdir: string;
  /** The given state: cdktf.out as a synth of every environment left it (a copy of the run's shared synthesis). */
  const givenSynthesisOfAll = () => fs.cpSync(exampleSynth().outdir, outdir, { recursive: true });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'working-files-'));
    outdir = path.join(work, 'cdktf.out');
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN Terraform files in every stack folder WHEN synth of dev only, then of all THEN none is lost and each returns to its stack', () => {
    givenSynthesisOfAll();
    for (const stack of stacks) leaveTerraformFiles(path.join(outdir, 'stacks', stack), stack);
    const before = workingFiles(outdir);
    expect(Object.keys(before)).toHaveLength(5 * stacks.length);

    synthesizeEnvironments(dev, outdir, addEnvironmentStacks);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev-bootstrap', 'dev-platform']);
    expect(workingFiles(outdir)).toEqual(Object.assign({}, ...stacks.map((stack) => expectedFiles(stack, stack.startsWith('dev-') ? 'stacks' : PARKED_WORKING_FILES_FOLDER))));

    synthesizeEnvironments(all, outdir, addEnvironmentStacks);
    expect(workingFiles(outdir)).toEqual(before);
    expect(fs.existsSync(path.join(outdir, PARKED_WORKING_FILES_FOLDER))).toBe(false);
  });

  test('GIVEN the cdktf CLI runs the app WHEN a stack is no longer synthesized THEN its folder is left empty for the CLI to remove', () => {
    givenSynthesisOfAll();
    leaveTerraformFiles(path.join(outdir, 'stacks', 'prod-platform'), 'prod-platform');
    synthesizeEnvironments(dev, outdir, addEnvironmentStacks, { byCdktfCli: true });
    for (const stack of stacks.filter((s) => !s.startsWith('dev-'))) expect(fs.readdirSync(path.join(outdir, 'stacks', stack))).toEqual([]);
    expect(workingFiles(outdir)).toEqual(expectedFiles('prod-platform', PARKED_WORKING_FILES_FOLDER));
  });

  test('GIVEN a parked copy and a stack folder copy of one file THEN synth refuses, naming both, and moves nothing', () => {
    givenSynthesisOfAll();
    leaveTerraformFiles(path.join(outdir, 'stacks', 'prod-platform'), 'prod-platform');
    leaveTerraformFiles(path.join(outdir, PARKED_WORKING_FILES_FOLDER, 'prod-platform'), 'prod-platform');
    const before = workingFiles(outdir);
    let refusal: unknown;
    try {
      synthesizeEnvironments(all, outdir, addEnvironmentStacks);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as Error).message).toMatch(
      /terraform-working-files\/prod-platform\/\.terraform and .*stacks\/prod-platform\/\.terraform are both Terraform's \.terraform of stack prod-platform: keep one, then synth again/,
    );
    expect(workingFiles(outdir)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(['cdktf.out']);
  });
});

describe('isTerraformWorkingFile', () => {
  test.each([
    '.terraform',
    '.terraform.lock.hcl',
    'terraform.tfstate',
    'terraform.tfstate.backup',
    'terraform.dev-bootstrap.tfstate',
    '.terraform.tfstate.lock.info',
    'terraform.tfstate.d',
    'terraform.tfstate.1700000000.backup',
  ])('%s is one', (name) => expect(isTerraformWorkingFile(name)).toBe(true));
  test.each(['cdk.tf.json', 'assets', 'plan', 'tfstate.md', 'my.tfstatefile'])('%s is not', (name) => expect(isTerraformWorkingFile(name)).toBe(false));
});
