import { ACM_MAX_NAMES_PER_CERTIFICATE, certificateNameProblems, isInZone, recordNameProblem, validationRecordSources } from '../../lib/dns/dns-names';

describe('validationRecordSources', () => {
  test('GIVEN an apex and its wildcard THEN one record, read from the apex option', () => {
    expect(validationRecordSources(['example.com', '*.example.com'])).toEqual([{ baseName: 'example.com', optionDomain: 'example.com' }]);
  });

  test('GIVEN the wildcard before the apex THEN the apex option is still preferred', () => {
    expect(validationRecordSources(['*.example.com', 'example.com'])).toEqual([{ baseName: 'example.com', optionDomain: 'example.com' }]);
  });

  test('GIVEN a wildcard alone THEN its record is read from the wildcard option', () => {
    expect(validationRecordSources(['*.apps.example.com'])).toEqual([{ baseName: 'apps.example.com', optionDomain: '*.apps.example.com' }]);
  });

  test('GIVEN names in any order THEN records are sorted by the name they validate', () => {
    const sources = validationRecordSources(['www.example.com', '*.b.example.com', 'example.com', 'a.example.com', '*.example.com']);
    expect(sources.map((s) => s.baseName)).toEqual(['a.example.com', 'b.example.com', 'example.com', 'www.example.com']);
    expect(sources.map((s) => s.optionDomain)).toEqual(['a.example.com', '*.b.example.com', 'example.com', 'www.example.com']);
  });
});

describe('zone membership', () => {
  test.each([
    ['example.com', true],
    ['*.example.com', true],
    ['a.b.example.com', true],
    ['badexample.com', false],
    ['example.com.evil.net', false],
    ['*.com', false],
  ])('GIVEN %s THEN in the zone example.com is %s', (name, expected) => {
    expect(isInZone(name, 'example.com')).toBe(expected);
  });

  test('GIVEN a record name outside the zone THEN the problem names both', () => {
    expect(recordNameProblem('api.example.net', 'example.com')).toMatch(/^api\.example\.net is outside the zone example\.com; expected example\.com or a name ending in \.example\.com$/);
  });
});

describe('certificateNameProblems', () => {
  const tooMany = Array.from({ length: ACM_MAX_NAMES_PER_CERTIFICATE + 1 }, (_, i) => `n${i}.example.com`);

  test('GIVEN valid names incl. an apex and its wildcard THEN there is no problem', () => {
    expect(certificateNameProblems(['example.com', '*.example.com', 'api.example.com'], 'example.com')).toEqual([]);
  });

  test(`GIVEN exactly ${ACM_MAX_NAMES_PER_CERTIFICATE} names THEN they fit ACM's default quota`, () => {
    expect(certificateNameProblems(tooMany.slice(1), 'example.com')).toEqual([]);
  });

  test.each([
    ['a name outside the zone', ['example.com', 'api.example.net'], { index: 1, message: expect.stringMatching(/^api\.example\.net is outside the zone example\.com/) }],
    ['a wildcard of another domain', ['example.com', '*.example.net'], { index: 1, message: expect.stringMatching(/^\*\.example\.net is outside the zone example\.com/) }],
    ['a duplicate', ['example.com', 'api.example.com', 'api.example.com'], { index: 2, message: expect.stringMatching(/^api\.example\.com is already on this certificate; list each name once$/) }],
    [
      'an uppercase name',
      ['example.com', 'API.example.com'],
      { index: 1, message: expect.stringMatching(/^expected a lowercase DNS name such as api\.example\.com, with a wildcard only as the first label, got "API\.example\.com"$/) },
    ],
    ['a trailing dot', ['example.com.'], { index: 0, message: expect.stringMatching(/got "example\.com\."$/) }],
    ['a wildcard in the middle', ['a.*.example.com'], { index: 0, message: expect.stringMatching(/expected a lowercase DNS name/) }],
    [
      'a primary name over 64 characters',
      [`${'a'.repeat(60)}.example.com`],
      { index: 0, message: expect.stringMatching(/^expected a primary name of at most 64 characters \(it becomes the certificate's subject CN\), got 72$/) },
    ],
    [
      'more names than the quota',
      tooMany,
      { message: expect.stringMatching(/^expected at most 10 names per certificate \(ACM's default quota "Domain names per ACM certificate", primary name included\), got 11$/) },
    ],
  ])('GIVEN %s THEN it is reported', (_, names, problem) => {
    expect(certificateNameProblems(names, 'example.com')).toEqual([problem]);
  });
});
