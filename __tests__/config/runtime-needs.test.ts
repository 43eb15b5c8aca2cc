import { stringify } from 'yaml';
import { acceleratorOf, matchRequirement } from '../../lib/eks/instance-catalog';
import { eksEnvironment, eksProblems } from '../eks/eks-fixture';
import { configProblems, rejectionLines } from '../helpers/config-problems';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/worker:1.0.0';
const secret = (account: string) => `arn:aws:secretsmanager:eu-west-1:${account}:secret:shared/db-AbC123`;
const key = (account: string) => `arn:aws:kms:eu-west-1:${account}:key/5b0c9a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21`;
const worker = (changes: Record<string, any>) => ({ services: { worker: { image: IMAGE, ingress: 'none', ...changes } } });

/** `line:col` of the value on the first line holding `needle`. */
function valueAt(changes: Record<string, any>, needle: string): string {
  const lines = stringify(environmentDocument(changes)).split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return `${index + 1}:${lines[index].indexOf(': ') + 3}`;
}

describe('a secret of another account needs the customer managed key it is encrypted with', () => {
  test('GIVEN a Secrets Manager secret of another account and no secretsKmsKeyArn THEN refused at the secret: the task would never get it', () => {
    const changes = worker({ secrets: { DB_URL: secret('999999999999') } });
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${valueAt(changes, 'DB_URL')}: services.worker.secrets.DB_URL: the secret is in account 999999999999, not this environment's 123456789012: another account's secret can only be read when it is encrypted with a customer managed KMS key whose key policy admits 123456789012 (the AWS managed key aws/secretsmanager cannot be shared), so the task would never get it; set services.worker.secretsKmsKeyArn to that key's ARN`,
    ]);
  });

  test('GIVEN the key as an alias ARN THEN refused at secretsKmsKeyArn: an alias does not grant use of the key', () => {
    const changes = worker({ secrets: { DB_URL: secret('999999999999') }, secretsKmsKeyArn: 'arn:aws:kms:eu-west-1:999999999999:alias/shared' });
    expect(configProblems(changes)).toEqual([
      expect.stringMatching(
        /^environments\/bad\.yaml:\d+:\d+: services\.worker\.secretsKmsKeyArn: expected the key ARN .* of the key that encrypts the secret of account 999999999999 \(services\.worker\.secrets\.DB_URL\)/,
      ),
    ]);
  });

  test.each([
    ['a secret of another account with its key', { secrets: { DB_URL: secret('999999999999') }, secretsKmsKeyArn: key('999999999999') }],
    ['a secret of the own account without a key', { secrets: { DB_URL: secret('123456789012') } }],
    ['an SSM parameter of the own account', { secrets: { DB_URL: 'arn:aws:ssm:eu-west-1:123456789012:parameter/acme/db' } }],
  ])('GIVEN %s THEN it loads', (_, changes) => {
    expect(rejectionLines(() => testEnvironment(worker(changes)), 'allowed')).toEqual([]);
  });
});

describe('accelerated instance types need an AMI with their driver', () => {
  test.each([
    ['g5.xlarge', 'g5.2xlarge', 'NVIDIA GPU'],
    ['p4d.24xlarge', 'p5.48xlarge', 'NVIDIA GPU'],
    ['inf2.xlarge', 'inf2.8xlarge', 'AWS Neuron'],
    ['trn1.2xlarge', 'trn1.32xlarge', 'AWS Neuron'],
  ])('GIVEN a node group of %s THEN refused at instanceTypes: the standard AL2023 AMI has no %s driver', (first, second, accelerator) => {
    expect(eksProblems({ nodeGroups: { system: { instanceTypes: [first, second] } } })).toEqual([
      expect.stringMatching(
        new RegExp(
          `: eks\\.nodeGroups\\.system\\.instanceTypes: ${first.replace('.', '\\.')} \\(${accelerator}\\), ${second.replace('.', '\\.')} \\(${accelerator}\\) need an accelerator driver, but node groups run the standard Amazon Linux 2023 AMI types .*pods that request the accelerator would never schedule`,
        ),
      ),
    ]);
  });

  test.each([
    ['m6i', undefined],
    ['m7g', undefined],
    ['c7gd', undefined],
    ['i4i', undefined],
    ['t3', undefined],
    ['g5g', 'NVIDIA GPU'],
    ['g4ad', 'AMD GPU'],
    ['gr6', 'NVIDIA GPU'],
    ['dl1', 'Habana Gaudi'],
    ['f2', 'FPGA'],
    ['vt1', 'video transcoding'],
  ])('GIVEN family %s THEN its accelerator is %s', (family, accelerator) => {
    expect(acceleratorOf({ family })).toBe(accelerator);
  });

  test('GIVEN a derived pool THEN it never picks an accelerated family, and general-purpose groups load', () => {
    expect(matchRequirement({ vcpus: 4, memoryGiB: 16, architecture: 'x86_64' }).filter((type) => acceleratorOf(type) !== undefined)).toEqual([]);
    expect(eksEnvironment().eks?.nodeGroups.system.instanceTypes).toEqual(['m6i.large']);
  });
});
