/**
 * The TLS 1.2 cipher suites BoringSSL (Envoy's TLS library) knows, by the names its cipher-list parser accepts: the
 * OpenSSL-style name and the IANA name (`ssl_cipher_process_rulestr` matches either; the table is `kCiphers` in
 * https://boringssl.googlesource.com/boringssl/+/refs/heads/main/ssl/ssl_cipher.cc). Envoy hands
 * `tls_params.cipher_suites` to `SSL_CTX_set_strict_cipher_list`, and a name it does not know makes Envoy refuse
 * the listener ("Failed to initialize cipher suites"): the task's Envoy never starts.
 * https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/transport_sockets/tls/v3/common.proto#extensions-transport-sockets-tls-v3-tlsparameters
 */
export interface BoringSslCipher {
  /** OpenSSL-style name, e.g. `ECDHE-RSA-AES128-GCM-SHA256`. */
  readonly name: string;
  /** IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`. */
  readonly standardName: string;
  /** Key exchange: ECDHE gives forward secrecy; RSA key transport and PSK alone do not. */
  readonly keyExchange: 'ECDHE' | 'RSA' | 'PSK';
  /** Authentication: a PSK suite needs a pre-shared key, which the listener (certificates only) does not have. */
  readonly authentication: 'ECDSA' | 'RSA' | 'PSK';
  /** AES-GCM and ChaCha20-Poly1305 are AEAD; CBC with HMAC is not (padding-oracle attacks, Lucky13). */
  readonly aead: boolean;
}

const suite = (name: string, standardName: string, keyExchange: BoringSslCipher['keyExchange'], authentication: BoringSslCipher['authentication'], aead: boolean): BoringSslCipher => ({
  name,
  standardName,
  keyExchange,
  authentication,
  aead,
});

export const BORINGSSL_TLS12_CIPHERS: readonly BoringSslCipher[] = [
  suite('DES-CBC3-SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'RSA', 'RSA', false),
  suite('AES128-SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'RSA', 'RSA', false),
  suite('AES256-SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'RSA', 'RSA', false),
  suite('PSK-AES128-CBC-SHA', 'TLS_PSK_WITH_AES_128_CBC_SHA', 'PSK', 'PSK', false),
  suite('PSK-AES256-CBC-SHA', 'TLS_PSK_WITH_AES_256_CBC_SHA', 'PSK', 'PSK', false),
  suite('AES128-GCM-SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'RSA', 'RSA', true),
  suite('AES256-GCM-SHA384', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'RSA', 'RSA', true),
  suite('ECDHE-ECDSA-AES128-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE', 'ECDSA', false),
  suite('ECDHE-ECDSA-AES256-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE', 'ECDSA', false),
  suite('ECDHE-RSA-AES128-SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE', 'RSA', false),
  suite('ECDHE-RSA-AES256-SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE', 'RSA', false),
  suite('ECDHE-RSA-AES128-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE', 'RSA', false),
  suite('ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE', 'ECDSA', true),
  suite('ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE', 'ECDSA', true),
  suite('ECDHE-RSA-AES128-GCM-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE', 'RSA', true),
  suite('ECDHE-RSA-AES256-GCM-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE', 'RSA', true),
  suite('ECDHE-PSK-AES128-CBC-SHA', 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA', 'ECDHE', 'PSK', false),
  suite('ECDHE-PSK-AES256-CBC-SHA', 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA', 'ECDHE', 'PSK', false),
  suite('ECDHE-RSA-CHACHA20-POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE', 'RSA', true),
  suite('ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE', 'ECDSA', true),
  suite('ECDHE-PSK-CHACHA20-POLY1305', 'TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE', 'PSK', true),
];

/** TLS 1.3 suites: BoringSSL enables all three and does not let a cipher list choose among them, so Envoy ignores them there. */
export const BORINGSSL_TLS13_CIPHERS: readonly string[] = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/**
 * Why one entry of Envoy's `cipher_suites` is refused, or undefined: not a BoringSSL name (Envoy refuses the
 * listener), a TLS 1.3 name (no effect), or a suite outside the project's TLS policy, which promises forward secrecy
 * (ECDHE) and authenticated encryption (AEAD) with certificate authentication. An entry may be an equal-preference
 * group `[A|B]` (BoringSSL's syntax, used by Envoy's own defaults): each member is judged.
 */
export function cipherSuiteProblem(entry: string): string | undefined {
  const group = /^\[(.*)\]$/.exec(entry);
  const members = group ? group[1].split('|') : [entry];
  for (const member of members) {
    const problem = memberProblem(member);
    if (problem) return problem;
  }
  return undefined;
}

function memberProblem(name: string): string | undefined {
  if (BORINGSSL_TLS13_CIPHERS.includes(name)) {
    return `${name} is a TLS 1.3 suite: BoringSSL always enables the three TLS 1.3 suites and a cipher list cannot choose them, so it has no effect; list TLS 1.2 suites only`;
  }
  const cipher = BORINGSSL_TLS12_CIPHERS.find((candidate) => candidate.name === name || candidate.standardName === name);
  if (!cipher) {
    const close = BORINGSSL_TLS12_CIPHERS.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase() || candidate.standardName.toLowerCase() === name.toLowerCase());
    return (
      `"${name}" is not a cipher suite BoringSSL knows, so Envoy refuses the listener and the task never starts; ` +
      (close ? `did you mean "${close.name}"?` : `expected one of ${policyCiphers().join(', ')}`)
    );
  }
  const missing = [
    cipher.keyExchange !== 'ECDHE' && 'forward secrecy (ECDHE key exchange)',
    !cipher.aead && 'authenticated encryption (AES-GCM or ChaCha20-Poly1305)',
    cipher.authentication === 'PSK' && 'certificate authentication (a PSK suite needs a pre-shared key the listener does not have)',
  ].filter((reason): reason is string => typeof reason === 'string');
  if (missing.length === 0) return undefined;
  return `${name} lacks ${missing.join(' and ')}, which the ingress TLS policy promises (ECDHE and AEAD only); expected one of ${policyCiphers().join(', ')}`;
}

/** The suites the policy allows, by their OpenSSL-style names. */
function policyCiphers(): string[] {
  return BORINGSSL_TLS12_CIPHERS.filter((cipher) => cipher.keyExchange === 'ECDHE' && cipher.aead && cipher.authentication !== 'PSK').map((cipher) => cipher.name);
}
