import { certificateNameCovers, integrationHostProblem, uriHost } from '../../lib/apigw/integration-host';

describe('integration host against the NLB certificate', () => {
  test.each([
    ['api.internal.example.com', 'api.internal.example.com', true],
    ['API.internal.example.com', 'api.internal.example.com', true],
    ['*.internal.example.com', 'api.internal.example.com', true],
    ['*.internal.example.com', 'internal.example.com', false],
    ['*.internal.example.com', 'a.api.internal.example.com', false],
    ['*.example.com', 'api.internal.example.com', false],
    ['orders.internal.example.com', 'api.internal.example.com', false],
  ])('GIVEN certificate name %s THEN host %s is covered: %s', (name, host, covered) => {
    expect(certificateNameCovers(name, host)).toBe(covered);
  });

  test('GIVEN a host that one of the names covers THEN there is no problem', () => {
    expect(integrationHostProblem('api.internal.example.com', ['other.internal.example.com', '*.internal.example.com'])).toBeUndefined();
  });

  test('GIVEN a host no name covers THEN the problem names the host, the certificate names and the 500', () => {
    expect(integrationHostProblem('api.internal.example.com', ['orders.internal.example.com', '*.example.com'])).toMatch(
      /^integration host api\.internal\.example\.com is not covered by the NLB listener certificate's names \(orders\.internal\.example\.com, \*\.example\.com\): API Gateway .* 500 to every call/,
    );
  });

  test.each([
    ['https://api.internal.example.com:443/{proxy}', 'api.internal.example.com'],
    ['https://api.internal.example.com/', 'api.internal.example.com'],
    ['https://api.internal.example.com', 'api.internal.example.com'],
  ])('GIVEN the URI %s THEN its host is %s', (uri, host) => {
    expect(uriHost(uri)).toBe(host);
  });

  test('GIVEN a URI that is not https THEN uriHost refuses it', () => {
    expect(() => uriHost('http://api.internal.example.com/')).toThrow(/^not an https:\/\/ URI with a host: http:/);
  });
});
