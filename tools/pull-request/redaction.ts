/**
 * Keeps secrets out of review comments. Synthesized Terraform should hold no
 * secret at all, but a diff is posted where many people read it, so values
 * are redacted when their key is named like a secret and the value is a
 * literal, or when they look like key material, whatever their key. Both
 * judgements are the one detector's (lib/util/secret-detection.ts), which
 * also refuses such values at load time and in the synth-time scan.
 */

import { findSecretSpans, replaceSecretSpans } from '../../lib/util/secret-detection';
import { isLiteralSecretValue, isSecretName } from '../../lib/util/secret-names';

export const REDACTED = '(redacted)';

/** Whether a key (an attribute name or path segment) names a secret: the one detector's name rule. */
export function isSecretKey(key: string): boolean {
  return isSecretName(key);
}

/** Whether a string contains something shaped like key material: the one detector's value rule. */
export function looksLikeSecret(value: string): boolean {
  return findSecretSpans(value).length > 0;
}

/** The value to show for an attribute at `keys` (path segments). */
export function redactValue(keys: readonly (string | number)[], value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (keys.some((key) => typeof key === 'string' && isSecretKey(key)) && (isLiteralSecretValue(value) || typeof value === 'object')) return REDACTED;
  if (typeof value === 'string' && looksLikeSecret(value)) return REDACTED;
  if (Array.isArray(value) && value.some((item) => typeof item === 'string' && looksLikeSecret(item))) return REDACTED;
  return value;
}

/** `key: value`, `- key: value` or `"key": "value"` on one line of a YAML or JSON file. */
const KEY_VALUE_LINE = /^(\s*(?:-\s+)?"?([A-Za-z0-9_.-]+)"?\s*[:=]\s*)(\S.*)$/;
/** A YAML block scalar indicator: the value follows on the more indented lines. */
const BLOCK_SCALAR = /^[|>][-+]?\s*$/;

/**
 * Redacts a rendered text file (an Envoy bundle) line by line: an inline value
 * under a secret-named key (or a block scalar under one), and anything shaped
 * like key material. A secret key that only opens a nested block
 * (`private_key:` followed by `filename:`) is kept, so the structure stays readable.
 */
export function redactText(text: string): string {
  let blockIndent: number | undefined;
  /** The secret name of a `name:` line, for the `value:` beside it (`- name: DB_PASSWORD` / `  value: …`). */
  let entryName: { readonly name: string; readonly column: number } | undefined;
  return replaceSecretSpans(text, REDACTED)
    .split('\n')
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (blockIndent !== undefined) {
        if (line.trim() === '' || indent > blockIndent) return line.trim() === '' ? line : `${' '.repeat(indent)}${REDACTED}`;
        blockIndent = undefined;
      }
      const match = KEY_VALUE_LINE.exec(line);
      if (!match) return line;
      const column = line.indexOf(match[2]);
      if (entryName && column < entryName.column) entryName = undefined;
      const key = match[2] === 'value' && entryName?.column === column ? entryName.name : match[2];
      if (match[2] === 'name' && isSecretKey(unquote(match[3]))) entryName = { name: unquote(match[3]), column };
      if (isSecretKey(key)) {
        if (BLOCK_SCALAR.test(match[3])) {
          blockIndent = indent;
          return line;
        }
        if (!/^[{[]\s*$/.test(match[3]) && isLiteralSecretValue(unquote(match[3]))) return `${match[1]}${REDACTED}`;
      }
      return line;
    })
    .join('\n');
}

/** A YAML or JSON scalar as written on a line, without its quotes and trailing comma. */
function unquote(text: string): string {
  const trimmed = text.trim().replace(/,$/, '');
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}
