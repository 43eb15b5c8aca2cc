import * as path from 'path';
import { Document, isMap, isNode, isPair, isScalar, isSeq, type Node } from 'yaml';
import { parseYamlSafely, type YamlPosition } from '../util/safe-yaml';
import { findPrototypeKeys } from '../util/prototype-keys';
import type { z } from 'zod';
import { type ConfigLocation, type ConfigProblem } from './config-error';
import { readEnvironmentFile } from './read-environment-file';
import { derivedNameProblems } from './derived-names';
import { ownNameClashes } from './environment-clashes';
import { didYouMean, encodingProblem, foldLookAlikes, invisibleNote, MAX_PROBLEMS_PER_FILE, showText } from './problem-text';
import { environmentSchema, type EnvironmentConfig } from './environment-schema';
import { checkEksSupport, type EksSupportFinding } from './eks-checks';
import { eksSchema } from './eks-schema';
import { ENVIRONMENT_NAME, ENVIRONMENT_NAME_EXPECTED } from './primitives';
import { WrittenValueIndex } from './value-index';
import { UserError } from '../util/user-error';
import { configError, isConfigError } from './config-error';
import { formatKeyPath } from '../util/key-path';

/** Larger files are refused before parsing: a real environment file is a few KiB. */
export const MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;
/** Aliases beyond this are refused: it stops "billion laughs" documents from expanding. */
export const MAX_ALIAS_COUNT = 50;

export interface LoadOptions {
  /**
   * The day support windows (the EKS release calendar) are checked against.
   * Tests pin it; main.ts passes the real date. @default - the current date
   */
  readonly today?: Date;
}

/** Reads and validates one environment file; throws UserError listing every problem. */
export function loadEnvironmentFile(file: string, options: LoadOptions = {}): EnvironmentConfig {
  const displayName = path.relative(process.cwd(), file) || file;
  const name = path.basename(file).replace(/\.ya?ml$/, '');
  const fileProblem = (message: string): UserError => configError([{ file: displayName, line: 1, column: 1, keyPath: '', message }]);

  if (!ENVIRONMENT_NAME.test(name)) {
    throw fileProblem(`the file name gives the environment name; ${ENVIRONMENT_NAME_EXPECTED}, got "${name}"`);
  }
  const read = readEnvironmentFile(file, MAX_ENVIRONMENT_FILE_BYTES);
  if ('refused' in read) throw fileProblem(read.refused);
  const encoding = encodingProblem(read.text);
  if (encoding) throw fileProblem(encoding);
  return parseEnvironment(read.text.toString('utf8'), displayName, name, options);
}

/**
 * Validates environment YAML text; `file` is only used in messages. At most
 * MAX_PROBLEMS_PER_FILE problems are reported, then one line saying how many more.
 */
export function parseEnvironment(text: string, file: string, name: string, options: LoadOptions = {}): EnvironmentConfig {
  try {
    return validateEnvironment(text, file, name, options);
  } catch (error) {
    if (!isConfigError(error) || error.problems.length <= MAX_PROBLEMS_PER_FILE) throw error;
    const shown = error.problems.slice(0, MAX_PROBLEMS_PER_FILE);
    const next = error.problems[MAX_PROBLEMS_PER_FILE];
    const more = error.problems.length - MAX_PROBLEMS_PER_FILE;
    throw configError([...shown, { ...next, keyPath: '', message: `and ${more} more problem${more === 1 ? '' : 's'} in this file (fix these first)` }]);
  }
}

function validateEnvironment(text: string, file: string, name: string, options: LoadOptions): EnvironmentConfig {
  const { document: doc, value: data, problems: yamlProblems, position: at } = parseYamlSafely(text, MAX_ALIAS_COUNT);
  if (yamlProblems.length > 0) throw configError(yamlProblems.map((problem) => ({ file, ...problem, keyPath: '' })));
  const prototypeKeys = findPrototypeKeys(doc);
  if (prototypeKeys.length > 0) {
    throw configError(
      prototypeKeys.map((hit) => ({
        file,
        ...at(hit.offset),
        keyPath: formatKeyPath([...hit.keyPath]),
        message: `"${hit.key}" is a JavaScript prototype key and cannot be a key in an environment file; rename it`,
      })),
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw configError([{ file, line: 1, column: 1, keyPath: '', message: 'expected a mapping of settings at the top level' }]);
  }

  const result = environmentSchema.safeParse(data);
  // The support window depends on the day, so it is checked beside the schema;
  // an eks section that is valid on its own is checked even when another
  // section is not, so one run reports every problem.
  const eks = result.success ? result.data.eks : eksSchema.safeParse((data as Record<string, unknown>).eks).data;
  const support = eks ? checkEksSupport(eks, options.today ?? new Date()) : [];
  const asIssue = (finding: EksSupportFinding) => ({ code: 'custom', path: finding.path, message: finding.message, input: undefined }) as z.core.$ZodIssue;
  const errors = [...(result.success ? [] : result.error.issues), ...support.filter((f) => f.level === 'error').map(asIssue)];
  if (!result.success || errors.length > 0) {
    const problems = errors.flatMap((issue) => describeIssue(issue, doc, file, at));
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw configError(problems);
  }
  const warnings = support.filter((f) => f.level === 'warning').flatMap((finding) => describeIssue(asIssue(finding), doc, file, at));
  const problemAt = (keyPath: readonly (string | number)[], message: string): ConfigProblem => ({
    file,
    ...at(deepestNode(doc, [...keyPath]).node?.range?.[0]),
    keyPath: formatKeyPath([...keyPath]),
    message,
  });
  // Positions for checks after loading come from this parse's tree: no file is parsed twice.
  const locate = (keyPath: readonly (string | number)[]): ConfigLocation => {
    const { node, depth } = deepestNode(doc, [...keyPath]);
    return depth === 0 ? { file, keyPath: '' } : { file, ...at(node?.range?.[0]), keyPath: formatKeyPath(keyPath.slice(0, depth)) };
  };
  const values = new WrittenValueIndex(doc);
  const locateValue = (value: string): ConfigLocation | undefined => {
    const written = values.find(value);
    return written && { file, ...at(written.offset), keyPath: formatKeyPath([...written.keyPath]) };
  };
  const config: EnvironmentConfig = { ...result.data, name, sourceFile: file, warnings, problemAt, locate, locateValue };
  const nameProblems = [...derivedNameProblems(config), ...ownNameClashes(config)];
  if (nameProblems.length > 0) throw configError(nameProblems);
  return config;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, file: string, at: (offset?: number) => YamlPosition): ConfigProblem[] {
  const issuePath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  if (issue.code === 'unrecognized_keys') {
    // Computed once per mapping, not per key: a file of thousands of unknown keys must stay fast.
    const known = knownKeys(issuePath, issue.keys);
    const offsets = keyOffsets(doc, issuePath);
    return issue.keys.map((key) => ({
      file,
      ...at(offsets.get(key) ?? deepestNode(doc, issuePath).node?.range?.[0]),
      keyPath: formatKeyPath([...issuePath, key]),
      message: `unknown key ${showText(key)}${invisibleNote(key)}; expected one of: ${known.join(', ')}${didYouMean(key, known)}`,
    }));
  }
  if (issue.code === 'invalid_key') {
    // A key of a map of names (services, node groups, tags) that the key's own schema refuses.
    const key = String(issuePath[issuePath.length - 1]);
    const mapPath = issuePath.slice(0, -1);
    const expected = [...new Set(issue.issues.map((inner) => inner.message))].join('; ');
    const folded = foldLookAlikes(key);
    const hint = folded !== key && /^[\x20-\x7e]+$/.test(folded) ? `; did you mean ${JSON.stringify(folded)}?` : '';
    return [
      {
        file,
        ...at(keyOffsets(doc, mapPath).get(key) ?? deepestNode(doc, issuePath).node?.range?.[0]),
        keyPath: formatKeyPath(issuePath),
        message: `unknown key ${showText(key)}${invisibleNote(key)} in a map of ${String(mapPath[mapPath.length - 1] ?? 'settings')}: ${expected}${hint}`,
      },
    ];
  }
  const { node, depth } = deepestNode(doc, issuePath);
  const missing = depth < issuePath.length;
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    const expected = issue.message.startsWith('Invalid input') ? `expected ${EXPECTED_TYPE_WORDS[issue.expected] ?? issue.expected}` : issue.message;
    message = missing ? `required key is missing (${expected})` : `${expected}, got ${describeValue(node)}`;
  } else if (missing && issue.code !== 'custom') {
    message = `required key is missing (${message})`;
  } else if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
    const got = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    const hint = got === undefined ? '' : didYouMean(got, issue.values.map(String));
    message = message.startsWith('Invalid') ? `expected one of ${allowed}, got ${describeValue(node)}${hint}` : message;
  } else if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big): expected /.test(message)) {
    message = `${message.replace(/^Too (small|big): /, '')}, got ${describeValue(node)}`;
  }
  if (!missing && isScalar(node) && typeof node.value === 'string' && /[^\x20-\x7e]/.test(node.value) && !message.includes('shown escaped)')) {
    // A refinement that echoes the value would print invisible characters raw: show it escaped, each character named.
    message = `${message.split(node.value).join(showText(node.value).slice(1, -1))}${invisibleNote(node.value)}`;
  }
  return [{ file, ...at(node?.range?.[0]), keyPath: formatKeyPath(issuePath), message }];
}

/** The node at `keyPath`, or the closest ancestor that exists (for missing keys). */
function deepestNode(doc: Document, keyPath: (string | number)[]): { node: Node | undefined; depth: number } {
  let node: Node | undefined = doc.contents ?? undefined;
  let depth = 0;
  for (const key of keyPath) {
    const child: unknown = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
    if (!isNode(child)) break;
    node = child;
    depth++;
  }
  return { node, depth };
}

/** Offset of each key of the mapping at `mapPath`. */
function keyOffsets(doc: Document, mapPath: (string | number)[]): Map<string, number | undefined> {
  const { node } = deepestNode(doc, mapPath);
  const offsets = new Map<string, number | undefined>();
  if (!isMap(node)) return offsets;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && isNode(item.key) && !offsets.has(String(item.key.value))) offsets.set(String(item.key.value), item.key.range?.[0]);
  }
  return offsets;
}

function knownKeys(mapPath: (string | number)[], unknown: string[]): string[] {
  const shape = shapeAt(mapPath);
  const unknownSet = new Set(unknown);
  return shape ? Object.keys(shape).filter((k) => !unknownSet.has(k)) : [];
}

/** Walks the schema along a data path to list the keys an object accepts. */
function shapeAt(keyPath: (string | number)[]): Record<string, unknown> | undefined {
  let schema: z.core.$ZodType | undefined = environmentSchema;
  for (const key of [...keyPath, undefined]) {
    schema = unwrap(schema);
    if (!schema) return undefined;
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
    if (key === undefined) return def.type === 'object' ? (def.shape as Record<string, unknown>) : undefined;
    if (def.type === 'object') schema = (def.shape as Record<string, z.core.$ZodType>)[key as string];
    else if (def.type === 'record') schema = def.valueType as z.core.$ZodType;
    else if (def.type === 'array') schema = def.element as z.core.$ZodType;
    else return undefined;
  }
  return undefined;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 20; guard++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else return current;
  }
  return current;
}

/** zod's names of containers in the words of a YAML file (scalars keep zod's names: string, number, boolean). */
const EXPECTED_TYPE_WORDS: Readonly<Record<string, string>> = { object: 'a mapping', record: 'a mapping', array: 'a list' };

function describeValue(node: Node | undefined): string {
  if (node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    return typeof value === 'string' ? `string ${showText(value)}${invisibleNote(value)}` : `${typeof value} ${JSON.stringify(value)}`;
  }
  return 'an alias';
}
