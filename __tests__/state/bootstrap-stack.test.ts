import { spawnSync } from 'child_process';
import * as path from 'path';
import { TerraformJson } from '../helpers/terraform-json';
import { synthEnvironment, testEnvironment } from '../helpers/environment-fixture';

describe('BootstrapStack', () => {
  test('keeps its own state locally, since the bucket it creates does not exist yet: in the project root, outside cdktf.out, by a relative path', () => {
    const { bootstrap } = synthEnvironment(testEnvironment());
    expect(bootstrap.json.terraform.backend).toEqual({ local: { path: '../../../terraform.test-bootstrap.tfstate' } });
    // Terraform runs in the stack's working directory, cdktf.out/stacks/<stack>/ (manifest.json).
    const project = path.resolve(__dirname, '../..');
    const workingDirectory = path.join(project, 'cdktf.out', 'stacks', 'test-bootstrap');
    expect(path.resolve(workingDirectory, bootstrap.json.terraform.backend.local.path)).toBe(path.join(project, 'terraform.test-bootstrap.tfstate'));
  });

  test('the local state file is ignored by git', () => {
    const files = ['terraform.dev-bootstrap.tfstate', 'terraform.dev-bootstrap.tfstate.backup', '.terraform.lock.hcl'];
    const ignored = spawnSync('git', ['check-ignore', '--no-index', ...files], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    expect(ignored.stdout.trim().split('\n')).toEqual(files.slice(0, 2));
  });

  test("GIVEN state.bootstrapInBucket THEN its state is <env>/bootstrap.tfstate in the bucket, encrypted and locked as the platform's", () => {
    const { bootstrap, platform } = synthEnvironment(testEnvironment({ state: { bootstrapInBucket: true } }));
    expect(Object.keys(bootstrap.json.terraform.backend)).toEqual(['s3']);
    expect(bootstrap.json.terraform.backend.s3).toEqual({ ...platform.json.terraform.backend.s3, key: 'test/bootstrap.tfstate' });
    expect(bootstrap.json.terraform.backend.s3).toMatchObject({ bucket: 'acme-tfstate-test', encrypt: true, use_lockfile: true });
  });

  test('GIVEN state.bootstrapInBucket with DynamoDB locking THEN the bootstrap state is locked in the table it creates', () => {
    const { bootstrap } = synthEnvironment(testEnvironment({ state: { bootstrapInBucket: true, locking: 'dynamodb', dynamodbTable: 'tf-locks' } }));
    expect(bootstrap.json.terraform.backend.s3).toMatchObject({ key: 'test/bootstrap.tfstate', dynamodb_table: 'tf-locks' });
    expect(bootstrap.only('aws_dynamodb_table').values.name).toBe('tf-locks');
  });

  test('the state bucket is versioned, KMS-encrypted, private, owner-enforced, TLS-only and protected from destroy', () => {
    const { bootstrap } = synthEnvironment(testEnvironment());
    const bucket = bootstrap.only('aws_s3_bucket');
    expect(bucket.values.bucket).toBe('acme-tfstate-test');
    expect(bucket.values.lifecycle).toEqual({ prevent_destroy: true });
    const bucketId = TerraformJson.ref(bucket, 'id');
    expect(bootstrap.only('aws_s3_bucket_versioning').values).toMatchObject({ bucket: bucketId, versioning_configuration: { status: 'Enabled' } });
    const encryption = bootstrap.only('aws_s3_bucket_server_side_encryption_configuration').values.rule[0];
    expect(encryption.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(bootstrap.only('aws_s3_bucket_public_access_block').values).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(bootstrap.only('aws_s3_bucket_ownership_controls').values.rule.object_ownership).toBe('BucketOwnerEnforced');
    const [deny] = bootstrap.policyStatements(bootstrap.only('aws_s3_bucket_policy').values.policy);
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      resources: [TerraformJson.ref(bucket, 'arn'), `${TerraformJson.ref(bucket, 'arn')}/*`],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  test('GIVEN s3-lockfile locking THEN no DynamoDB table; GIVEN dynamodb THEN an encrypted, protected table', () => {
    expect(synthEnvironment(testEnvironment()).bootstrap.count('aws_dynamodb_table')).toBe(0);
    const { bootstrap } = synthEnvironment(testEnvironment({ state: { locking: 'dynamodb', dynamodbTable: 'tf-locks' } }));
    expect(bootstrap.only('aws_dynamodb_table').values).toMatchObject({
      name: 'tf-locks',
      hash_key: 'LockID',
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
  });
});
