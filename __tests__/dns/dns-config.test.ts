import { CERTIFICATE_KEY_ALGORITHMS } from '../../lib/config/dns-schema';
import { testEnvironment } from '../helpers/environment-fixture';

/** `testEnvironment` throws a UserError whose message lists every `file:line:col: key: message`. */
const lines = (text: string) => new RegExp(`^test\\.yaml:\\d+:\\d+: ${text}`, 'm');

describe('dns config section', () => {
  test('GIVEN a zone id THEN the existing zone is used, with the edge certificate defaults and no private zone', () => {
    const { dns } = testEnvironment();
    expect(dns).toEqual({
      domain: 'test.acme-example.com',
      publicZone: { kind: 'existing', zoneId: 'Z0TESTZONE' },
      privateZone: undefined,
      edgeCertificate: { additionalNames: [], keyAlgorithm: 'RSA_2048' },
    });
  });

  test.each([
    ['createPublicZone', { kind: 'create' }],
    ['lookUpPublicZone', { kind: 'look-up' }],
  ])('GIVEN %s: true and no zone id THEN the public zone source follows', (key, source) => {
    expect(testEnvironment({ dns: { publicZoneId: null, [key]: true } }).dns.publicZone).toEqual(source);
  });

  test('GIVEN an empty privateZone THEN it is named internal.<domain>', () => {
    expect(testEnvironment({ dns: { privateZone: {} } }).dns.privateZone).toEqual({ name: 'internal.test.acme-example.com' });
  });

  test('GIVEN a private zone name THEN it is kept, lowercased', () => {
    expect(testEnvironment({ dns: { privateZone: { name: 'Corp.Acme.Internal' } } }).dns.privateZone).toEqual({ name: 'corp.acme.internal' });
  });

  test.each(CERTIFICATE_KEY_ALGORITHMS)('GIVEN keyAlgorithm %s THEN it is accepted', (keyAlgorithm) => {
    expect(testEnvironment({ dns: { edgeCertificate: { keyAlgorithm } } }).dns.edgeCertificate.keyAlgorithm).toBe(keyAlgorithm);
  });

  const nineNames = Array.from({ length: 9 }, (_, i) => `n${i}.test.acme-example.com`);

  test.each([
    [
      'a zone id and createPublicZone',
      { dns: { createPublicZone: true } },
      lines(
        'dns: expected exactly one of dns\\.publicZoneId \\(an existing zone by id\\), dns\\.createPublicZone: true or dns\\.lookUpPublicZone: true, got dns\\.publicZoneId and dns\\.createPublicZone$',
      ),
    ],
    ['a zone id and lookUpPublicZone', { dns: { lookUpPublicZone: true } }, lines('dns: expected exactly one of .* got dns\\.publicZoneId and dns\\.lookUpPublicZone$')],
    ['no public zone source', { dns: { publicZoneId: null } }, lines('dns: expected exactly one of .* got none$')],
    ['createPublicZone: false alone', { dns: { publicZoneId: null, createPublicZone: false } }, lines('dns: expected exactly one of .* got none$')],
    ['an invalid zone id', { dns: { publicZoneId: 'zone-1' } }, lines('dns\\.publicZoneId: expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ$')],
    ['a wildcard domain', { dns: { domain: '*.acme-example.com' } }, lines('dns\\.domain: expected a zone name without a wildcard$')],
    [
      'a private zone named like the public one',
      { dns: { privateZone: { name: 'test.acme-example.com' } } },
      lines('dns\\.privateZone\\.name: expected a name other than dns\\.domain \\(test\\.acme-example\\.com\\): a private zone of the same name hides every public record of it inside the VPC$'),
    ],
    [
      'an unknown key algorithm',
      { dns: { edgeCertificate: { keyAlgorithm: 'RSA_4096' } } },
      lines('dns\\.edgeCertificate\\.keyAlgorithm: expected one of "RSA_2048", "EC_prime256v1", "EC_secp384r1", got string "RSA_4096"$'),
    ],
    [
      'an edge name outside the zone',
      { dns: { edgeCertificate: { additionalNames: ['www.acme-example.com'] } } },
      lines(
        'dns\\.edgeCertificate\\.additionalNames\\[0\\]: www\\.acme-example\\.com is outside the zone test\\.acme-example\\.com; expected test\\.acme-example\\.com or a name ending in \\.test\\.acme-example\\.com$',
      ),
    ],
    [
      'the apex listed again',
      { dns: { edgeCertificate: { additionalNames: ['test.acme-example.com'] } } },
      lines('dns\\.edgeCertificate\\.additionalNames\\[0\\]: test\\.acme-example\\.com is already on this certificate; list each name once$'),
    ],
    [
      'the wildcard listed again',
      { dns: { edgeCertificate: { additionalNames: ['api.test.acme-example.com', '*.test.acme-example.com'] } } },
      lines('dns\\.edgeCertificate\\.additionalNames\\[1\\]: \\*\\.test\\.acme-example\\.com is already on this certificate; list each name once$'),
    ],
    [
      'a name listed twice',
      { dns: { edgeCertificate: { additionalNames: ['*.apps.test.acme-example.com', '*.Apps.test.acme-example.com'] } } },
      lines('dns\\.edgeCertificate\\.additionalNames\\[1\\]: \\*\\.apps\\.test\\.acme-example\\.com is already on this certificate'),
    ],
    [
      'more names than ACM allows',
      { dns: { edgeCertificate: { additionalNames: nineNames } } },
      lines('dns\\.edgeCertificate\\.additionalNames: expected at most 10 names per certificate \\(ACM\'s default quota "Domain names per ACM certificate", primary name included\\), got 11$'),
    ],
    [
      'a domain too long for the subject CN',
      { dns: { domain: `${'a'.repeat(50)}.test.acme-example.com` } },
      lines("dns\\.domain: expected a primary name of at most 64 characters \\(it becomes the certificate's subject CN\\), got 72$"),
    ],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, changes, message) => {
    expect(() => testEnvironment(changes as Record<string, any>)).toThrow(message);
  });
});
