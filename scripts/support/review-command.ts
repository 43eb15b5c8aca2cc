import { reportFailure } from '../../lib/synth/report-failure';

/**
 * Runs a command-line entry point: its return value is the exit code; a
 * UserError prints its message, anything else its stack (bad options are
 * parseCommandLine's, scripts/support/command-line.ts).
 */
export function runReviewCommand(name: string, main: () => number): void {
  try {
    process.exitCode = main();
  } catch (error) {
    reportFailure(error, `${name} failed`);
    process.exitCode = 1;
  }
}
