import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { formatResult, planStacksOffline, PROVIDER_MIRROR_VARIABLE, terraformVersion, type StackPlanResult } from '../../tools/offline-plan/offline-plan';
import { exampleSynth } from '../helpers/example-synth';

/**
 * The proof of correctness: every stack of every example environment passes
 * real `terraform init`, `validate` and `plan -refresh=false`, offline.
 * Without Terraform the suite is skipped loudly, except under CI=true, where
 * that is a failure.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'jest');
const configs = loadEnvironments(path.join(root, 'environments'));
const stackIds = configs.flatMap((c) => [`${c.name}-bootstrap`, `${c.name}-platform`]);

let version: string | undefined;
let results: Map<string, StackPlanResult>;

beforeAll(async () => {
  version = await terraformVersion();
  if (!version) {
    const message = 'TERRAFORM NOT FOUND: the offline plan suite was SKIPPED. Install Terraform >= 1.10 to run it.';
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true makes this a failure)`);
    process.stderr.write(`\n${'!'.repeat(message.length)}\n${message}\n${'!'.repeat(message.length)}\n\n`);
    return;
  }
  // The run's one synthesis of every example (the unit suites read the same folder); planStacksOffline copies each stack out.
  const synthDir = exampleSynth().outdir;
  const lines: string[] = [];
  const planned = await planStacksOffline({
    synthDir,
    workDir: path.join(work, 'stacks'),
    onResult: (result) => lines.push(formatResult(result)),
  });
  const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
  process.stdout.write(`terraform ${version} (provider from ${mirror ? `mirror ${mirror}` : 'the registry'})\n${lines.join('\n')}\n`);
  results = new Map(planned.map((r) => [r.stack, r]));
}, 600_000);

describe('offline terraform plan', () => {
  test.each(stackIds)('%s: init, validate and plan succeed', (stack) => {
    if (!version) return;
    const result = results.get(stack)!;
    if (!result.ok) throw new Error(`${stack}: terraform ${result.failedStep} failed:\n${result.output}`);
    expect(result.toAdd).toBeGreaterThan(0);
    expect(result.toChange).toBe(0);
    expect(result.toDestroy).toBe(0);
  });
});
