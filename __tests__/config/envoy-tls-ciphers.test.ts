import { stringify } from 'yaml';
import { BORINGSSL_TLS12_CIPHERS, cipherSuiteProblem } from '../../lib/config/boringssl-ciphers';
import { CIPHER_SUITES_OVERRIDE } from '../../lib/config/envoy-schema';
import { readEnvoyTemplates } from '../../lib/envoy/template-files';
import { configProblems, rejectionLines } from '../helpers/config-problems';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';

const overrideOf = (cipherSuites: unknown) => ({ envoy: { overrides: { 'ingress-tls': { cipherSuites } } } });

/** `line:col` of the list item `- <entry>` in the document of `changes`. */
function itemAt(changes: Record<string, any>, entry: string): string {
  const lines = stringify(environmentDocument(changes)).split('\n');
  const index = lines.findIndex((line) => line.trimStart() === `- ${entry}`);
  return `${index + 1}:${lines[index].indexOf('- ') + 3}`;
}

const POLICY = 'ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-CHACHA20-POLY1305, ECDHE-ECDSA-CHACHA20-POLY1305';

describe('envoy.overrides.ingress-tls.cipherSuites', () => {
  test.each([
    [
      'a name BoringSSL does not know',
      'ECDHE-RSA-AES128-CBC-SHA',
      `"ECDHE-RSA-AES128-CBC-SHA" is not a cipher suite BoringSSL knows, so Envoy refuses the listener and the task never starts; expected one of ${POLICY}`,
    ],
    [
      'a name in the wrong case',
      'ecdhe-rsa-aes128-gcm-sha256',
      '"ecdhe-rsa-aes128-gcm-sha256" is not a cipher suite BoringSSL knows, so Envoy refuses the listener and the task never starts; did you mean "ECDHE-RSA-AES128-GCM-SHA256"?',
    ],
    [
      'an OpenSSL-only suite',
      'DHE-RSA-AES128-GCM-SHA256',
      `"DHE-RSA-AES128-GCM-SHA256" is not a cipher suite BoringSSL knows, so Envoy refuses the listener and the task never starts; expected one of ${POLICY}`,
    ],
    [
      'a suite without forward secrecy',
      'AES128-GCM-SHA256',
      `AES128-GCM-SHA256 lacks forward secrecy (ECDHE key exchange), which the ingress TLS policy promises (ECDHE and AEAD only); expected one of ${POLICY}`,
    ],
    [
      'a CBC suite',
      'ECDHE-RSA-AES128-SHA',
      `ECDHE-RSA-AES128-SHA lacks authenticated encryption (AES-GCM or ChaCha20-Poly1305), which the ingress TLS policy promises (ECDHE and AEAD only); expected one of ${POLICY}`,
    ],
    [
      '3DES',
      'DES-CBC3-SHA',
      `DES-CBC3-SHA lacks forward secrecy (ECDHE key exchange) and authenticated encryption (AES-GCM or ChaCha20-Poly1305), which the ingress TLS policy promises (ECDHE and AEAD only); expected one of ${POLICY}`,
    ],
    [
      'a PSK suite',
      'ECDHE-PSK-CHACHA20-POLY1305',
      expect.stringMatching(/^ECDHE-PSK-CHACHA20-POLY1305 lacks certificate authentication \(a PSK suite needs a pre-shared key the listener does not have\)/),
    ],
    [
      'a TLS 1.3 suite',
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite: BoringSSL always enables the three TLS 1.3 suites and a cipher list cannot choose them, so it has no effect; list TLS 1.2 suites only',
    ],
    ['a group with one CBC member', '[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-AES256-SHA]', expect.stringMatching(/^ECDHE-RSA-AES256-SHA lacks authenticated encryption/)],
  ])('GIVEN %s THEN refused at its list item', (_, entry, message) => {
    const changes = overrideOf(['ECDHE-RSA-AES128-GCM-SHA256', entry]);
    const problems = configProblems(changes);
    expect(problems).toHaveLength(1);
    const [where, rest] = [problems[0].slice(0, problems[0].indexOf(': envoy.')), problems[0].slice(problems[0].indexOf(': envoy.') + 2)];
    expect(where).toBe(`environments/bad.yaml:${itemAt(changes, entry.startsWith('[') ? `"${entry}"` : entry)}`);
    expect(rest.slice(0, rest.indexOf(': '))).toBe('envoy.overrides.ingress-tls.cipherSuites[1]');
    expect(rest.slice(rest.indexOf(': ') + 2)).toEqual(message);
  });

  test.each([
    ['the policy suites by OpenSSL name', BORINGSSL_TLS12_CIPHERS.filter((c) => c.keyExchange === 'ECDHE' && c.aead && c.authentication !== 'PSK').map((c) => c.name)],
    ['IANA names', ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256']],
    ['an equal-preference group', ['[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]', 'ECDHE-RSA-AES128-GCM-SHA256']],
  ])('GIVEN %s THEN it loads', (_, cipherSuites) => {
    expect(rejectionLines(() => testEnvironment(overrideOf(cipherSuites)), 'allowed')).toEqual([]);
  });

  test("GIVEN the ingress template's own list THEN every suite passes the same check", () => {
    const values = readEnvoyTemplates()[CIPHER_SUITES_OVERRIDE.template].values as Record<string, unknown>;
    const defaults = values[CIPHER_SUITES_OVERRIDE.key] as string[];
    expect(defaults.length).toBeGreaterThan(0);
    expect(defaults.map(cipherSuiteProblem)).toEqual(defaults.map(() => undefined));
  });
});
