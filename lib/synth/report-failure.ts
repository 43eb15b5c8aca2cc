import { UserError } from '../util/user-error';

/**
 * Prints an error for a person: a user mistake (UserError) as its message only, with the number of problems
 * when it lists them by kind; anything else is a bug in this repository, so its stack is kept.
 */
export function reportFailure(error: unknown, context: string): void {
  if (error instanceof UserError && error.kind !== undefined) {
    const count = error.problems.length;
    process.stderr.write(`${context}: ${count} ${error.kind}${count === 1 ? '' : 's'}:\n${error.message}\n`);
  } else if (error instanceof UserError) {
    process.stderr.write(`${context}: ${error.message}\n`);
  } else {
    process.stderr.write(`${context}: internal error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  }
}
