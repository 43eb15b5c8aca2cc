import { findSecretSpans, judgeSecret, replaceSecretSpans, secretValueKind, shannonEntropy } from '../../lib/util/secret-detection';
import { isLiteralSecretValue, isSecretName, nameWords } from '../../lib/util/secret-names';
import { seededRandom } from '../helpers/seeded-random';

// Test material is assembled from parts so no file of the repository holds a credential-shaped literal.
const AWS_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
const PEM_BODY = 'MIIEowIBAAKCAQEA1x2y3z4AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef';
const pem = (label: string) => `-----BEGIN ${label}-----\n${PEM_BODY}\n-----END ${label}-----\n`;
const certificateBase64 = Buffer.from(pem('CERTIFICATE')).toString('base64');
const privateKeyBase64 = Buffer.from(pem('RSA PRIVATE KEY')).toString('base64');

/** Values that are credentials, with the kind the detector names. */
const TRUE_POSITIVE_VALUES: readonly [string, string, string][] = [
  ['a URL with a password', 'postgres://app:hunter2hunter2@db.internal:5432/app', 'password in a URL'],
  ['a Redis URL with only a password', 'redis://:s3cr3tpass@cache:6379', 'password in a URL'],
  ['a URL password inside text', 'connect with amqp://guest:guest@mq.internal/ please', 'password in a URL'],
  ['an RSA private key', pem('RSA PRIVATE KEY'), 'private key'],
  ['an EC private key', pem('EC PRIVATE KEY'), 'private key'],
  ['a DSA private key', pem('DSA PRIVATE KEY'), 'private key'],
  ['an OpenSSH private key', pem('OPENSSH PRIVATE KEY'), 'private key'],
  ['an encrypted private key', pem('ENCRYPTED PRIVATE KEY'), 'private key'],
  ['a PKCS#8 private key', pem('PRIVATE KEY'), 'private key'],
  ['a PGP private key block', pem('PGP PRIVATE KEY BLOCK'), 'private key'],
  ['only a private key header', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'private key'],
  ['a private key in base64', privateKeyBase64, 'private key (base64)'],
  ['an AWS access key id', ['AKIA', 'IOSFODNN7EXAMPLE'].join(''), 'AWS access key id'],
  ['a temporary AWS access key id', ['ASIA', 'Q3EGQ7WEXAMPLE12'].join(''), 'AWS access key id'],
  ['an AWS secret access key', AWS_SECRET, 'high-entropy token'],
  ['a GitHub token', `ghp_${'aB3'.repeat(12)}`, 'GitHub token'],
  ['a fine-grained GitHub token', `github_pat_${'11AbCdEfGh'.repeat(3)}`, 'GitHub token'],
  ['a Slack token', ['xoxb', '123456789012', 'AbCdEfGhIjKl'].join('-'), 'Slack token'],
  ['a Slack webhook', ['https://hooks.slack.com/services', 'T0ABCDEFG', 'B0ABCDEFG', 'AbCdEfGhIjKlMnOp'].join('/'), 'Slack webhook URL'],
  ['a JWT', ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.'), 'JSON web token'],
  ['a Stripe secret key', ['sk', 'live', 'AbCdEfGh12345678IjKl'].join('_'), 'Stripe key'],
  ['an npm token', `npm_${'AbC1'.repeat(9)}`, 'npm token'],
  ['a SendGrid key', ['SG', 'AbCdEfGhIjKlMnOpQrSt12', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg'].join('.'), 'SendGrid key'],
  ['a bearer token', `Bearer ${'Zx9'.repeat(8)}AbQ`, 'bearer token'],
  ['a random API key', 'Q2x9Vb7mT4pLk8Zr1Wc6Ny3Hs5Dg0Fj2', 'high-entropy token'],
  ['an AWS secret key with a short first path segment', ['Cy', 'Oh6SNdCoktg0rcEb8tT72kn8JOEsqZvDhkvCc'].join('/'), 'high-entropy token'],
  ['a libpq connection string', 'host=db user=app password=hunter2 dbname=app', 'password in a connection string'],
  ['an ADO.NET connection string', 'Server=db;Database=x;User Id=app;Password=Hunter2!;', 'password in a connection string'],
  ['an ODBC connection string', 'Driver={PostgreSQL};Server=db;Uid=app;Pwd={hunter 2};', 'password in a connection string'],
  ['a quoted password', "host=db password='hunter2'", 'password in a connection string'],
  ['a client secret in a query string', 'https://login.example.com/token?client_id=web&client_secret=hunter2', 'password in a connection string'],
  ['a Stripe restricted key', ['rk', 'live', 'AbCdEfGh12345678IjKl'].join('_'), 'Stripe key'],
];

/** Values that are not credentials, though some are long or random-looking. */
const TRUE_NEGATIVE_VALUES: readonly [string, string][] = [
  ['a plain word', 'reports'],
  ['a URL without user info', 'https://auth.example.com/oauth2/token'],
  ['a URL with only a user', 'ssh://git@github.com/acme/app.git'],
  ['a URL with a referenced password', 'postgres://app:${var.db_password}@db:5432/app'],
  ['a URL with an env password', 'postgres://app:$DB_PASSWORD@db:5432/app'],
  ['a URL with a port', 'https://api.example.com:8443/v1/items'],
  ['an e-mail address', 'ops@example.com'],
  ['an IAM role ARN', 'arn:aws:iam::123456789012:role/acme-dev-execution-role-with-a-long-name'],
  ['a Secrets Manager ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/Db9Password2024Xyz-AbC123'],
  ['a KMS key ARN', 'arn:aws:kms:eu-west-1:123456789012:key/5b0c9a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21'],
  ['a Terraform reference', '${aws_s3_bucket.reports-bucket.arn}/*'],
  ['a Terraform reference to a secret', '${aws_secretsmanager_secret_version.DbPassword2024SecretVersionXyz.secret_string}'],
  ['an image digest', `envoyproxy/envoy:v1.38.9@sha256:${'7f6b73984e9c8bf8ad715e952208eda0'.repeat(2)}`],
  ['a hex digest', '7f6b73984e9c8bf8ad715e952208eda07f6b73984e9c8bf8ad715e952208eda0'],
  ['a commit hash', '9be8d08a1c2f3e4d5b6a79881726354433221100'],
  ['a UUID', '5b0c9a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21'],
  ['an asset path', 'assets/envoy-bundle/7F6B73984E9C8BF8AD715E952208EDA0'],
  ['a public certificate', pem('CERTIFICATE')],
  ['a public key', pem('PUBLIC KEY')],
  ['a certificate in base64', certificateBase64],
  ['an SSH public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${'Kx9Lm2Nq7Rt4'.repeat(3)} ops@example.com`],
  ['an AWS role id (an identifier, not a credential)', ['AROA', 'XXXXXXXXXXXXXXXX'].join('')],
  ['a long CamelCase identifier', 'AcmeDevWebServiceTaskDefinitionRevision2024'],
  ['a kebab-case name with digits', 'acme-dev-web-2024-blue-green-deployment-group-01'],
  ['a base64 integrity hash', `sha512-${'AbCdEfGh12345678'.repeat(4)}==`],
  ['an Envoy duration', '5s'],
  ['a connection string with a referenced password', 'host=db user=app password=${DB_PASSWORD}'],
  ['a connection string with a templated password', 'Server=db;User Id=app;Password={{ .Password }};'],
  ['a connection string with an env password', 'host=db password=$PGPASSWORD'],
  ['a connection string with an empty password', 'Server=db;User Id=app;Password=;'],
  ['a setting about a password', 'password_min_length=12 secret_name=db'],
  ['a Stripe publishable live key', ['pk', 'live', '51HqLyjWDarjtT1zdp7dcXk2nRq0WxBvYtC9mHkVq3Lr8sPzN4aJ6fGt'].join('_')],
  ['a Stripe publishable test key', ['pk', 'test', 'TYooMQauvdEDq54NiTphI7jx2Xz9VbN3qW8Ke1Lm'].join('_')],
  ['an SSM agent path', '/var/lib/amazon/ssm'],
  ['the Envoy config path', '/etc/envoy/envoy.yaml'],
  ['an ALB log prefix', 'logs/alb/AWSLogs/123456789012/'],
  ['a long ALB log key', 'logs/alb/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/01/01/'],
  ['an S3 asset key with a hash', 'assets/EnvoyBundleWeb/7F6B73984E9C8BF8AD715E952208EDA0/archive.zip'],
];

/** Names that mean a credential. */
const SECRET_NAMES = [
  'PASSWORD',
  'DB_PASSWORD',
  'dbPassword',
  'db-password',
  'DBPassword',
  'dbpassword',
  'PASS',
  'SMTP_PASS',
  'PASSWD',
  'MYSQL_PWD',
  'PASSPHRASE',
  'SECRET',
  'client_secret',
  'clientSecret',
  'JWT_SECRET',
  'TOKEN',
  'GITHUB_TOKEN',
  'authToken',
  'access_token',
  'sessionToken',
  'API_KEY',
  'apiKey',
  'apikey',
  'PRIVATE_KEY',
  'privateKey',
  'ACCESS_KEY',
  'SECRET_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'ENCRYPTION_KEY',
  'SIGNING_KEY',
  'LICENSE_KEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'GOOGLE_CREDENTIALS',
  'creds',
  // the head noun (the last word) decides, whatever qualifies it
  'PRIMARY_DB_PASSWORD',
  'REDIS_CACHE_PASSWORD',
  'HMAC_HASH_SECRET',
  'PUBLIC_API_TOKEN',
  'MAX_RETRY_PASSWORD',
  'KMS_ENCRYPTION_SECRET',
  'DB_PASSWORD_2',
  'API_KEY_V2',
  'SECRET_KEY_BASE',
  'STRIPE_API_KEY',
  'SSH_PRIVATE_KEY',
];

/** Names that sound like one and are not. */
const NOT_SECRET_NAMES = [
  'max_tokens',
  'tokens_per_fill',
  'token_bucket',
  'http_tokens',
  'tokenEndpointTimeout',
  'token_url',
  'TOKEN_TTL_SECONDS',
  'public_key',
  'publicKey',
  'key_name',
  'kms_key_id',
  'kmsKeyArn',
  'kms_master_key_id',
  'keyPrefix',
  'cache_key',
  'partition_key',
  'sort_key',
  'hash_key',
  'runtime_key',
  'object_key',
  'idempotency_key',
  'key_pair',
  'key_usage',
  'customer_master_key_spec',
  'secret_name',
  'secretName',
  'SECRET_ARN',
  'secrets',
  'password_file',
  'PASSWORD_MIN_LENGTH',
  'api_key_source',
  'api_key_required',
  'pass_through_matcher',
  'name',
  'description',
  'keyboard_layout',
  'monkey',
  'bypass_cache',
  'AUTH_URL',
  'OAUTH_ISSUER',
  'authorization',
  // a credential word that is not the head noun
  'TOKEN_ISSUER',
  'TOKEN_AUDIENCE',
  'TOKEN_LEEWAY',
  'SESSION_TOKEN_COOKIE',
  'SECRET_SCANNING',
  'TOKEN_STORE',
  'PASSWORD_POLICY',
  'primary_key',
  'STRIPE_PUBLISHABLE_KEY',
  'tag_key',
];

/** Values a secret name may hold: not the credential itself. */
const NOT_LITERAL = [
  undefined,
  null,
  100,
  true,
  '',
  '   ',
  'true',
  'false',
  '${var.db_password}',
  '{{ .Password }}',
  '$DB_PASSWORD',
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123',
  '/run/secrets/db',
  'https://vault.internal/v1/db',
];

describe('the secret detector corpus', () => {
  test.each(TRUE_POSITIVE_VALUES)('GIVEN %s THEN the value is a credential', (_, value, kind) => {
    expect(secretValueKind(value)).toBe(kind);
  });

  test.each(TRUE_NEGATIVE_VALUES)('GIVEN %s THEN the value is not a credential', (_, value) => {
    expect(findSecretSpans(value)).toEqual([]);
  });

  test.each(SECRET_NAMES)('GIVEN the name %s THEN it means a credential', (name) => expect(isSecretName(name)).toBe(true));

  test.each(NOT_SECRET_NAMES)('GIVEN the name %s THEN it does not', (name) => expect(isSecretName(name)).toBe(false));

  test.each(NOT_LITERAL.map((value) => [JSON.stringify(value) ?? 'undefined', value]))('GIVEN a secret name holding %s THEN it is not a plaintext credential', (_, value) => {
    expect(isLiteralSecretValue(value)).toBe(false);
    expect(judgeSecret('DB_PASSWORD', value)).toBeUndefined();
  });

  test('GIVEN literal values under secret names THEN they are judged credentials, a PIN included', () => {
    expect(judgeSecret('DB_PASSWORD', 'hunter2hunter2')).toBe('"DB_PASSWORD" names a credential and holds a literal value');
    expect(judgeSecret('PIN_PASSWORD', '123456')).toBeDefined();
    expect(judgeSecret('max_tokens', '100')).toBeUndefined();
    expect(judgeSecret('note', ['AKIA', 'IOSFODNN7EXAMPLE'].join(''))).toBe('looks like an AWS access key id');
  });

  test('GIVEN names in every case style THEN they split into the same words', () => {
    for (const name of ['dbPassword', 'DB_PASSWORD', 'db-password', 'DBPassword', 'db.password']) expect(nameWords(name)).toEqual(['db', 'password']);
    expect(nameWords('kmsKeyArn')).toEqual(['kms', 'key', 'arn']);
  });

  test('GIVEN text with several credentials THEN each span is replaced and the rest is kept', () => {
    const key = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
    expect(replaceSecretSpans(`id ${key} and ${AWS_SECRET} end`, '(x)')).toBe('id (x) and (x) end');
    expect(replaceSecretSpans(`before\n${pem('RSA PRIVATE KEY')}after`, '(x)')).toBe('before\n(x)\nafter');
    expect(replaceSecretSpans('Server=db;User Id=app;Password=Hunter2!;Pwd={p w}', '(x)')).toBe('Server=db;User Id=app;Password=(x);Pwd=(x)');
  });

  test('GIVEN random and regular text THEN the entropy orders them', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy(AWS_SECRET)).toBeGreaterThan(4.0);
    expect(shannonEntropy('AcmeDevWebServiceTaskDefinitionRevision2024')).toBeLessThan(4.5);
  });

  test('GIVEN 10,000 random 40-character AWS secret access keys under a neutral name THEN every one is judged a credential', () => {
    // A fixed seed makes the sample the same on every run; the alphabet is that of AWS secret access keys.
    const random = seededRandom(16);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
    const missed: string[] = [];
    for (let i = 0; i < 10000; i += 1) {
      const key = Array.from({ length: 40 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (judgeSecret('NOTE', key) === undefined) missed.push(key);
    }
    expect(missed).toEqual([]);
  });

  test.each([
    ['many dots', 'a.'.repeat(130000)],
    ['many PEM headers without an end', '-----BEGIN RSA PRIVATE KEY-----'.repeat(8000)],
    ['many certificate headers', '-----BEGIN CERTIFICATE-----'.repeat(9000)],
    ['an identifier part that almost matches', `A1-${'a'.repeat(60)}+`],
    ['a long run of JWT prefixes', 'eyJ'.repeat(80000)],
    ['many password keys', 'password = '.repeat(23000)],
    ['many spaces after a password key', `password=${' '.repeat(250000)}x`],
  ])('GIVEN a hostile value of about 250 KB (%s) THEN it is judged in well under a second', (_, value) => {
    const started = process.hrtime.bigint();
    findSecretSpans(value);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1500);
  });
});
