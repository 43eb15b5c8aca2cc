import { removeExampleSynths } from './example-synth';
import { closeRunTempDir, leftBehindMessage } from './run-temp-dir';

/** jest globalTeardown of the whole run: fails the run when a test or command left anything in the temp folder. */
export default function globalTeardown(): void {
  // The run's shared syntheses of the examples (example-synth.ts) are the run's own, not left behind.
  removeExampleSynths();
  const left = closeRunTempDir();
  if (left.length > 0) {
    const error = new Error(leftBehindMessage(left));
    // jest prints a globalTeardown error's stack: make it the message.
    error.stack = error.message;
    throw error;
  }
}
