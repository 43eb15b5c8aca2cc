/**
 * Thrown by a construct whose props contradict each other. Entry points print
 * its message without a stack trace: it describes bad input, not a bug.
 */
export class InvalidPropsError extends Error {
  constructor(construct: string, message: string) {
    super(`${construct}: ${message}`);
    this.name = 'InvalidPropsError';
  }
}
