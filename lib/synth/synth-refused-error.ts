/**
 * Synth stopped for a reason a person can act on (not a bug): reported as its
 * one-line message, without a stack trace, and nothing is written.
 */
export class SynthRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthRefusedError';
  }
}
