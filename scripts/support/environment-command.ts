import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ParseArgsConfig } from 'util';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { synthesizeEnvironment } from '../../tools/deploy/synthesize-environment';
import type { SynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { parseCommandLine } from './command-line';
import { runCommandMain } from './command-main';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The repository: where environments/ and cdktf.out are. */
const ROOT = path.resolve(__dirname, '../..');

/** What a command of one environment receives: the environment named on its command line, its flags, the repository. */
export interface EnvironmentRun<V> {
  readonly environment: string;
  readonly values: V;
  readonly root: string;
}

/** A command of one environment that reads a synth of it made for this run (cdktf.out is left alone). */
export interface SynthesizedRun<V> extends EnvironmentRun<V> {
  /** The environment as synthesized into a temporary folder, removed when the command ends. */
  readonly synthesized: SynthesizedEnvironment;
  /** The temporary folder `synthesized`'s stack folders are relative to. */
  readonly scratch: string;
}

interface CommandSpec<O extends Options> {
  /** The npm script (`deploy`, `deploy:steps`): names the command in its messages. */
  readonly name: string;
  /** Printed for `--help` (stdout, exit 0), and when no or more than one environment is named (stderr, exit 2). */
  readonly usage: string;
  /** Flags besides `--help`. */
  readonly options?: O;
}

type Values<O extends Options> = ReturnType<typeof parseCommandLine<O & { help: { type: 'boolean' } }, true>>['values'];

/**
 * The one shell of the scripts that act on one environment (`npm run deploy|destroy|deploy:steps|deploy-policy -- <env>`):
 * flags parsed strictly (parseCommandLine), exactly one environment or the usage and exit 2, `--help`, and every
 * failure reported once by runCommandMain (a UserError as its message, anything else with its stack) with exit 1.
 * Returns the script's `command`, which sets the exit code.
 */
export function environmentCommand<const O extends Options = Record<never, never>>(spec: CommandSpec<O>, run: (args: EnvironmentRun<Values<O>>) => void): () => void {
  return () => runCommandMain(spec.name, () => runEnvironmentCommand(spec, run));
}

/**
 * environmentCommand for a script that reads the environment's synthesized stacks: loads and synthesizes it into a
 * temporary folder first (policy pack and secret scan included), so cdktf.out is left alone; the folder is removed
 * whatever happens.
 */
export function synthesizedEnvironmentCommand<const O extends Options = Record<never, never>>(spec: CommandSpec<O>, run: (args: SynthesizedRun<Values<O>>) => void): () => void {
  return environmentCommand(spec, (args) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${spec.name.replace(/[^a-z-]/g, '-')}-`));
    try {
      run({ ...args, scratch, synthesized: synthesizeEnvironment(args.root, args.environment, scratch, addEnvironmentStacks) });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}

function runEnvironmentCommand<O extends Options>(spec: CommandSpec<O>, run: (args: EnvironmentRun<Values<O>>) => void): number {
  const options = { ...spec.options, help: { type: 'boolean' } } as O & { help: { type: 'boolean' } };
  const { values, positionals } = parseCommandLine(spec.name, options, { allowPositionals: true });
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${spec.usage}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${spec.usage}\n`);
    return 2;
  }
  run({ environment: positionals[0], values, root: ROOT });
  return 0;
}
