import { reportFailure } from '../../lib/synth/report-failure';

/**
 * A problem with what a review command was given (a folder that is no cdktf
 * output, an unknown git ref, a revision that does not synthesize): printed
 * as its message, without a stack trace.
 */
export class ReviewError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReviewError';
  }
}

/**
 * Runs a command-line entry point: its return value is the exit code; a
 * ReviewError prints its message, anything else its stack (bad options are
 * parseCommandLine's, lib/core/command-line.ts).
 */
export function runReviewCommand(name: string, main: () => number): void {
  try {
    process.exitCode = main();
  } catch (error) {
    if (error instanceof ReviewError) {
      process.stderr.write(`${name} failed: ${(error as Error).message}\n`);
    } else {
      reportFailure(error, `${name} failed`);
    }
    process.exitCode = 1;
  }
}
