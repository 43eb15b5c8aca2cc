import { isSecretKey, looksLikeSecret, REDACTED, redactText, redactValue } from '../../tools/pull-request/redaction';

describe('redaction', () => {
  test.each(['password', 'db_password', 'passphrase', 'client_secret', 'secret_string', 'auth_token', 'sessionToken', 'private_key', 'api_key', 'credentials', 'DB_PASSWORD'])(
    'GIVEN the key %s THEN it names a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  test.each(['name', 'max_tokens', 'tokens_per_fill', 'token_bucket', 'kms_key_id', 'key_usage', 'description'])('GIVEN the key %s THEN it does not', (key) => expect(isSecretKey(key)).toBe(false));

  test.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['an AWS secret key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ])('GIVEN %s THEN the value looks like a secret', (_, value) => expect(looksLikeSecret(value)).toBe(true));

  test.each([
    ['an ARN', 'arn:aws:iam::123456789012:role/acme-dev-execution-role-with-a-long-name'],
    ['a reference', '${aws_s3_bucket.reports-bucket.arn}/*'],
    ['a hex digest', '7f6b73984e9c8bf8ad715e952208eda07f6b73984e9c8bf8ad715e952208eda0'],
    ['an asset path', 'assets/envoy-bundle/7F6B73984E9C8BF8AD715E952208EDA0'],
  ])('GIVEN %s THEN the value does not look like a secret', (_, value) => expect(looksLikeSecret(value)).toBe(false));

  test('GIVEN a value under a secret-named path segment THEN it is redacted, otherwise kept', () => {
    expect(redactValue(['container_definitions', 'app', 'environment', 'DB_PASSWORD', 'value'], 'hunter2')).toBe(REDACTED);
    expect(redactValue(['tags', 'note'], 'AKIAIOSFODNN7EXAMPLE')).toBe(REDACTED);
    expect(redactValue(['tags', 'note'], 'reports')).toBe('reports');
    expect(redactValue(['password'], undefined)).toBeUndefined();
  });

  test('GIVEN a rendered YAML file THEN inline and block secrets are redacted and nested secret blocks keep their structure', () => {
    const text = [
      'admin_token: s3cr3t',
      '- password: "p4ss"',
      'private_key:',
      '  filename: /etc/envoy/tls/key.pem',
      'client_secret: |',
      '  line-one',
      '  line-two',
      'max_tokens: 100',
      'note: AKIAIOSFODNN7EXAMPLE here',
    ].join('\n');
    expect(redactText(text)).toBe(
      [
        `admin_token: ${REDACTED}`,
        `- password: ${REDACTED}`,
        'private_key:',
        '  filename: /etc/envoy/tls/key.pem',
        'client_secret: |',
        `  ${REDACTED}`,
        `  ${REDACTED}`,
        'max_tokens: 100',
        `note: ${REDACTED} here`,
      ].join('\n'),
    );
  });
});
