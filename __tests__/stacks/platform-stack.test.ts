import { synthEnvironment, testEnvironment } from '../helpers/environment-fixture';

describe('PlatformStack', () => {
  test('state is in S3, SSE-KMS with the AWS managed key by default, one key per stack, with S3-native locking by default', () => {
    const { platform } = synthEnvironment(testEnvironment());
    // Without kms_key_id Terraform writes each state version with SSE-S3 (AES256), whatever the bucket's default.
    expect(platform.json.terraform.backend.s3).toEqual({
      bucket: 'acme-tfstate-test',
      key: 'test/platform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'alias/aws/s3',
      use_lockfile: true,
    });
  });

  test('GIVEN state.kmsKeyArn THEN the state objects are written with that key, the one the bucket defaults to', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const { platform, bootstrap } = synthEnvironment(testEnvironment({ state: { bucket: 'acme-tfstate-test', kmsKeyArn: key } }));
    expect(platform.json.terraform.backend.s3.kms_key_id).toBe(key);
    const encryption = Object.values(bootstrap.json.resource.aws_s3_bucket_server_side_encryption_configuration as Record<string, any>)[0];
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: key });
  });

  test('GIVEN dynamodb locking THEN the table is used and no lock file', () => {
    const { platform } = synthEnvironment(testEnvironment({ state: { locking: 'dynamodb', dynamodbTable: 'tf-locks' } }));
    expect(platform.json.terraform.backend.s3.dynamodb_table).toBe('tf-locks');
    expect(platform.json.terraform.backend.s3.use_lockfile).toBeUndefined();
  });

  test('the provider is pinned to the account and region, with fixed default tags that config cannot override', () => {
    const config = testEnvironment({ tags: { owner: 'team-a', environment: 'spoofed' } });
    const { platform } = synthEnvironment(config);
    const [provider] = platform.json.provider.aws;
    expect(provider.region).toBe('eu-west-1');
    expect(provider.allowed_account_ids).toEqual(['123456789012']);
    expect(provider.assume_role).toBeUndefined();
    expect(provider.default_tags).toEqual([{ tags: { owner: 'team-a', environment: 'test', project: 'acme', 'managed-by': 'cdktf', repository: 'aws-platform-cdktf' } }]);
  });

  test.each([
    ['without a deploy role', {}],
    ['GIVEN a deploy role (the role CI assumes through OIDC)', { account: { deployRoleArn: 'arn:aws:iam::123456789012:role/deploy' } }],
  ])('%s THEN provider and S3 backend both use the ambient credentials: neither assumes a role', (_case, changes) => {
    const { platform, bootstrap } = synthEnvironment(testEnvironment(changes));
    for (const stack of [platform, bootstrap]) {
      const [provider] = stack.json.provider.aws;
      expect(provider).not.toHaveProperty('assume_role');
      expect(provider).not.toHaveProperty('profile');
    }
    const backend = platform.json.terraform.backend.s3;
    expect(backend).toMatchObject({ bucket: 'acme-tfstate-test', key: 'test/platform.tfstate', region: 'eu-west-1', encrypt: true });
    for (const key of ['assume_role', 'role_arn', 'profile', 'access_key', 'secret_key']) expect(backend).not.toHaveProperty(key);
  });

  test('the log key rotates and lets CloudWatch Logs use it only for this account and region', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const key = platform.resource('aws_kms_key', 'log-key/key');
    expect(key.values.enable_key_rotation).toBe(true);
    const statements = platform.policyStatements(key.values.policy);
    const logs = statements.find((s) => s.sid === 'CloudWatchLogsUsesForThisAccount')!;
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-west-1.amazonaws.com'] }]);
    expect(logs.condition).toEqual([{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: ['arn:aws:logs:eu-west-1:123456789012:log-group:*'] }]);
  });

  test('the stacks read nothing from AWS at plan time', () => {
    const { platform, bootstrap } = synthEnvironment(testEnvironment());
    for (const stack of [platform, bootstrap]) {
      const types = stack.dataSources().map((d) => d.type);
      expect(types.filter((t) => t !== 'aws_iam_policy_document')).toEqual([]);
    }
  });
});
