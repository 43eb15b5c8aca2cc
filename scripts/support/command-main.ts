import { reportFailure } from '../../lib/synth/report-failure';

/**
 * The one shell of every script's entry point: `main`'s value (or its promise's) is the exit code; a failure is
 * reported once (reportFailure: a UserError as its message, anything else with its stack) and exits 1. A synchronous
 * main sets the exit code before this returns. Bad options never get here: parseCommandLine (./command-line.ts)
 * prints them and exits 2.
 */
export function runCommandMain(name: string, main: () => number | Promise<number>): void {
  const fail = (error: unknown): void => {
    reportFailure(error, `${name} failed`);
    process.exitCode = 1;
  };
  try {
    const code = main();
    if (typeof code === 'number') process.exitCode = code;
    else code.then((value) => (process.exitCode = value), fail);
  } catch (error) {
    fail(error);
  }
}
