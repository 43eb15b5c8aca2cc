import { parseArgs, type ParseArgsConfig } from 'util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The arguments of a script under scripts/, parsed strictly with node's
 * util.parseArgs before the script does any work: an unknown flag, a flag
 * without its value or an unexpected positional argument prints one line,
 * `<command>: Unknown option '--x'`, and exits 2 (a usage error), so a typo
 * never runs the command with a default. Every script parses here.
 */
export function parseCommandLine<const O extends Options, const P extends boolean = false>(
  command: string,
  options: O,
  settings: { readonly allowPositionals?: P; readonly args?: readonly string[] } = {},
) {
  try {
    return parseArgs({ args: [...(settings.args ?? process.argv.slice(2))], options, allowPositionals: settings.allowPositionals, strict: true });
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    // Node adds a second sentence about `--` for positional arguments; the first says what is wrong.
    const problem = (error as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    const hint = 'help' in options ? ` (npm run ${command} -- --help lists the options)` : '';
    process.stderr.write(`${command}: ${problem}${hint}\n`);
    process.exit(2);
  }
}
