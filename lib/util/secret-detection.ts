/**
 * The one secret detector: what a credential looks like (a value's shape) and
 * what a credential is called (a name's words). Three consumers judge with it
 * and must agree:
 * - the environment file at load time (lib/config: service environment
 *   variables, tags, Envoy template overrides), refused at file:line:col;
 * - the synth-time scan of cdktf.out and the rendered Envoy bundles
 *   (lib/guardrails/secret-scan.ts) and the `ecs-no-plaintext-secrets` rule;
 * - the redaction of review comments (tools/pull-request/redaction.ts).
 *
 * The value rules are modelled on secretlint's recommended preset
 * (@secretlint/secretlint-rule-preset-recommend: aws, privatekey, basicauth,
 * database-connection-string, github, slack, npm, sendgrid, openai,
 * anthropic, shopify; https://github.com/secretlint/secretlint): the token
 * prefixes are facts and carry over, the code is ours. We do not depend on
 * secretlint itself because version 13 is ESM-only with an asynchronous API
 * (`lintSource` returns a Promise), which would turn the synchronous policy
 * pack, the schema's refinements and the loader asynchronous.
 *
 * The name rules live in lib/util/secret-names.ts. Pure: no I/O, so the product (lib/) and the tooling (tools/) share it.
 */

import { isLiteralSecretValue, isSecretName } from './secret-names';

/** One credential-shaped span of a text. */
export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  /** What it looks like, e.g. `AWS access key id`. */
  readonly kind: string;
}

/** PEM armour lines; blocks are paired in code (pemBlocks), not by one lazy regex, which is quadratic on many headers. */
const PEM_MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g;
const PRIVATE_KEY_LABEL = /^(?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?$/;
const PUBLIC_LABEL = /^(?:(?:X509 |TRUSTED )?CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|CERTIFICATE REQUEST)$/;

interface PemBlock {
  readonly start: number;
  /** After the END line, or the header only when a private key has no END (a truncated key is still one). */
  readonly end: number;
  readonly label: string;
}

/** The PEM blocks of `text`: each BEGIN up to its END; without an END, up to the next armour line or the end. */
function pemBlocks(text: string): PemBlock[] {
  const markers = [...text.matchAll(PEM_MARKER)];
  return markers.flatMap((marker, index) => {
    if (marker[1] !== 'BEGIN') return [];
    const next = markers[index + 1];
    const headerEnd = marker.index + marker[0].length;
    if (next && next[1] === 'END' && next[2] === marker[2]) return [{ start: marker.index, end: next.index + next[0].length, label: marker[2] }];
    const open = PRIVATE_KEY_LABEL.test(marker[2]) ? headerEnd : (next?.index ?? text.length);
    return [{ start: marker.index, end: open, label: marker[2] }];
  });
}

/** Shapes of credentials; each pattern is global so redaction can replace every match. */
const VALUE_PATTERNS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  {
    // scheme://user:password@host (secretlint basicauth, database-connection-string). The user may be empty (redis://:pw@h);
    // a password that is a reference (${...}, {{...}}, $VAR) is not a credential.
    kind: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@"'`]{0,256}:(?!\$\{|\{\{|\$[A-Za-z_])[^\s/?#@"'`]{1,256}@[^\s/?#@"'`]/gi,
  },
  // Access key ids of long-term (AKIA) and temporary (ASIA) credentials, and the other credential prefixes secretlint lists.
  // AIDA/AROA/AGPA… are unique ids of users, roles and groups: identifiers, not credentials, so not here.
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{1,64}\/B[A-Z0-9]{1,64}\/[A-Za-z0-9]+/g },
  { kind: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{16,128}\.[A-Za-z0-9_-]{16,}/g },
  { kind: 'Shopify token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  { kind: 'Anthropic key', pattern: /\bsk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{40,}/g },
  { kind: 'OpenAI key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,256}T3BlbkFJ[A-Za-z0-9_-]{16,}/g },
  { kind: 'bearer token', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/g },
  {
    // Key=value connection strings (secretlint database-connection-string): libpq `host=db user=app password=pw`, ADO.NET
    // and ODBC `Server=db;User Id=app;Password=pw;` or `Pwd={p w}`, query strings `?client_secret=…`. The span is the value
    // (so redaction keeps the key); not a `${…}`, `{{…}}` or `$VAR` reference, not empty. Bounded look-behind: linear.
    kind: 'password in a connection string',
    pattern: /(?<=(?<![A-Za-z0-9])(?:password|passwd|pwd|secret)[ \t]{0,4}=[ \t]{0,4})(?!\$\{|\{\{|\$[A-Za-z_])(?:"[^"\n]{1,256}"|'[^'\n]{1,256}'|\{[^{}\n]{1,256}\}|[^\s;&"'{}]{1,256})/gi,
  },
];

/**
 * Text that is long and random-looking but public by nature, blanked before the
 * entropy rule looks (besides PEM certificates and public keys): SSH public keys, Terraform
 * references, ARNs, image and content digests.
 */
const NOT_SECRET: readonly RegExp[] = [
  /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+/g,
  /\$\{[^}]*\}/g,
  /\barn:aws[a-z-]*:[^\s"',]*/g,
  /\bsha(?:1|256|384|512)[:-][A-Za-z0-9+/=]+/g,
  // Stripe publishable keys are public by design (they go into web pages); secret `sk_` and restricted `rk_` keys are not.
  /\bpk_(?:live|test)_[A-Za-z0-9]+/g,
];

/** High-entropy tokens: at least this long (AWS secret keys are 40; most API keys 32 or more). */
export const MIN_ENTROPY_TOKEN_LENGTH = 32;
/** Shannon entropy in bits per character from which a mixed-case, digit-bearing token counts as random. */
export const MIN_ENTROPY_BITS = 4.0;
/** Length of an AWS secret access key. */
const AWS_SECRET_KEY_LENGTH = 40;
/** Entropy from which a letters-only token of that length counts as random (words stay near 4 bits). */
const MIN_LETTERS_ONLY_ENTROPY_BITS = 4.5;

const TOKEN_RUN = /[A-Za-z0-9+/=_-]+/g;

/** Shannon entropy of `text` in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether a run of token characters is a random secret: long, upper and lower
 * case and digits mixed, high entropy; not hex (hashes, commit ids, digests),
 * not a UUID, not an identifier made of words, not a path (a `/`-separated segment that is a plain word), not
 * base64 of a certificate or public key.
 */
function isRandomToken(token: string): boolean {
  const body = token.replace(/=+$/, '');
  if (body.length < MIN_ENTROPY_TOKEN_LENGTH) return false;
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return false;
  // Digits are expected; a random 40-character key has none about once in a thousand, so from that length on a
  // letters-only token counts when its entropy is well above that of words (identifiers of words are caught below).
  if (!/\d/.test(body) && (body.length < AWS_SECRET_KEY_LENGTH || shannonEntropy(body) < MIN_LETTERS_ONLY_ENTROPY_BITS)) return false;
  if (/^[0-9a-fA-F-]+$/.test(body)) return false;
  // Identifiers and paths made of words: kebab/snake case (`acme-dev-web-2024`), CamelCase (`AcmeDevWebService2024`),
  // construct ids and names such as `ecs_service-web_roles_trust_13DA6926`, `AmazonEKS_CNI_Policy`,
  // `ELBSecurityPolicy-TLS13-1-2-2021-06`, paths and S3 keys (`logs/alb/AWSLogs/123456789012/elasticloadbalancing/`,
  // `assets/envoy-bundle/<hex hash>`): every part a run of words and numbers, or hex. One random part is enough to
  // judge the whole: a 40-character AWS secret key holds a `/` in about half the cases (`Cy/Oh6SN…`), and its parts are random.
  if (
    /[-_./]/.test(body) &&
    body
      .split(/[-_./]+/)
      .filter(Boolean)
      .every(isWordyPart)
  )
    return false;
  if (wordTokens(body)?.every((token) => /^(?:[A-Z]?[a-z]{3,}|[A-Z][a-z]{2,}|\d{1,4})$/.test(token))) return false;
  if (/^LS0tLS1CRUdJTi/.test(body)) {
    // base64 of "-----BEGIN": public material is fine, a private key is not (handled by the caller via decoding).
    return /PRIVATE KEY/.test(decodeBase64(body));
  }
  return shannonEntropy(body) >= MIN_ENTROPY_BITS;
}

/** A part of an identifier or path: words (`Amazon`, `EKS`, `oauth2`), numbers, or hex of one case; random text is not. */
function isWordyPart(part: string): boolean {
  if (/^(?:[0-9A-F]+|[0-9a-f]+)$/.test(part)) return true;
  return wordTokens(part)?.every((token) => /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,6}|\d+)$/.test(token)) ?? false;
}

/**
 * `text` cut into words, acronyms and numbers (`AmazonEKSCluster2` is Amazon, EKS, Cluster, 2), or undefined when
 * other characters remain. A scanner rather than one regex with nested repetition, which backtracks exponentially.
 */
function wordTokens(text: string): string[] | undefined {
  if (text.length > 256 || !/^[A-Za-z0-9]+$/.test(text)) return undefined;
  return text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? undefined;
}

function decodeBase64(text: string): string {
  try {
    return Buffer.from(text, 'base64').toString('latin1');
  } catch {
    return '';
  }
}

/**
 * Every credential-shaped span of `text`, in order, not overlapping. `identifiers` are names a configuration gave
 * things (lib/config/environment-identifiers.ts): hidden from the entropy rule only, so a name joined from them is not
 * judged as a random token, while a credential's own shape (a key id, a PEM block) is still found around them.
 */
export function findSecretSpans(text: string, identifiers: readonly string[] = []): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const blocks = pemBlocks(text);
  for (const block of blocks) if (PRIVATE_KEY_LABEL.test(block.label)) spans.push({ start: block.start, end: block.end, kind: 'private key' });
  for (const { kind, pattern } of VALUE_PATTERNS) {
    for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) spans.push({ start: match.index, end: match.index + match[0].length, kind });
  }
  // Public material and the credentials found so far are blanked, so the entropy rule neither re-reports nor judges them.
  const hidden: { start: number; end: number }[] = [...spans, ...blocks.filter((block) => PUBLIC_LABEL.test(block.label))];
  for (const pattern of NOT_SECRET) {
    for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) hidden.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const identifier of identifiers) {
    if (identifier.length === 0) continue;
    for (let at = text.indexOf(identifier); at >= 0; at = text.indexOf(identifier, at + identifier.length)) hidden.push({ start: at, end: at + identifier.length });
  }
  for (const match of blank(text, hidden).matchAll(TOKEN_RUN)) {
    if (isRandomToken(match[0])) {
      const kind = /^LS0tLS1CRUdJTi/.test(match[0]) ? 'private key (base64)' : 'high-entropy token';
      spans.push({ start: match.index, end: match.index + match[0].length, kind });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = -1;
  return spans.filter((span) => {
    if (span.start < reached) return false;
    reached = span.end;
    return true;
  });
}

/** `text` with the given ranges replaced by spaces (positions kept), built in one pass. */
function blank(text: string, ranges: readonly { start: number; end: number }[]): string {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let result = '';
  let from = 0;
  for (const range of sorted) {
    if (range.end <= from) continue;
    const start = Math.max(range.start, from);
    result += text.slice(from, start) + ' '.repeat(range.end - start);
    from = range.end;
  }
  return result + text.slice(from);
}

/** What `value` looks like when it holds a credential (the first one found), or undefined. */
export function secretValueKind(value: string, identifiers?: readonly string[]): string | undefined {
  return findSecretSpans(value, identifiers)[0]?.kind;
}

/** `value` with every credential-shaped span replaced by `replacement`. */
export function replaceSecretSpans(value: string, replacement: string): string {
  let result = '';
  let from = 0;
  for (const span of findSecretSpans(value)) {
    result += value.slice(from, span.start) + replacement;
    from = span.end;
  }
  return result + value.slice(from);
}

/**
 * The one judgement: why the value at `name` is a plaintext credential, or
 * undefined. A credential-shaped value counts whatever its name; a secret name
 * counts when its value is a literal, unless the name is one of `reviewedNames`
 * (guardrails.notSecrets): a reviewer can vouch for a name, never for a value's shape.
 */
export function judgeSecret(name: string | undefined, value: unknown, reviewedNames?: ReadonlySet<string>, identifiers?: readonly string[]): string | undefined {
  return judgeSecretValue(value, identifiers) ?? (name !== undefined && reviewedNames?.has(name) ? undefined : judgeSecretName(name, value));
}

/** The value half of the judgement: why `value` is shaped like a credential, or undefined. */
export function judgeSecretValue(value: unknown, identifiers?: readonly string[]): string | undefined {
  const kind = typeof value === 'string' ? secretValueKind(value, identifiers) : undefined;
  return kind ? looksLike(kind) : undefined;
}

/** The name half: why a literal `value` under `name` is a credential because of the name alone, or undefined. */
export function judgeSecretName(name: string | undefined, value: unknown): string | undefined {
  if (name !== undefined && isSecretName(name) && isLiteralSecretValue(value)) return `"${name}" names a credential and holds a literal value`;
  return undefined;
}

/** `looks like an AWS access key id`. */
export function looksLike(kind: string): string {
  return `looks like ${/^[aeiouAEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
