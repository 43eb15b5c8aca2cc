import { ConfigError } from '../config/config-error';
import { InvalidPropsError } from '../core/invalid-props-error';
import { GuardrailError } from '../guardrails/guardrail-error';
import { EnvoyConfigError } from '../envoy/envoy-config-error';
import { RefusalError } from '../core/refusal-error';

/** Errors that describe bad input as a list of problems, and what one problem is called. */
const PROBLEM_LISTS: readonly [new (...args: any[]) => Error & { problems: readonly unknown[] }, string][] = [
  [ConfigError, 'configuration problem'],
  [GuardrailError, 'guardrail violation'],
  [EnvoyConfigError, 'Envoy configuration problem'],
];

/**
 * Prints an error for a person: configuration, policy and props problems as
 * their messages only; anything else is a bug in this repository, so its stack is kept.
 */
export function reportFailure(error: unknown, context: string): void {
  const list = PROBLEM_LISTS.find(([type]) => error instanceof type);
  if (list) {
    const count = (error as { problems: readonly unknown[] }).problems.length;
    process.stderr.write(`${context}: ${count} ${list[1]}${count === 1 ? '' : 's'}:\n${(error as Error).message}\n`);
  } else if (error instanceof InvalidPropsError || error instanceof RefusalError) {
    process.stderr.write(`${context}: ${error.message}\n`);
  } else {
    process.stderr.write(`${context}: internal error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  }
}
