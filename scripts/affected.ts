import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../lib/config/environments';
import { affectedStacks, allStacks, describeAffected, githubOutput, planCost, planMatrix } from '../tools/pull-request/affected';
import { runCommandMain } from './support/command-main';
import { toolchainChanges } from '../tools/pull-request/toolchain';
import { readSynthOutput } from '../lib/terraform-json/synth-output';
import { synthesizeCheckout, synthesizeGitRef } from '../tools/pull-request/synthesize-checkout';
import { parseCommandLine } from './support/command-line';
import { UserError } from '../lib/util/user-error';

const USAGE = `usage:
  npm run affected -- --ref REF [--head DIR]    stacks whose synthesis differs from the git ref's; every
                                                stack when package-lock.json, cdktf.json or the workflows'
                                                terraform_version differ from the ref's
  npm run affected -- --base DIR --head DIR     the same for two cdktf output folders
  npm run affected -- --all [--head DIR]        every stack (the drift check's matrix)
options:
  --github-output FILE   append matrix=<json> and count=<n> (the plan jobs) to FILE ($GITHUB_OUTPUT)
  --json FILE            write the affected stacks, the plan matrix and what is not planned, as JSON
  --cost FILE            write the monthly cost delta (base → head) per environment and stack, as JSON
                         (for npm run plan:comment -- --cost FILE; docs/cost.md)`;

/**
 * `npm run affected`: change detection for the pull-request plans. Prints the
 * affected stacks (stderr) and the plan matrix (stdout, as $GITHUB_OUTPUT lines).
 */
async function main(): Promise<number> {
  const { values } = parseCommandLine('affected', {
    ref: { type: 'string' },
    all: { type: 'boolean', default: false },
    base: { type: 'string' },
    head: { type: 'string' },
    'github-output': { type: 'string' },
    json: { type: 'string' },
    cost: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const modes = [values.ref !== undefined, values.base !== undefined, values.all].filter(Boolean).length;
  if (modes !== 1 || (values.base !== undefined && values.head === undefined)) {
    throw new UserError(`give either --ref, or --base and --head, or --all\n${USAGE}`);
  }
  const root = path.resolve(__dirname, '..');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-'));
  try {
    let baseDir = values.base;
    if (values.ref !== undefined) {
      baseDir = path.join(scratch, 'base');
      synthesizeGitRef(root, values.ref, baseDir);
    }
    let headDir = values.head;
    if (headDir === undefined) {
      headDir = path.join(scratch, 'head');
      synthesizeCheckout(root, headDir, { nodeModules: path.join(root, 'node_modules') });
    }
    const head = readSynthOutput(headDir);
    const base = values.all ? undefined : readSynthOutput(baseDir!);
    // With --ref, what synthesizes the stacks is compared too (a provider bump changes no byte of a base synthesized with the head's node_modules).
    const toolchain = values.ref !== undefined ? toolchainChanges(root, values.ref) : [];
    const affected = base ? affectedStacks(base, head, toolchain) : allStacks(head);
    const configs = loadEnvironments(path.join(root, 'environments'), [...new Set(head.map((s) => s.environment))]);
    const matrix = planMatrix(affected, head, configs);
    process.stderr.write(describeAffected(affected, matrix));
    const output = githubOutput(matrix);
    process.stdout.write(output);
    if (values['github-output']) fs.appendFileSync(values['github-output'], output);
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ affected, ...matrix }, null, 2)}\n`);
    if (values.cost) {
      if (!base) throw new UserError('--cost compares two syntheses: give --ref, or --base and --head, not --all');
      // Both sides priced with the head's usage assumptions (`cost:` in environments/*.yaml), as the synth diff does.
      const assumptions = new Map(configs.map((c) => [c.name, c.cost]));
      fs.writeFileSync(values.cost, `${JSON.stringify(planCost(base, head, { today: new Date(), assumptions }), null, 2)}\n`);
    }
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('affected', main);
if (require.main === module) command();
