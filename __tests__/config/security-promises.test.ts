import { stringify } from 'yaml';
import { configProblems, rejectionLines } from '../helpers/config-problems';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/app:1.0.0';
const oauth2 = {
  authorizationEndpoint: 'https://login.acme-example.com/oauth2/authorize',
  tokenEndpoint: 'https://login.acme-example.com/oauth2/token',
  clientId: 'web-client',
  clientSecretName: 'acme/test/web/oauth2-client-secret',
  hmacSecretName: 'acme/test/web/oauth2-hmac-key',
};
const web = { image: IMAGE, ingress: 'alb', containerPort: 8080, oauth2 };
const api = { image: IMAGE, ingress: 'apigw', containerPort: 8080 };
const worker = { image: IMAGE, ingress: 'none', egress: { uploads: { type: 's3', bucket: 'acme-test-uploads' } } };

/** `line:col` where the value of the line `<key>: <value>` (or the list item `- <value>`) starts. */
function valueAt(changes: Record<string, any>, line: string): string {
  const lines = stringify(environmentDocument(changes)).split('\n');
  const index = lines.findIndex((candidate) => candidate.trim() === line);
  const text = lines[index];
  return `${index + 1}:${text.length - text.trimStart().length + (line.startsWith('- ') ? 2 : line.indexOf(': ') + 2) + 1}`;
}

describe('OAuth2 paths served without login', () => {
  test('GIVEN "/" among the public prefixes THEN refused at that item: it would turn the login off', () => {
    const changes = { services: { web: { ...web, oauth2: { ...oauth2, publicPathPrefixes: ['/assets/', '/'] } } } };
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${valueAt(changes, '- /')}: services.web.oauth2.publicPathPrefixes[1]: "/" is a prefix of every path, so no request would need a login and the OAuth2 filter would protect nothing; list the public prefixes (such as /assets/), or remove oauth2 to serve the service without login`,
    ]);
  });

  test.each([
    ['/oauth2/', 'callbackPath /oauth2/callback: the OAuth2 filter passes matching requests through before it handles them, so the login never completes'],
    ['/oauth2/sign', 'signoutPath /oauth2/signout: the OAuth2 filter passes matching requests through before it handles them, so signing out never clears the session'],
  ])("GIVEN the public prefix %s THEN refused: it covers the filter's own path", (prefix, rest) => {
    const changes = { services: { web: { ...web, oauth2: { ...oauth2, publicPathPrefixes: [prefix] } } } };
    expect(configProblems(changes)).toContainEqual(
      `environments/bad.yaml:${valueAt(changes, `- ${prefix}`)}: services.web.oauth2.publicPathPrefixes[0]: "${prefix}" covers oauth2.${rest}; use a prefix that leaves ${rest.split(' ')[1].replace(':', '')} out`,
    );
  });

  test('GIVEN public prefixes that leave the login paths alone THEN it loads', () => {
    expect(rejectionLines(() => testEnvironment({ services: { web: { ...web, oauth2: { ...oauth2, publicPathPrefixes: ['/assets/', '/public/'] } } } }), 'allowed')).toEqual([]);
  });
});

describe('listener roles turned off while a service relies on them', () => {
  test('GIVEN envoy.listeners.ingress: false with ALB and API services THEN refused at that key, naming the services and what they lose', () => {
    const changes = { services: { web, api }, envoy: { listeners: { ingress: false } } };
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${valueAt(changes, 'ingress: false')}: envoy.listeners.ingress: false turns off Envoy's TLS listener, which web (ingress: alb, OAuth2 login), api (ingress: apigw) take traffic through: an ALB would reach the application's port without TLS, login or rate limit, and API Gateway would reach nothing; remove it, or give those services ingress: none`,
    ]);
  });

  test('GIVEN envoy.listeners.egress: false with a service that declares egress targets THEN refused at that key, naming the service and targets', () => {
    const changes = { services: { worker }, envoy: { listeners: { egress: false } } };
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${valueAt(changes, 'egress: false')}: envoy.listeners.egress: false turns off Envoy's signing egress listeners, but worker (uploads) declares egress targets: the application's calls to them on localhost would be refused; remove it, or remove those egress targets`,
    ]);
  });

  test.each([
    ['ingress off with only ingress: none services', { services: { worker }, envoy: { listeners: { ingress: false } } }],
    ['egress off with no egress targets', { services: { web }, envoy: { listeners: { egress: false } } }],
  ])('GIVEN %s THEN it loads', (_, changes) => {
    expect(rejectionLines(() => testEnvironment(changes), 'allowed')).toEqual([]);
  });
});

describe('ingress listener values that carry a promise', () => {
  test.each([
    ['headersWithUnderscoresAction', 'ALLOW', /ALLOW lets headers with underscores through.*keep REJECT_REQUEST \(or DROP_HEADER\)$/],
    ['xffNumTrustedHops', 2, /2 trusted hops would take the client address from an X-Forwarded-For entry the client wrote itself.*keep 1$/],
  ])('GIVEN the override %s: %s THEN refused at it', (key, value, message) => {
    const changes = { envoy: { overrides: { 'ingress-tls': { [key]: value } } } };
    const problems = configProblems(changes);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^environments/bad\\.yaml:${valueAt(changes, `${key}: ${value}`).replace(/\./g, '\\.')}: envoy\\.overrides\\.ingress-tls\\.${key}: `))]);
    expect(problems[0]).toMatch(message);
  });

  test.each([
    ['headersWithUnderscoresAction', 'DROP_HEADER'],
    ['xffNumTrustedHops', 1],
  ])('GIVEN the override %s: %s THEN it loads', (key, value) => {
    expect(rejectionLines(() => testEnvironment({ envoy: { overrides: { 'ingress-tls': { [key]: value } } } }), 'allowed')).toEqual([]);
  });
});
