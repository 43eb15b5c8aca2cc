/**
 * Keeps secrets out of review comments. Synthesized Terraform should hold no
 * secret at all, but a diff is posted where many people read it, so values
 * are redacted when their key is named like a secret or when they look like
 * key material, whatever their key.
 */

export const REDACTED = '(redacted)';

/**
 * Attribute and variable names that hold secrets: password, passphrase,
 * secret, *token (not Envoy's `max_tokens` or `token_bucket`), private_key,
 * api key, credentials.
 */
const SECRET_KEY = /pass(word|wd|phrase)|secret|token$|private[_-]?key|api[_-]?key|credential/i;

/**
 * Shapes of key material: PEM private keys, AWS access key ids, GitHub and
 * Slack tokens, JWTs, and long base64 strings mixing upper and lower case and
 * digits (AWS secret keys are 40 such characters). Terraform references and
 * ARNs do not match.
 */
const SECRET_VALUES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g,
  /(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=_-])/g,
];

/** Whether a key (an attribute name or path segment) names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Whether a string contains something shaped like key material. */
export function looksLikeSecret(value: string): boolean {
  return SECRET_VALUES.some((pattern) => new RegExp(pattern.source).test(value));
}

/** The value to show for an attribute at `keys` (path segments). */
export function redactValue(keys: readonly (string | number)[], value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (keys.some((key) => typeof key === 'string' && isSecretKey(key))) return REDACTED;
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
  return text
    .split('\n')
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (blockIndent !== undefined) {
        if (line.trim() === '' || indent > blockIndent) return line.trim() === '' ? line : `${' '.repeat(indent)}${REDACTED}`;
        blockIndent = undefined;
      }
      const match = KEY_VALUE_LINE.exec(line);
      if (match && isSecretKey(match[2])) {
        if (BLOCK_SCALAR.test(match[3])) {
          blockIndent = indent;
          return line;
        }
        if (!/^[{[]\s*$/.test(match[3])) return `${match[1]}${REDACTED}`;
      }
      return SECRET_VALUES.reduce((result, pattern) => result.replace(pattern, REDACTED), line);
    })
    .join('\n');
}
