import { isUserError, UserError, type UserProblem } from '../util/user-error';

/** One problem in one environment file, with the position it refers to. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted key path, e.g. `network.vpc.cidr`; empty for file-level problems. */
  readonly keyPath: string;
  readonly message: string;
}

/**
 * Where in an environment file something found after loading came from (a
 * policy finding's resource, a secret, an Envoy override): the entry's
 * position, or the file alone (no line) when it came from no entry.
 */
export interface ConfigLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Dotted key path of the entry; empty for the file as a whole. */
  readonly keyPath: string;
}

/** `file:line:col: key.path`, or `file` alone. */
export function formatLocation(location: ConfigLocation): string {
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}:${location.column ?? 1}`;
  // A key path with a zero-width or look-alike character would print like the key it imitates.
  const keyPath = location.keyPath?.replace(/[^\x20-\x7e]/gu, (char) =>
    char
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
  return keyPath ? `${where}: ${keyPath}` : where;
}

/** Characters a terminal shows as nothing or as a space: control and format characters, separators other than " ". */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

export function formatProblem(problem: ConfigProblem): string {
  // Messages name invisible characters (problem-text.ts); one that a check echoed anyway is printed escaped, never raw.
  const message = problem.message.replace(INVISIBLE, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return `${formatLocation(problem)}: ${message}`;
}

/** What one problem of an invalid environment file is called in the report (`3 configuration problems:`). */
const CONFIG_PROBLEM = 'configuration problem';

/** A configuration problem as the user error carries it: its position, and `where` formatted from it. */
export type LocatedConfigProblem = ConfigProblem & UserProblem;

/**
 * The error for invalid configuration: a UserError carrying every problem found, each at its
 * `environments/<file>:line:col: key.path`, so one run reports them all; entry points print the
 * message and exit non-zero without a stack trace.
 */
export function configError(problems: readonly ConfigProblem[]): UserError<LocatedConfigProblem> {
  return new UserError(
    problems.map((problem) => ({ ...problem, where: formatLocation(problem) })),
    { kind: CONFIG_PROBLEM },
  );
}

export function isConfigError(error: unknown): error is UserError<LocatedConfigProblem> {
  return isUserError(error, CONFIG_PROBLEM);
}
