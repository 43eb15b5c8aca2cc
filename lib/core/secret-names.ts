/**
 * The name half of the one secret detector (lib/core/secret-detection.ts): whether a name (an environment variable,
 * tag key, attribute or template key) means a credential, and whether the value under such a name is the credential
 * itself or only points at one. Pure: no I/O, no imports.
 */

/**
 * The words of a name, lower case: `dbPassword`, `DB_PASSWORD`, `db-password`
 * and `DBPassword` are all `db password`.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Words that name a credential on their own. Plurals (`tokens`, `secrets`, `keys`) name a setting or a list, not a value. */
const SECRET_WORDS = new Set([
  'pass', 'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'key',
  'credential', 'credentials', 'creds', 'apikey', 'privatekey', 'accesskey', 'secretkey',
]);
/** `key` alone is the key of a key/value pair (tags, taints, headers, labels); it means a credential beside another word. */
const PAIR_KEY = 'key';
/** Glued forms (`dbpassword`, `clientsecret`, `authtoken`): a word ending in one of these. */
const SECRET_SUFFIX = /.(?:password|passwd|passphrase|secret|token)$/;

/**
 * Words that make a secret-sounding name about something else than the
 * credential itself, so the name is not a credential:
 * - quantities and limits (Envoy's `max_tokens`, `tokens_per_fill`, `token_bucket`; `password_min_length`, `token_ttl`);
 * - where or which a secret is, not what (`key_name`, `kms_key_id`, `kmsKeyArn`, `keyPrefix`, `secret_name`,
 *   `token_url`, `password_file`, `api_key_header`, `secret_ref`);
 * - keys that are not keys to anything (`public_key`, `cache_key`, `partition_key`, `sort_key`, `hash_key`,
 *   `runtime_key`, `object_key`, `idempotency_key`, `routing_key`, `key_pair`, `jsonKey`: the key of a map);
 * - settings about a secret (`key_usage`, `key_spec`, `secret_rotation`, `token_type`, `password_enabled`, `envoy-secret-kind`).
 */
const NOT_SECRET_WORDS = new Set([
  // quantities and limits
  'max', 'min', 'count', 'limit', 'limits', 'per', 'fill', 'bucket', 'size', 'length', 'len', 'ttl', 'timeout',
  'seconds', 'minutes', 'hours', 'days', 'interval', 'expiry', 'expires', 'expiration', 'lifetime', 'age',
  // locators and identities
  'id', 'ids', 'arn', 'arns', 'name', 'names', 'prefix', 'suffix', 'file', 'filename', 'path', 'dir', 'url', 'uri',
  'endpoint', 'header', 'ref', 'reference', 'source', 'location', 'field', 'alias', 'version', 'variable',
  // keys that lock nothing
  'public', 'pub', 'kms', 'cache', 'partition', 'sort', 'hash', 'range', 'primary', 'foreign', 'runtime', 'object',
  'idempotency', 'routing', 'shard', 'pair', 'json', 'yaml', 'map', 'dict', 'lookup',
  // settings about a secret
  'type', 'kind', 'usage', 'spec', 'algorithm', 'format', 'rotation', 'policy', 'mode', 'enabled', 'required', 'manager',
  // `pass` as a verb (Envoy's `pass_through_matcher`)
  'through',
]);

/** Whether a name (an environment variable, tag key, attribute or template key) means a credential. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => NOT_SECRET_WORDS.has(word))) return false;
  if (words.length === 1 && words[0] === PAIR_KEY) return false;
  return words.some((word) => SECRET_WORDS.has(word) || SECRET_SUFFIX.test(word));
}

/**
 * Whether a value under a secret name is itself the credential. Not: values
 * that are not text (numbers, booleans: a limit or a switch), empty text,
 * `true`/`false`, references (`${...}`, `{{...}}`, `$VAR`), ARNs (Secrets
 * Manager, SSM, KMS: where the secret is), absolute file paths (a mounted
 * secret's location) and URLs without a password (a locator; with one, the
 * value rule flags it anyway). A digits-only text is still a credential (a PIN).
 */
export function isLiteralSecretValue(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (text === '' || /^(?:true|false|yes|no|on|off|null|none|required|optional)$/i.test(text)) return false;
  if (/\$\{|\{\{|^\$[A-Za-z_]/.test(text)) return false;
  if (/^arn:aws[a-z-]*:/.test(text)) return false;
  if (/^\/[^\s]*$/.test(text)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s]*$/i.test(text) && !/:\/\/[^/@\s]*:[^/@\s]+@/.test(text)) return false;
  return true;
}
