/**
 * cdktf records a full stack trace for every token it creates (each
 * reference, list and lazy value), at Error.stackTraceLimit = Infinity, only
 * to quote it if that token later fails to resolve. For these stacks that is
 * about a tenth of the synth time and a seventh of its memory (docs/bench.md).
 * Synthesis turns it off; `CDKTF_TOKEN_CREATION_STACKS=1` keeps it, for
 * debugging a token that does not resolve.
 *
 * The switch is cdktf's module-level export, which its callers read at each
 * call; __tests__/synth/token-creation-stacks.test.ts fails if a cdktf (or
 * CDK Terrain) upgrade moves it.
 */
import type * as StackTraceModule from 'cdktf/lib/tokens/private/stack-trace';

// require(), not import: the export is reassigned, which an ES import binding forbids.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { -readonly [K in keyof typeof StackTraceModule]: (typeof StackTraceModule)[K] };

export const TOKEN_CREATION_STACKS_VARIABLE = 'CDKTF_TOKEN_CREATION_STACKS';

const capture = stackTrace.captureStackTrace;
const skip = (): string[] => [];

/** Stops cdktf from recording token creation stacks, unless CDKTF_TOKEN_CREATION_STACKS=1. Idempotent. */
export function skipTokenCreationStacks(env: NodeJS.ProcessEnv = process.env): void {
  stackTrace.captureStackTrace = env[TOKEN_CREATION_STACKS_VARIABLE] === '1' ? capture : skip;
}
