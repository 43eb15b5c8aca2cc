/**
 * A command stopped for a reason a person can act on, not a bug: entry points
 * print its one-line message without a stack trace, and nothing is written.
 */
export class RefusalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusalError';
  }
}
