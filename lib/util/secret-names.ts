/**
 * The name half of the one secret detector (lib/util/secret-detection.ts): whether a name (an environment variable,
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
const SECRET_WORDS = new Set(['pass', 'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'key', 'credential', 'credentials', 'creds', 'apikey', 'privatekey', 'accesskey', 'secretkey']);
/** `key` alone is the key of a key/value pair (tags, taints, headers, labels); it means a credential beside another word. */
const PAIR_KEY = 'key';
/** Glued forms (`dbpassword`, `clientsecret`, `authtoken`): a word ending in one of these. */
const SECRET_SUFFIX = /.(?:password|passwd|passphrase|secret|token)$/;

/**
 * Words that, put before `key`, make it a key that locks nothing: `public_key`, `STRIPE_PUBLISHABLE_KEY`, `cache_key`,
 * `partition_key`, `sort_key`, `hash_key`, `primary_key`, `runtime_key` (Envoy), `object_key`, `idempotency_key`,
 * `routing_key`, `jsonKey` (the key of a map), `kms_key` (a KMS key id or ARN, where a secret is kept, not the secret).
 * They only qualify `key`: `REDIS_CACHE_PASSWORD` and `HMAC_HASH_SECRET` are credentials.
 */
const KEY_NOT_LOCK_WORDS = new Set([
  'public',
  'pub',
  'publishable',
  'kms',
  'cache',
  'partition',
  'sort',
  'hash',
  'range',
  'primary',
  'foreign',
  'composite',
  'runtime',
  'object',
  's3',
  'idempotency',
  'dedup',
  'deduplication',
  'routing',
  'shard',
  'json',
  'yaml',
  'map',
  'dict',
  'lookup',
  'tag',
  'label',
  'index',
]);

/**
 * Trailing words that do not change what a name holds: a number or version (`DB_PASSWORD_2`, `API_KEY_V2`), an
 * encoding or form (`SIGNING_KEY_B64`, Secrets Manager's `secret_string` and `secret_binary`), an age (`JWT_SECRET_OLD`), Rails' `SECRET_KEY_BASE` (the secret itself).
 */
const TRANSPARENT_TAIL = /^(?:\d+|v\d+|base|value|b64|base64|hex|encoded|raw|string|str|binary|bytes|data|old|new|current|previous|next)$/;

/**
 * The head noun of a name: its last word, after transparent tails. English compounds put the thing last, so the last
 * word says what the value is: `PRIMARY_DB_PASSWORD` is a password, `PASSWORD_MIN_LENGTH` is a length, `TOKEN_ISSUER`
 * an issuer, `SECRET_ARN` an ARN, `max_tokens` a count (plurals name a setting or a list), `kms_key_id` an id.
 */
function headNoun(words: readonly string[]): { readonly head: string; readonly before?: string } | undefined {
  let last = words.length - 1;
  while (last > 0 && TRANSPARENT_TAIL.test(words[last])) last -= 1;
  if (last < 0) return undefined;
  return { head: words[last].replace(/\d+$/, ''), before: words[last - 1] };
}

/** Whether a name (an environment variable, tag key, attribute or template key) means a credential: its head noun decides. */
export function isSecretName(name: string): boolean {
  const noun = headNoun(nameWords(name));
  if (!noun) return false;
  const { head, before } = noun;
  if (head === PAIR_KEY) return before !== undefined && !KEY_NOT_LOCK_WORDS.has(before);
  return SECRET_WORDS.has(head) || SECRET_SUFFIX.test(head);
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
