import { stringify } from 'yaml';
import { kmsKeyRegion } from '../../lib/config/kms-key-regions';
import { parseEnvironment } from '../../lib/config/loader';
import { eksDocument } from '../eks/eks-fixture';
import { environmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { rejectionLines } from '../helpers/config-problems';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
const key = (region: string) => `arn:aws:kms:${region}:123456789012:key/5b0c9a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21`;
const alias = (region: string) => `arn:aws:kms:${region}:123456789012:alias/acme-state`;
const secret = (region: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:acme/test/db-AbC123`;

function problemsOf(document: Record<string, any>): string[] {
  return rejectionLines(() => parseEnvironment(stringify(document), 'environments/dev.yaml', 'dev', { today: FIXTURE_TODAY }), 'allowed');
}

/** `line:col` of the value of the first line holding `needle`. */
function at(document: Record<string, any>, needle: string): string {
  const lines = stringify(document).split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return `${index + 1}:${lines[index].indexOf('arn:') + 1}`;
}

describe('KMS keys are in the region of what they encrypt', () => {
  test.each([
    ['a key ARN', key('us-east-1'), 'us-east-1'],
    ['an alias ARN', alias('eu-central-1'), 'eu-central-1'],
    ['a GovCloud key ARN', 'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc', 'us-gov-west-1'],
  ])('GIVEN %s THEN its region is read from it', (_, arn, region) => expect(kmsKeyRegion(arn)).toBe(region));

  test.each([
    [
      'the state key, bucket in the account region',
      { state: { kmsKeyArn: key('us-east-1') } },
      'kmsKeyArn',
      'state.kmsKeyArn',
      'eu-west-1 (the region of the state bucket, account.region), got a key in us-east-1',
    ],
    [
      'the secrets key as an alias',
      { services: { web: { image: IMAGE, ingress: 'none', secretsKmsKeyArn: alias('us-east-1') } } },
      'secretsKmsKeyArn',
      'services.web.secretsKmsKeyArn',
      'eu-west-1 (the region of the secrets, account.region), got a key in us-east-1',
    ],
    [
      'the state key, bucket in its own region',
      { state: { region: 'eu-central-1', kmsKeyArn: key('eu-west-1') } },
      'kmsKeyArn',
      'state.kmsKeyArn',
      'eu-central-1 (the region of the state bucket, state.region), got a key in eu-west-1',
    ],
    [
      'the secrets key of a service',
      { services: { web: { image: IMAGE, ingress: 'none', secretsKmsKeyArn: key('us-east-1') } } },
      'secretsKmsKeyArn',
      'services.web.secretsKmsKeyArn',
      'eu-west-1 (the region of the secrets, account.region), got a key in us-east-1',
    ],
    [
      'the secrets key of a service whose secrets are elsewhere',
      { services: { web: { image: IMAGE, ingress: 'none', secrets: { DB: secret('eu-central-1') }, secretsKmsKeyArn: key('eu-west-1') } } },
      'secretsKmsKeyArn',
      'services.web.secretsKmsKeyArn',
      'eu-central-1 (the region of the secrets in services.web.secrets), got a key in eu-west-1',
    ],
    [
      'the node volume key',
      eksDocument({ nodeVolumeKmsKeyArn: key('us-west-2') }),
      'nodeVolumeKmsKeyArn',
      'eks.nodeVolumeKmsKeyArn',
      'eu-west-1 (the region of the node volumes, account.region), got a key in us-west-2',
    ],
  ])('GIVEN %s in another region THEN it is refused at the key naming both regions', (_, changes, needle, keyPath, regions) => {
    const document = 'project' in changes ? changes : environmentDocument(changes);
    expect(problemsOf(document)).toEqual([
      `environments/dev.yaml:${at(document, needle)}: ${keyPath}: expected a KMS key in ${regions}: KMS keys are regional and AWS refuses a key from another region`,
    ]);
  });

  test.each([
    ['state key', { state: { kmsKeyArn: key('eu-west-1') } }],
    ['state key in state.region', { state: { region: 'eu-central-1', kmsKeyArn: key('eu-central-1') } }],
    ['secrets key', { services: { web: { image: IMAGE, ingress: 'none', secretsKmsKeyArn: key('eu-west-1') } } }],
    ['secrets key beside its secrets', { services: { web: { image: IMAGE, ingress: 'none', secrets: { DB: secret('eu-central-1') }, secretsKmsKeyArn: key('eu-central-1') } } }],
    ['node volume key', eksDocument({ nodeVolumeKmsKeyArn: key('eu-west-1') })],
    ['secrets key as an alias', { services: { web: { image: IMAGE, ingress: 'none', secretsKmsKeyArn: alias('eu-west-1') } } }],
  ])('GIVEN a %s in the right region THEN it loads', (_, changes) => {
    expect(problemsOf('project' in changes ? changes : environmentDocument(changes))).toEqual([]);
  });
});

describe('state.kmsKeyArn names the key, not an alias', () => {
  test('GIVEN an alias ARN THEN it is refused at its value, saying why and how to find the key ARN', () => {
    const document = environmentDocument({ state: { kmsKeyArn: alias('eu-west-1') } });
    expect(problemsOf(document)).toEqual([
      `environments/dev.yaml:${at(document, 'kmsKeyArn')}: state.kmsKeyArn: expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/…, not an alias ARN: ` +
        'IAM policies name the key (the plan role denies Decrypt on any other); aws kms describe-key --key-id <alias ARN> --query KeyMetadata.Arn prints it',
    ]);
  });
});
