/**
 * One mistake of the person running a command: where it is, and what is wrong. `where` is
 * `environments/<file>:line:col: key.path` for a value of an environment file, the construct
 * (`EksNodeGroup pool`, `ServiceRestApi platform/apigw/api-orders`) for props that contradict each
 * other, a file for a file the command was given; absent when the command's input as a whole is refused.
 */
export interface UserProblem {
  readonly where?: string;
  readonly message: string;
}

/**
 * The one error type for user mistakes (after aws-cdk's ValidationError, which carries the construct path):
 * bad configuration, props that contradict each other, a policy violation, a refused command. Entry points print
 * its message, one line per problem (`<where>: <message>`), without a stack trace (lib/synth/report-failure.ts);
 * any other error is a bug in this repository and keeps its stack. A list of problems names what one is called
 * (`kind`: "configuration problem"), so the report can count them.
 */
export class UserError<P extends UserProblem = UserProblem> extends Error {
  readonly problems: readonly P[];
  /** What one problem is called in the report's count (`3 configuration problems:`); absent: the message alone. */
  readonly kind?: string;

  constructor(problems: string | P | readonly P[], options: { readonly kind?: string; readonly cause?: unknown } = {}) {
    const list = (typeof problems === 'string' ? [{ message: problems }] : Array.isArray(problems) ? problems : [problems]) as readonly P[];
    super(list.map(formatUserProblem).join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.problems = list;
    if (options.kind !== undefined) this.kind = options.kind;
  }
}

/** `<where>: <message>`, or the message alone. */
export function formatUserProblem(problem: UserProblem): string {
  return problem.where ? `${problem.where}: ${problem.message}` : problem.message;
}

/** Props of a construct (or a pure helper named like one) that contradict each other: `<construct>: <message>`. */
export function invalidProps(construct: string, message: string): UserError {
  return new UserError({ where: construct, message });
}

/** Whether an error is a user mistake of one kind (`configuration problem`, …), typed by its problems. */
export function isUserError<P extends UserProblem>(error: unknown, kind: string): error is UserError<P> {
  return error instanceof UserError && error.kind === kind;
}
