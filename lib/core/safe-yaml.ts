import { LineCounter, parseDocument, type Document } from 'yaml';

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
export function parseYamlSafely(text: string, maxAliasCount: number): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false });
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
    return { document, value: document.toJS({ maxAliasCount }), problems: [], position };
  } catch (error) {
    return { document, value: undefined, problems: [{ ...position(0), message: `YAML: ${describe((error as Error).message)}` }], position };
  }
}

function describe(message: string): string {
  const line = message.split('\n')[0];
  // The parser recurses once per nesting level.
  return /Maximum call stack size exceeded/.test(line) ? 'the document is nested too deeply' : line;
}
