import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { environmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/core/user-error';

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
    expect(problems()).toContain(
      'dev.yml:1:1: environment "dev" is also defined by dev.yaml: both would synthesize the stacks and state keys of "dev" (dev/platform.tfstate); keep one file',
    );
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
    expect(problems()[0]).toMatch(/^stg\.yaml:\d+:\d+: dns\.createPublicZone: created public hosted zone acme-example\.com is also used by environment dev \(dev\.yaml:\d+:\d+: dns\.createPublicZone\)/);
  });
});
