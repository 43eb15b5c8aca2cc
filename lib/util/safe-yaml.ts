import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';

export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

export interface YamlProblem extends YamlPosition {
  readonly message: string;
}

export interface ParsedYaml {
  readonly document: Document;
  /** The document as plain data; undefined when there are problems. */
  readonly value: unknown;
  /** Syntax problems, duplicate keys, alias bombs and too-deep nesting, each message once. */
  readonly problems: readonly YamlProblem[];
  position(offset: number | undefined): YamlPosition;
}

/**
 * Parses YAML written by people (environment files, Envoy configs) so that
 * hostile input is an answer, not a crash: duplicate keys are errors, alias
 * expansion is capped ("billion laughs"), and the parser's stack overflow on
 * absurd nesting becomes a message.
 */
export function parseYamlSafely(text: string, maxAliasCount: number, options: SafeYamlOptions = {}): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
    ...(options.envoyIgnoreTag ? { customTags: [{ tag: IGNORE_TAG, resolve: (value: string) => value }] } : {}),
  });
  const position = (offset: number | undefined): YamlPosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  const seen = new Set<string>();
  const problems = [...document.errors, ...document.warnings]
    .map((error) => ({ ...position(error.pos[0]), message: `YAML: ${describe(error.message)}` }))
    // A pathological document repeats one parser error thousands of times.
    .filter((problem) => !seen.has(problem.message) && seen.add(problem.message));
  if (problems.length > 0) return { document, value: undefined, problems, position };
  try {
    if (!options.envoyIgnoreTag) return { document, value: document.toJS({ maxAliasCount }), problems: [], position };
    return { document, value: withoutIgnoredKeys(document, maxAliasCount), problems: [], position };
  } catch (error) {
    return { document, value: undefined, problems: [{ ...position(0), message: `YAML: ${describe((error as Error).message)}` }], position };
  }
}

export interface SafeYamlOptions {
  /**
   * Envoy's loader drops mapping keys tagged `!ignore` (e.g. a
   * `!ignore defs:` holding anchors used elsewhere): accept the tag and drop
   * those keys from the value. Only for Envoy configs. @default false
   */
  readonly envoyIgnoreTag?: boolean;
}

const IGNORE_TAG = '!ignore';

/**
 * The document as plain data without its `!ignore` keys. They are renamed to
 * a marker in a clone first and removed after conversion, so that aliases to
 * anchors inside ignored values still resolve; the original document keeps
 * its keys and positions for messages.
 */
function withoutIgnoredKeys(document: Document, maxAliasCount: number): unknown {
  const marker = `\u0000${IGNORE_TAG}-${Math.random().toString(36).slice(2)}`;
  const copy = document.clone();
  visit(copy, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.tag === IGNORE_TAG) pair.key.value = marker;
    },
  });
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== marker)
        .map(([key, child]) => [key, strip(child)]),
    );
  };
  return strip(copy.toJS({ maxAliasCount }));
}

function describe(message: string): string {
  const line = message.split('\n')[0];
  // The parser recurses once per nesting level.
  return /Maximum call stack size exceeded/.test(line) ? 'the document is nested too deeply' : line;
}
