import { UserError } from '../util/user-error';

/** Synth stopped by the policy pack or the secret scan: a UserError of one problem per violation, printed as a list without a stack trace. */
export function guardrailError(problems: readonly string[]): UserError {
  return new UserError(
    problems.map((message) => ({ message })),
    { kind: 'guardrail violation' },
  );
}
