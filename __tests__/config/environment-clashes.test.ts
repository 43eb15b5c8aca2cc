import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { environmentDocument, existingVpcNetwork, merge, testEnvironment } from '../helpers/environment-fixture';
import { configProblems, rejectionLines } from '../helpers/config-problems';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'env-clash-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Writes environments/<name> from the base document plus changes, and returns its text. */
function write(name: string, changes: Record<string, any>): string {
  const text = stringify(environmentDocument(changes));
  fs.writeFileSync(path.join(folder, name), text);
  return text;
}

/** `line:col` of the first `key:` at `indent` spaces after the line matching `after` (or from the top). */
function at(text: string, key: string, indent: number, after?: string): string {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.startsWith(after));
  const index = lines.findIndex((line, i) => i >= start && line.startsWith(`${' '.repeat(indent)}${key}:`));
  expect(index).toBeGreaterThanOrEqual(0);
  const valueColumn = indent + key.length + 3;
  return `${index + 1}:${lines[index].length >= valueColumn ? valueColumn : indent + 1}`;
}

function problems(): string[] {
  try {
    loadEnvironments(folder, [], { today: FIXTURE_TODAY });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message.split('\n').map((line) => line.split(`${path.relative(process.cwd(), folder)}/`).join(''));
  }
  throw new Error('expected the environments to be rejected');
}

const distinct = (env: string) => ({ state: { bucket: `acme-tfstate-${env}` }, dns: { domain: `${env}.acme-example.com`, publicZoneId: `Z0${env.toUpperCase()}ZONE` } });

describe('clashes between environment files', () => {
  test('GIVEN environments with their own bucket, zone and names THEN they load together', () => {
    write('dev.yaml', distinct('dev'));
    write('stg.yaml', distinct('stg'));
    expect(loadEnvironments(folder, [], { today: FIXTURE_TODAY }).map((c) => c.name)).toEqual(['dev', 'stg']);
  });

  test('GIVEN x.yml beside x.yaml THEN the second file is refused at 1:1 naming the first', () => {
    write('dev.yaml', distinct('dev'));
    write('dev.yml', distinct('dev2'));
    expect(problems()).toContain('dev.yml:1:1: environment "dev" is also defined by dev.yaml: both would synthesize the stacks and state keys of "dev" (dev/platform.tfstate); keep one file');
  });

  test('GIVEN two environments with one state bucket THEN the later one is refused at state.bucket, naming the first position', () => {
    const dev = write('dev.yaml', { ...distinct('dev'), state: { bucket: 'acme-tfstate-shared' } });
    const stg = write('stg.yaml', { ...distinct('stg'), state: { bucket: 'acme-tfstate-shared' } });
    expect(problems()).toEqual([
      `stg.yaml:${at(stg, 'bucket', 2, 'state:')}: state.bucket: state bucket acme-tfstate-shared is also used by environment dev (dev.yaml:${at(dev, 'bucket', 2, 'state:')}: state.bucket); each environment needs its own`,
    ]);
  });

  test('GIVEN two environments with one zone and one domain THEN the certificate validation records clash at dns.domain', () => {
    const dev = write('dev.yaml', { ...distinct('dev'), dns: { domain: 'acme-example.com', publicZoneId: 'Z0SHAREDZONE' } });
    const stg = write('stg.yaml', { ...distinct('stg'), dns: { domain: 'acme-example.com', publicZoneId: 'Z0SHAREDZONE' } });
    const devDomain = at(dev, 'domain', 2, 'dns:');
    expect(problems()).toEqual([
      `stg.yaml:${at(stg, 'domain', 2, 'dns:')}: dns.domain: the certificate validation record of acme-example.com in zone Z0SHAREDZONE is also used by environment dev (dev.yaml:${devDomain}: dns.domain); each environment needs its own`,
    ]);
  });

  test('GIVEN a copied file with the same zone, domain and ALB service THEN the validation record and the ALB alias clash', () => {
    const web = { image: 'public.ecr.aws/acme/web:1.0.0', ingress: 'alb', containerPort: 8080 };
    const dns = { domain: 'acme-example.com', publicZoneId: 'Z0SHAREDZONE' };
    const dev = write('dev.yaml', { ...distinct('dev'), dns, services: { web } });
    const stg = write('stg.yaml', { ...distinct('stg'), dns, services: { web } });
    // A mapping value is positioned at its first key.
    const webAt = (text: string) => `${text.split('\n').indexOf('  web:') + 2}:5`;
    expect(problems()).toEqual([
      `stg.yaml:${at(stg, 'domain', 2, 'dns:')}: dns.domain: the certificate validation record of acme-example.com in zone Z0SHAREDZONE is also used by environment dev (dev.yaml:${at(dev, 'domain', 2, 'dns:')}: dns.domain); each environment needs its own`,
      `stg.yaml:${webAt(stg)}: services.web: the ALB alias web.acme-example.com in zone Z0SHAREDZONE is also used by environment dev (dev.yaml:${webAt(dev)}: services.web); each environment needs its own`,
    ]);
  });

  test('GIVEN the same domain in different zones THEN no clash (different zones hold different records)', () => {
    write('dev.yaml', { ...distinct('dev'), dns: { domain: 'acme-example.com', publicZoneId: 'Z0DEVZONE' } });
    write('stg.yaml', { ...distinct('stg'), dns: { domain: 'acme-example.com', publicZoneId: 'Z0STGZONE' } });
    expect(loadEnvironments(folder, [], { today: FIXTURE_TODAY })).toHaveLength(2);
  });

  test('GIVEN two environments that each create the public zone of one domain THEN refused at dns.createPublicZone', () => {
    const zone = { domain: 'acme-example.com', publicZoneId: null, createPublicZone: true };
    write('dev.yaml', { ...distinct('dev'), dns: zone });
    write('stg.yaml', { ...distinct('stg'), dns: zone });
    expect(problems()[0]).toMatch(
      /^stg\.yaml:\d+:\d+: dns\.createPublicZone: created public hosted zone acme-example\.com is also used by environment dev \(dev\.yaml:\d+:\d+: dns\.createPublicZone\)/,
    );
  });

  test('GIVEN one existing zone id with two different domains THEN the later one is refused at dns.publicZoneId, naming the first', () => {
    const dev = write('dev.yaml', { ...distinct('dev'), dns: { domain: 'dev.acme-example.com', publicZoneId: 'Z0SHAREDZONE' } });
    const stg = write('stg.yaml', { ...distinct('stg'), dns: { domain: 'stg.acme-example.com', publicZoneId: 'Z0SHAREDZONE' } });
    expect(problems()).toEqual([
      `stg.yaml:${at(stg, 'publicZoneId', 2, 'dns:')}: dns.publicZoneId: hosted zone Z0SHAREDZONE is the zone named dev.acme-example.com in environment dev (dev.yaml:${at(dev, 'publicZoneId', 2, 'dns:')}: dns.publicZoneId), but stg.acme-example.com here: dns.publicZoneId must be the zone named dns.domain, and a zone has one name (Route 53 refuses records outside it); give each environment the id of its own domain's zone`,
    ]);
  });
});

describe('VPC ranges of environments in one account', () => {
  const load = () => loadEnvironments(folder, [], { today: FIXTURE_TODAY });
  const warningsOf = (name: string) =>
    load()
      .find((config) => config.name === name)!
      .warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.keyPath}: ${w.message}`.split(`${path.relative(process.cwd(), folder)}/`).join(''));

  test('GIVEN two environments of one account with overlapping VPC ranges THEN both load and the later one carries a warning that says why, at its cidr, naming the first', () => {
    const dev = write('dev.yaml', { ...distinct('dev'), network: { vpc: { cidr: '10.0.0.0/16' } } });
    const stg = write('stg.yaml', { ...distinct('stg'), network: { vpc: { cidr: '10.0.128.0/17' } } });
    expect(warningsOf('dev')).toEqual([]);
    expect(warningsOf('stg')).toEqual([
      `stg.yaml:${at(stg, 'cidr', 4, '  vpc:')}: network.vpc.cidr: VPC range 10.0.128.0/17 overlaps 10.0.0.0/16 of environment dev (dev.yaml:${at(dev, 'cidr', 4, '  vpc:')}: network.vpc.cidr) in account 123456789012: VPC peering refuses overlapping ranges and a transit gateway cannot route between them, so connecting these VPCs later means renumbering one; give each environment its own range`,
    ]);
  });

  test.each([
    ['different ranges', { network: { vpc: { cidr: '10.1.0.0/16' } } }],
    ['another account', { account: { id: '210987654321' } }],
  ])('GIVEN %s THEN no warning', (_, changes) => {
    write('dev.yaml', distinct('dev'));
    write('stg.yaml', { ...distinct('stg'), ...changes });
    expect(warningsOf('stg')).toEqual([]);
  });

  test('GIVEN two environments on the same existing VPC THEN no warning: they share it on purpose', () => {
    const network = existingVpcNetwork();
    write('dev.yaml', { ...distinct('dev'), network });
    write('stg.yaml', { ...distinct('stg'), network });
    expect(warningsOf('stg')).toEqual([]);
  });
});

describe('names that clash inside one environment', () => {
  const web = { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.0.0', ingress: 'alb', containerPort: 8080 };
  const api = { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:1.0.0', ingress: 'apigw', containerPort: 8080 };
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

  test('GIVEN an ALB service whose hostname is the API custom domain THEN refused at the API domain, naming the service', () => {
    const changes = { services: { web: { ...web, hostname: 'api.test.acme-example.com' }, api }, apiGateway: { domain: { name: 'api.test.acme-example.com' } } };
    const text = stringify(environmentDocument(changes));
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${lineOf(text, '    name: api.test')}:11: apiGateway.domain.name: the API custom domain alias api.test.acme-example.com in zone Z0TESTZONE is also created by services.web.hostname (environments/bad.yaml:${lineOf(text, 'hostname: api.test')}:15); Route 53 holds one record of a name and type, so one would replace the other: give each its own name`,
    ]);
  });

  test('GIVEN an ALB service named api and an API service on the default custom domain THEN refused at the API service, naming the ALB service', () => {
    expect(configProblems({ services: { api: web, orders: api } })).toEqual([
      expect.stringMatching(
        /^environments\/bad\.yaml:\d+:5: services\.orders: the API custom domain alias api\.test\.acme-example\.com in zone Z0TESTZONE is also created by services\.api \(environments\/bad\.yaml:\d+:5\)/,
      ),
    ]);
  });

  test.each([
    [
      'an ALB hostname',
      { services: { web: { ...web, hostname: 'web.internal.test.acme-example.com' } }, dns: { edgeCertificate: { additionalNames: ['web.internal.test.acme-example.com'] } } },
      'services.web.hostname',
      'web.internal.test.acme-example.com',
    ],
    ['the API custom domain', { services: { api }, apiGateway: { domain: { name: 'api.internal.test.acme-example.com' } } }, 'apiGateway.domain.name', 'api.internal.test.acme-example.com'],
  ])('GIVEN %s inside the private zone THEN refused at it, naming the private zone', (_, changes, keyPath, name) => {
    const problems = configProblems(merge(changes, { dns: { privateZone: {} } }));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^environments/bad\\.yaml:\\d+:\\d+: ${keyPath.replace(/\./g, '\\.')}: the public record ${name.replace(/\./g, '\\.')} falls inside the private zone internal\\.test\\.acme-example\\.com \\(environments/bad\\.yaml:\\d+:\\d+: dns\\.privateZone\\): inside the VPC the private zone answers`,
        ),
      ),
    ]);
  });

  test('GIVEN the edge certificate names x and *.x (one validation record) and distinct aliases THEN it loads', () => {
    expect(rejectionLines(() => testEnvironment({ services: { web, api }, dns: { privateZone: {} } }), 'allowed')).toEqual([]);
  });
});

describe('secrets the sidecars read, inside one environment', () => {
  const oauth2 = (client: string, hmac: string, clientId = 'web-client') => ({
    authorizationEndpoint: 'https://login.acme-example.com/oauth2/authorize',
    tokenEndpoint: 'https://login.acme-example.com/oauth2/token',
    clientId,
    clientSecretName: client,
    hmacSecretName: hmac,
  });
  const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.0.0';
  const site = (client: string, hmac: string, clientId?: string) => ({ image, ingress: 'alb', containerPort: 8080, oauth2: oauth2(client, hmac, clientId) });

  test('GIVEN one secret as client secret and cookie-signing key THEN refused at the second, naming the first', () => {
    expect(configProblems({ services: { web: site('acme/test/web/oauth2', 'acme/test/web/oauth2') } })).toEqual([
      expect.stringMatching(
        /^environments\/bad\.yaml:\d+:\d+: services\.web\.oauth2\.hmacSecretName: secret acme\/test\/web\/oauth2 is also an OAuth2 client secret \(environments\/bad\.yaml:\d+:\d+: services\.web\.oauth2\.clientSecretName\): one secret holds one value, and an OAuth2 cookie-signing key needs its own; give it another name$/,
      ),
    ]);
  });

  test('GIVEN the TLS secret named as an OAuth2 client secret THEN refused at the client secret', () => {
    // configProblems loads environments/bad.yaml: the default TLS secret is acme/bad/envoy-tls, written nowhere.
    expect(configProblems({ services: { web: site('acme/bad/envoy-tls', 'acme/bad/web/hmac') } })).toEqual([
      expect.stringMatching(
        /: services\.web\.oauth2\.clientSecretName: secret acme\/bad\/envoy-tls is also the ingress TLS certificate and key \(environments\/bad\.yaml\): one secret holds one value/,
      ),
    ]);
  });

  test('GIVEN names that differ only in "/" and "." THEN refused: one construct id', () => {
    expect(configProblems({ services: { web: site('acme/test/web.key', 'acme/test/web-key') } })).toEqual([
      expect.stringMatching(
        /: services\.web\.oauth2\.hmacSecretName: secret acme\/test\/web-key and secret acme\/test\/web\.key \(.*clientSecretName\) differ only in characters outside letters, digits and "-"/,
      ),
    ]);
  });

  test('GIVEN two services sharing one cookie-signing key THEN refused; sharing one OAuth2 client (same id and secret) loads', () => {
    expect(configProblems({ services: { web: site('acme/test/c', 'acme/test/h'), shop: site('acme/test/c', 'acme/test/h') } })).toEqual([
      expect.stringMatching(/: services\.shop\.oauth2\.hmacSecretName: secret acme\/test\/h is also an OAuth2 cookie-signing key of another service .*give each service its own key$/),
    ]);
    expect(rejectionLines(() => testEnvironment({ services: { web: site('acme/test/c', 'acme/test/h1'), shop: site('acme/test/c', 'acme/test/h2') } }), 'allowed')).toEqual([]);
    expect(configProblems({ services: { web: site('acme/test/c', 'acme/test/h1'), shop: site('acme/test/c', 'acme/test/h2', 'shop-client') } })).toEqual([
      expect.stringMatching(/: services\.shop\.oauth2\.clientSecretName: secret acme\/test\/c is also the client secret of another OAuth2 client/),
    ]);
  });
});
