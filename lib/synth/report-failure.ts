import { ConfigError } from '../config/config-error';
import { InvalidPropsError } from '../core/invalid-props-error';
import { EnvoyConfigError } from '../envoy/envoy-config-error';

/**
 * Prints an error for a person: configuration and props problems as their
 * messages only; anything else is a bug in this repository, so its stack is kept.
 */
export function reportFailure(error: unknown, context: string): void {
  if (error instanceof ConfigError) {
    const count = error.problems.length;
    process.stderr.write(`${context}: ${count} configuration problem${count === 1 ? '' : 's'}:\n${error.message}\n`);
  } else if (error instanceof EnvoyConfigError) {
    const count = error.problems.length;
    process.stderr.write(`${context}: ${count} Envoy configuration problem${count === 1 ? '' : 's'}:\n${error.message}\n`);
  } else if (error instanceof InvalidPropsError) {
    process.stderr.write(`${context}: ${error.message}\n`);
  } else {
    process.stderr.write(`${context}: internal error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  }
}
