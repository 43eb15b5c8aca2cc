/** One problem in one environment file, with the position it refers to. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted key path, e.g. `network.vpc.cidr`; empty for file-level problems. */
  readonly keyPath: string;
  readonly message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  // A key path with a zero-width or look-alike character would print like the key it imitates.
  const keyPath = problem.keyPath?.replace(/[^\x20-\x7e]/gu, (char) => char.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
  return keyPath ? `${where}: ${keyPath}: ${problem.message}` : `${where}: ${problem.message}`;
}

/**
 * Thrown when configuration is invalid. Carries every problem found, so one
 * run reports them all; the entry points print `message` and exit non-zero
 * without a stack trace.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}
