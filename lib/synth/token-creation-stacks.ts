/**
 * cdktf records a full stack trace for every token it creates (each
 * reference, list and lazy value), at Error.stackTraceLimit = Infinity, only
 * to quote it if that token later fails to resolve. For these stacks that is
 * about a tenth of the synth time and a seventh of its memory (docs/bench.md).
 * Synthesis turns it off; `CDKTF_TOKEN_CREATION_STACKS=1` keeps it, for
 * debugging a token that does not resolve.
 *
 * cdktf 0.21 has no public switch for this: `new App({ stackTraces: false })`
 * only drops the traces of annotations (construct metadata), and no
 * environment variable or context key reaches `captureStackTrace` (AWS CDK's
 * copy reads CDK_DISABLE_STACK_TRACE; cdktf's does not). So this module, and
 * only this one, replaces the export of the private module
 * `cdktf/lib/tokens/private/stack-trace`, which cdktf's token classes read at
 * each call. If a cdktf (or CDK Terrain) version moves or renames it, or its
 * callers stop reading the export at call time, `skipTokenCreationStacks`
 * throws `CdktfInternalsChanged` naming what changed, instead of silently
 * synthesizing slower (docs/architecture.md, "cdktf internals we touch");
 * __tests__/synth/token-creation-stacks.test.ts fails the same way.
 */
import { Lazy } from 'cdktf';

export const TOKEN_CREATION_STACKS_VARIABLE = 'CDKTF_TOKEN_CREATION_STACKS';

/** The private module and the export replaced. */
export const STACK_TRACE_MODULE = 'cdktf/lib/tokens/private/stack-trace';
const EXPORT = 'captureStackTrace';

type CaptureStackTrace = (below?: unknown) => string[];

/** cdktf's private module no longer has the shape this workaround relies on. */
export class CdktfInternalsChanged extends Error {
  constructor(what: string) {
    super(
      `cdktf internals changed (cdktf ${cdktfVersion()}): ${what}. ` +
        `lib/synth/token-creation-stacks.ts switches off token creation stack traces through ${STACK_TRACE_MODULE}; ` +
        'look for a public switch in this version, or adapt or remove that module (docs/architecture.md, "cdktf internals we touch").',
    );
    this.name = 'CdktfInternalsChanged';
  }
}

/** cdktf's own `captureStackTrace` of each module object replaced, to switch back to. */
const originals = new WeakMap<object, CaptureStackTrace>();
const skip: CaptureStackTrace = () => [];

/**
 * Stops cdktf from recording token creation stacks, unless CDKTF_TOKEN_CREATION_STACKS=1. Idempotent.
 * @throws CdktfInternalsChanged when the private module is missing, has no replaceable `captureStackTrace`, or the
 *   replacement does not reach the token classes.
 */
export function skipTokenCreationStacks(env: NodeJS.ProcessEnv = process.env): void {
  let module: unknown;
  try {
    // require(), not import: the export is reassigned, which an ES import binding forbids.
    module = require('cdktf/lib/tokens/private/stack-trace');
  } catch (error) {
    throw new CdktfInternalsChanged(`${STACK_TRACE_MODULE} cannot be loaded (${(error as Error).message.split('\n')[0]})`);
  }
  replaceCaptureStackTrace(module, env[TOKEN_CREATION_STACKS_VARIABLE] === '1');
}

/**
 * Sets `captureStackTrace` of the loaded private module to cdktf's own (recording) or to one that records nothing,
 * and checks that tokens created afterwards follow it. Exported for the test of other module shapes.
 */
export function replaceCaptureStackTrace(module: unknown, recording: boolean): void {
  const exports = module as Record<string, unknown> | null;
  const descriptor = exports && typeof exports === 'object' ? Object.getOwnPropertyDescriptor(exports, EXPORT) : undefined;
  if (!exports || typeof exports[EXPORT] !== 'function' || !descriptor?.writable) {
    throw new CdktfInternalsChanged(`${STACK_TRACE_MODULE} has no writable ${EXPORT} function`);
  }
  const own = originals.get(exports) ?? (exports[EXPORT] as CaptureStackTrace);
  originals.set(exports, own);
  exports[EXPORT] = recording ? own : skip;
  if (!recording && Lazy.anyValue({ produce: () => '' }).creationStack.length > 0) {
    exports[EXPORT] = own;
    throw new CdktfInternalsChanged(`tokens still record their creation stack after ${STACK_TRACE_MODULE}.${EXPORT} was replaced: cdktf's token classes no longer read that export at each call`);
  }
}

function cdktfVersion(): string {
  try {
    return (require('cdktf/package.json') as { version: string }).version;
  } catch {
    return 'unknown version';
  }
}
