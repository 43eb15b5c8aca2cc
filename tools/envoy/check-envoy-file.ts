import * as fs from 'fs';
import * as path from 'path';
import { isMap, isNode, isPair, isScalar, type Document } from 'yaml';
import { parseYamlSafely, type ParsedYaml } from '../../lib/util/safe-yaml';
import { formatConfigPath, type ConfigPath } from '../../lib/envoy/api/config-path';
import { envoyApiDescriptor } from '../../lib/envoy/api/api-descriptor';
import { validateEnvoyConfig } from '../../lib/envoy/api/validate-envoy-config';
import { TEMPLATE_DIRECTORY } from '../../lib/envoy/templates';

/** Aliases beyond this are refused: a "billion laughs" file must not expand. */
const MAX_ALIAS_COUNT = 100;
/** Rendered bootstraps are a few KiB; anything this large is not a config. */
const MAX_FILE_BYTES = 1024 * 1024;
/** What a directory argument contributes: Envoy reads YAML (.yaml, .yml) and JSON. */
const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface EnvoyCheckOptions {
  /** Deprecated fields are errors, as synth treats the project's own bundles. @default false */
  readonly strict?: boolean;
}

/** The verdict on one file. */
export interface EnvoyFileReport {
  readonly file: string;
  /** `template`: a file of envoy/templates, which is not a bootstrap and is not checked as one. */
  readonly status: 'valid' | 'invalid' | 'template';
  /** `file:line:col: path: message` lines that make the file invalid. */
  readonly errors: readonly string[];
  /** The same form, for what Envoy loads with a warning (deprecated fields). */
  readonly warnings: readonly string[];
  /** Why a template is not checked, and what to check instead. */
  readonly note?: string;
}

/**
 * The files the arguments name: files as given, directories recursively
 * (their .yaml, .yml and .json files, sorted; hidden folders and
 * node_modules skipped). A directory without such files is reported.
 */
export function expandEnvoyPaths(args: readonly string[]): { files: string[]; empty: string[] } {
  const files: string[] = [];
  const empty: string[] = [];
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : walk(full);
        return entry.isFile() && CONFIG_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) ? [full] : [];
      });
  for (const arg of args) {
    if (fs.existsSync(arg) && fs.statSync(arg).isDirectory()) {
      const found = walk(arg);
      if (found.length === 0) empty.push(arg);
      files.push(...found);
    } else {
      files.push(arg);
    }
  }
  return { files, empty };
}

/** Whether `file` is one of the project's templates (envoy/templates/…), wherever the repository is. */
export function isEnvoyTemplate(file: string): boolean {
  return `/${path.resolve(file).split(path.sep).join('/')}`.includes(`/${TEMPLATE_DIRECTORY}/`);
}

const TEMPLATE_NOTE =
  `a template of ${TEMPLATE_DIRECTORY}, not an Envoy bootstrap: its !var, !sub, !include and !splice tags are filled in per service at synth ` +
  '(lib/envoy/templates.ts), and every rendered bootstrap is validated there with --strict. Check a rendered bundle instead, ' +
  'e.g. __tests__/envoy/golden/<environment>/<service>.yaml (docs/envoy.md)';

/**
 * Checks one Envoy bootstrap file (YAML, with Envoy's `!ignore` key tag, or
 * JSON) against Envoy's v3 API the way Envoy loads it.
 */
export function checkEnvoyReport(file: string, options: EnvoyCheckOptions = {}): EnvoyFileReport {
  if (isEnvoyTemplate(file) && fs.existsSync(file)) return { file, status: 'template', errors: [], warnings: [], note: TEMPLATE_NOTE };
  const problems = checkEnvoyProblems(file, options);
  const errors = problems.filter((p) => !p.warning).map((p) => p.line);
  const warnings = problems.filter((p) => p.warning).map((p) => p.line);
  return { file, status: errors.length > 0 ? 'invalid' : 'valid', errors, warnings };
}

/** The errors of one file (warnings left out); an empty list means Envoy would load it. */
export function checkEnvoyFile(file: string, options: EnvoyCheckOptions = {}): string[] {
  return checkEnvoyProblems(file, options)
    .filter((p) => !p.warning)
    .map((p) => p.line);
}

function checkEnvoyProblems(file: string, options: EnvoyCheckOptions): { line: string; warning?: true }[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return [{ line: `${file}: file not found` }];
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) return [{ line: `${file}:1:1: file is ${size} bytes; an Envoy bootstrap may be at most ${MAX_FILE_BYTES} bytes here` }];
  const text = fs.readFileSync(file, 'utf8');
  const parsed = path.extname(file).toLowerCase() === '.json' ? parseJson(text) : parseYamlSafely(text, MAX_ALIAS_COUNT, { envoyIgnoreTag: true });
  const { document, value: config, problems, position } = parsed;
  const at = (offset: number | undefined) => {
    const { line, column } = position(offset);
    return `${file}:${line}:${column}`;
  };
  if (problems.length > 0) return problems.map((problem) => ({ line: `${file}:${problem.line}:${problem.column}: ${problem.message}` }));
  return validateEnvoyConfig(config, envoyApiDescriptor(), { strict: options.strict ?? false })
    .map((problem) => ({ offset: offsetOf(document, problem.path) ?? 0, problem }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, problem }) => ({ line: `${at(offset)}: ${formatConfigPath(problem.path)}: ${problem.message}`, ...(problem.warning ? { warning: true as const } : {}) }));
}

/**
 * JSON as Envoy reads it: JSON's grammar decides validity (a JSON file is
 * not judged by YAML's stricter rules, e.g. keys over 1024 characters), and
 * the YAML parse of the same text only supplies positions and duplicate keys.
 */
function parseJson(text: string): ParsedYaml {
  const yaml = parseYamlSafely(text, MAX_ALIAS_COUNT);
  try {
    const value: unknown = JSON.parse(text);
    const duplicates = yaml.problems.filter((problem) => /Map keys must be unique/.test(problem.message));
    return { ...yaml, value: duplicates.length > 0 ? undefined : value, problems: duplicates };
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    return { ...yaml, value: undefined, problems: [{ ...yaml.position(offset === undefined ? 0 : Number(offset)), message: `JSON: ${message.split('\n')[0]}` }] };
  }
}

/** Where the value at `path` starts (its key, for a key that should not be there), or its closest ancestor. */
function offsetOf(document: Document, path: ConfigPath): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth > 1 ? document.getIn(path.slice(0, depth - 1), true) : document.contents;
    const key = path[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair && isNode(pair.key)) return pair.key.range?.[0];
    } else {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node)) return node.range?.[0];
    }
  }
  return isNode(document.contents) ? document.contents.range?.[0] : undefined;
}
