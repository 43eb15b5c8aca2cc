import * as fs from 'fs';
import { isMap, isNode, isPair, isScalar, type Document } from 'yaml';
import { parseYamlSafely } from '../../lib/core/safe-yaml';
import { formatConfigPath, type ConfigPath } from '../../lib/envoy/api/config-path';
import { envoyApiDescriptor } from '../../lib/envoy/api/api-descriptor';
import { validateEnvoyConfig } from '../../lib/envoy/api/validate-envoy-config';

/** Aliases beyond this are refused: a "billion laughs" file must not expand. */
const MAX_ALIAS_COUNT = 100;
/** Rendered bootstraps are a few KiB; anything this large is not a config. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Checks one Envoy bootstrap file (YAML, or JSON, which is YAML) against
 * Envoy's v3 API. Returns its problems as `file:line:col: path: message`
 * lines; an empty list means valid.
 */
export function checkEnvoyFile(file: string): string[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return [`${file}: file not found`];
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) return [`${file}:1:1: file is ${size} bytes; an Envoy bootstrap may be at most ${MAX_FILE_BYTES} bytes here`];
  const { document, value: config, problems, position } = parseYamlSafely(fs.readFileSync(file, 'utf8'), MAX_ALIAS_COUNT);
  const at = (offset: number | undefined) => {
    const { line, column } = position(offset);
    return `${file}:${line}:${column}`;
  };
  if (problems.length > 0) return problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`);
  return validateEnvoyConfig(config, envoyApiDescriptor())
    .map((problem) => ({ offset: offsetOf(document, problem.path) ?? 0, problem }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, problem }) => `${at(offset)}: ${formatConfigPath(problem.path)}: ${problem.message}`);
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
