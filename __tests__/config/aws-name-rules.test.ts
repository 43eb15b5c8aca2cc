import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { albAccessLogBucketName } from '../../lib/construct-support/naming';
import { s3BucketNameProblem } from '../../lib/s3/bucket-name';
import { environmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { rejectionLines } from '../helpers/config-problems';

function problemsOf(text: string, name = 'dev'): string[] {
  return rejectionLines(() => parseEnvironment(text, `environments/${name}.yaml`, name, { today: FIXTURE_TODAY }));
}

/** `line:col` of the first occurrence of `needle`. */
function at(text: string, needle: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  expect(index).toBeGreaterThanOrEqual(0);
  return `${index + 1}:${lines[index].indexOf(needle) + 1}`;
}

const web = { image: 'public.ecr.aws/acme/web:1.0.0', ingress: 'alb', containerPort: 8080 };

describe('S3 bucket naming rules, every one', () => {
  test.each([
    ['ab', /of 3-63 characters/],
    ['a'.repeat(64), /of 3-63 characters/],
    ['Acme-state', /lowercase letters, digits, dots and hyphens only/],
    ['acme_state', /lowercase letters, digits, dots and hyphens only/],
    ['-acme', /begins and ends with a letter or digit/],
    ['acme.', /begins and ends with a letter or digit/],
    ['acme..state', /two adjacent dots/],
    ['192.168.5.4', /form of an IP address/],
    ['xn--acme', /reserved prefix xn--/],
    ['sthree-acme', /reserved prefix sthree-/],
    ['sthree-configurator', /reserved prefix sthree-/],
    ['amzn-s3-demo-acme', /reserved prefix amzn-s3-demo-/],
    ['acme-s3alias', /reserved suffix -s3alias/],
    ['acme--ol-s3', /reserved suffix --ol-s3/],
    ['acme.mrap', /reserved suffix \.mrap/],
    ['acme--x-s3', /reserved suffix --x-s3/],
    ['acme--table-s3', /reserved suffix --table-s3/],
  ])('GIVEN state.bucket %j THEN refused at state.bucket naming the rule', (bucket, rule) => {
    const text = stringify(environmentDocument({ state: { bucket } }));
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`environments/dev.yaml:${at(text, 'bucket:').replace(/:\d+$/, ':11')}: state.bucket: `)).toBe(true);
    expect(problems[0]).toMatch(rule);
  });

  test.each(['acme-state', 'a.b.c', '1acme', 'acme-s3-alias', 'xn-acme', '192.168.5.4a'])('GIVEN %j THEN S3 accepts it', (bucket) => {
    expect(s3BucketNameProblem(bucket)).toBeUndefined();
  });

  test('GIVEN an egress bucket with a reserved suffix THEN refused at its key', () => {
    const text = stringify(environmentDocument({ services: { worker: { image: 'public.ecr.aws/acme/w:1.0.0', ingress: 'none', egress: { files: { type: 's3', bucket: 'acme--x-s3' } } } } }));
    expect(problemsOf(text)).toEqual([
      `environments/dev.yaml:${at(text, 'acme--x-s3')}: services.worker.egress.files.bucket: an S3 bucket name may not end with the reserved suffix --x-s3, got "acme--x-s3"`,
    ]);
  });
});

describe('names derived from project and the environment name', () => {
  test('GIVEN project sthree and an ALB service THEN the derived access-log bucket is refused at project', () => {
    expect(albAccessLogBucketName('sthree-dev', '123456789012')).toBe('sthree-dev-alb-logs-123456789012');
    const text = stringify(environmentDocument({ project: 'sthree', services: { web } }));
    expect(problemsOf(text)).toEqual([
      `environments/dev.yaml:1:10: project: the ALB access-log bucket's name is derived from it: an S3 bucket name may not begin with the reserved prefix sthree-, got "sthree-dev-alb-logs-123456789012" (the prefix of every resource name is "sthree-dev", from project and the file name)`,
    ]);
  });

  test('GIVEN project amzn-s3-demo without an ALB service THEN accepted (no bucket is derived from it)', () => {
    expect(parseEnvironment(stringify(environmentDocument({ project: 'amzn-s3-demo' })), 'environments/dev.yaml', 'dev', { today: FIXTURE_TODAY }).project).toBe('amzn-s3-demo');
  });

  test.each([
    ['internal', 'load balancer names may not begin with "internal-", and "internal-dev-edge-alb" would'],
    ['internal-tools', 'load balancer names may not begin with "internal-", and "internal-tools-dev-edge-alb" would'],
    ['sg', 'security group names may not begin with "sg-", and "sg-dev-…" would'],
    ['sg-app', 'security group names may not begin with "sg-", and "sg-app-dev-…" would'],
  ])('GIVEN project %j THEN refused at project, naming the name AWS would refuse', (project, message) => {
    const problems = problemsOf(stringify(environmentDocument({ project })));
    expect(problems).toEqual([`environments/dev.yaml:1:10: project: ${message} (the prefix of every resource name is "${project}-dev", from project and the file name)`]);
  });

  test.each(['internals', 'sgx', 'stage'])('GIVEN project %j THEN accepted (only the exact prefixes are reserved)', (project) => {
    expect(parseEnvironment(stringify(environmentDocument({ project, services: { web } })), 'environments/dev.yaml', 'dev', { today: FIXTURE_TODAY }).project).toBe(project);
  });
});

describe('DNS and ACM name lengths', () => {
  const label = (n: number, c = 'a') => c.repeat(n);

  test('GIVEN a 64-character label in dns.domain THEN refused at dns.domain', () => {
    const domain = `${label(64)}.example.com`;
    const text = stringify(environmentDocument({ dns: { domain } }));
    expect(problemsOf(text)).toEqual([`environments/dev.yaml:${at(text, domain)}: dns.domain: a DNS label may have at most 63 characters, got 64 in "${label(20)}…"`]);
  });

  test('GIVEN a 254-character service hostname THEN refused at the hostname (the domain itself is capped at 64 as the CN)', () => {
    const hostname = `${[label(63), label(63, 'b'), label(63, 'c'), label(40, 'd')].join('.')}.test.acme-example.com`;
    expect(hostname.length).toBe(254);
    const text = stringify(environmentDocument({ services: { web: { ...web, hostname } } }));
    expect(problemsOf(text)[0]).toBe(`environments/dev.yaml:${at(text, hostname)}: services.web.hostname: a DNS name may have at most 253 characters, got 254`);
  });
});
