import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { ecsNoPlaintextSecrets } from '../../lib/guardrails/rules/ecs-no-plaintext-secrets';
import { renderPolicyReport } from '../../lib/guardrails/policy-report';
import { scanForSecrets } from '../../lib/guardrails/secret-scan';
import { REDACTED, redactText, redactValue } from '../../tools/pull-request/redaction';
import { verdictsOf } from '../guardrails/stack-fixture';
import { baseEnvironmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { rejectionLines } from '../helpers/config-problems';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/db-AbC123';

/** The base document with `extra` appended as YAML text, so the positions below are the file's own. */
function environmentText(extra: string): string {
  return `${stringify(baseEnvironmentDocument())}${extra}`;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

function problemsOf(text: string): string[] {
  return rejectionLines(() => parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY }), 'allowed');
}

/** The rule's verdict on one container with these environment entries. */
function ruleVerdicts(environment: { name: string; value: string }[], reviewedNotSecretNames?: ReadonlySet<string>): string[] {
  const containers = [{ name: 'app', readonlyRootFilesystem: true, user: '1000:1000', logConfiguration: { logDriver: 'awslogs' }, environment }];
  const resources = [{ type: 'aws_ecs_task_definition', name: 't', values: { container_definitions: JSON.stringify(containers) } }];
  return verdictsOf(ecsNoPlaintextSecrets, resources, reviewedNotSecretNames ? { reviewedNotSecretNames } : undefined);
}

/** A service `web` with these environment lines (YAML, indented under `environment:`), and `more` YAML after it. */
function serviceText(environment: string, more = ''): string {
  return environmentText(`services:\n  web:\n    image: ${IMAGE}\n    ingress: none\n    environment:\n${environment}${more}`);
}

/** The column where `needle`'s value starts on its line (1-based), as the loader reports it. */
function valueColumn(text: string, needle: string): number {
  const line = text.split('\n')[lineOf(text, needle) - 1];
  return line.indexOf(': ', line.indexOf(needle)) + 3;
}

const REASON = 'the id (kid) of the signing key, published in the JWKS; not key material';

function scanOf(files: Record<string, string>, reviewedNames?: ReadonlySet<string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-consumers-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return scanForSecrets(dir, undefined, reviewedNames);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('plaintext secrets in an environment file', () => {
  test('GIVEN DB_PASSWORD: hunter2hunter2 THEN the loader refuses it at file:line:col, the rule flags it, the scan finds it and the review redacts it', () => {
    const text = environmentText(`services:\n  web:\n    image: ${IMAGE}\n    ingress: none\n    environment:\n      DB_PASSWORD: hunter2hunter2\n`);
    const line = lineOf(text, 'DB_PASSWORD');
    expect(problemsOf(text)).toEqual([
      `environments/bad.yaml:${line}:20: services.web.environment.DB_PASSWORD: a plaintext secret ("DB_PASSWORD" names a credential and holds a literal value): ` +
        "environment values are readable by anyone who can describe the task definition; store it in Secrets Manager and put the secret's ARN under services.web.secrets.DB_PASSWORD instead",
    ]);
    expect(problemsOf(text).join('\n')).not.toContain('hunter2');

    expect(ruleVerdicts([{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }])).toEqual(['t: non-compliant (secret-looking environment variables: app.DB_PASSWORD)']);
    const definitions = JSON.stringify([{ name: 'app', environment: [{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }] }]);
    expect(scanOf({ 'cdk.tf.json': JSON.stringify({ resource: { t: { container_definitions: definitions } } }) })).toEqual([
      { file: 'cdk.tf.json', keyPath: 'resource.t.container_definitions[0].environment[0].value', reason: '"DB_PASSWORD" names a credential and holds a literal value' },
    ]);
    expect(redactValue(['container_definitions', 'app', 'environment', 'DB_PASSWORD', 'value'], 'hunter2hunter2')).toBe(REDACTED);
    expect(redactText('environment:\n  - name: DB_PASSWORD\n    value: hunter2hunter2\n  DB_PASSWORD: hunter2hunter2')).toBe(
      `environment:\n  - name: DB_PASSWORD\n    value: ${REDACTED}\n  DB_PASSWORD: ${REDACTED}`,
    );
  });

  test('GIVEN max_tokens and other counts THEN they are accepted at load, not flagged, not found and not redacted', () => {
    const text = environmentText(
      `services:\n  web:\n    image: ${IMAGE}\n    ingress: none\n    environment:\n      MAX_TOKENS: "100"\n      TOKEN_URL: https://login.example.com/oauth2/token\n` +
        `      DB_PASSWORD_FILE: /run/secrets/db\n    secrets:\n      DB_PASSWORD: ${SECRET_ARN}\n` +
        'envoy:\n  overrides:\n    oauth2:\n      tokenEndpointTimeout: 5s\n      forwardBearerToken: true\n',
    );
    expect(problemsOf(text)).toEqual([]);
    expect(
      ruleVerdicts([
        { name: 'MAX_TOKENS', value: '100' },
        { name: 'DB_PASSWORD', value: '${var.db_password}' },
      ]),
    ).toEqual(['t: compliant']);
    const bundle = 'token_bucket:\n  max_tokens: 100\n  tokens_per_fill: 10\n  fill_interval: 1s\n';
    expect(scanOf({ 'web.yaml': bundle })).toEqual([]);
    expect(redactText(bundle)).toBe(bundle);
    expect(redactValue(['token_bucket', 'max_tokens'], 100)).toBe(100);
  });

  test.each([
    [
      'a URL with a password in a service variable',
      `services:\n  web:\n    image: ${IMAGE}\n    ingress: none\n    environment:\n      DATABASE_URL: postgres://app:hunter2hunter2@db:5432/app\n`,
      'DATABASE_URL',
      21,
      'services.web.environment.DATABASE_URL',
      /a plaintext secret \(looks like a password in a URL\): .*services\.web\.secrets\.DATABASE_URL instead$/,
    ],
    [
      'a secret-named tag',
      'tags:\n  api-key: Q2x9Vb7m\n',
      'api-key',
      12,
      'tags.api-key',
      /a plaintext secret \("api-key" names a credential and holds a literal value\): tags are copied onto every resource.*services\.<name>\.secrets\)$/,
    ],
    ['an access key id in a tag', `tags:\n  note: ${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}\n`, 'note:', 9, 'tags.note', /a plaintext secret \(looks like an AWS access key id\): tags are/],
    [
      'a token in an Envoy override',
      'envoy:\n  overrides:\n    oauth2:\n      authToken: Zx9Zx9Zx9Zx9\n',
      'authToken',
      18,
      'envoy.overrides.oauth2.authToken',
      /a plaintext secret \("authToken" names a credential and holds a literal value\): template values are rendered into the Envoy bundle in plain text; .*envoy\.tls\.secretName/,
    ],
  ])('GIVEN %s THEN it is refused at its file:line:col naming Secrets Manager', (_, extra, needle, column, keyPath, message) => {
    const text = environmentText(extra);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`environments/bad.yaml:${lineOf(text, needle)}:${column}: ${keyPath}: `)).toBe(true);
    expect(problems[0]).toMatch(message);
  });

  test.each([
    ['PRIMARY_DB_PASSWORD', 'hunter2hunter2', '"PRIMARY_DB_PASSWORD" names a credential and holds a literal value'],
    ['REDIS_CACHE_PASSWORD', 'hunter2hunter2', '"REDIS_CACHE_PASSWORD" names a credential and holds a literal value'],
    ['HMAC_HASH_SECRET', 'hunter2hunter2', '"HMAC_HASH_SECRET" names a credential and holds a literal value'],
    ['DATABASE_DSN', '"host=db user=app password=hunter2"', 'looks like a password in a connection string'],
    ['SQLSERVER', '"Server=db;Database=x;User Id=app;Password=Hunter2!;"', 'looks like a password in a connection string'],
  ])('GIVEN %s in a service environment THEN the loader refuses it at its file:line:col', (variable, value, reason) => {
    const text = serviceText(`      ${variable}: ${value}\n`);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`environments/bad.yaml:${lineOf(text, variable)}:${valueColumn(text, variable)}: services.web.environment.${variable}: a plaintext secret (${reason}): `);
    expect(problems[0]).not.toMatch(/hunter2/i);
  });

  test('GIVEN names whose last word is not a credential and a Stripe publishable key THEN the loader accepts them', () => {
    const publishable = ['pk', 'live', '51HqLyjWDarjtT1zdp7dcXk2nRq0WxBvYtC9mHkVq3Lr8sPzN4aJ6fGt'].join('_');
    const text = serviceText(
      '      TOKEN_ISSUER: acme-identity-provider\n      TOKEN_AUDIENCE: acme-web\n      SESSION_TOKEN_COOKIE: acme-session\n' +
        `      PASSWORD_MIN_LENGTH: "12"\n      STRIPE_PUBLISHABLE_KEY: ${publishable}\n      DATABASE_DSN: host=db user=app password=\${DB_PASSWORD}\n`,
    );
    expect(problemsOf(text)).toEqual([]);
  });

  describe('guardrails.notSecrets', () => {
    const signingKeyId = '      SIGNING_KEY: rotated-weekly-by-kid\n';
    const entry = (key: string, reason = REASON) => `guardrails:\n  notSecrets:\n    - key: ${key}\n      reason: ${reason}\n`;

    test('GIVEN a value refused for its name alone and a reviewed entry for its key THEN the loader, the rule and the scan accept it', () => {
      expect(problemsOf(serviceText(signingKeyId))).toHaveLength(1);
      const text = serviceText(signingKeyId, entry('services.web.environment.SIGNING_KEY'));
      expect(problemsOf(text)).toEqual([]);
      const config = parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY });
      const reviewed = new Set(['SIGNING_KEY']);
      expect(ruleVerdicts([{ name: 'SIGNING_KEY', value: 'rotated-weekly-by-kid' }])).toEqual(['t: non-compliant (secret-looking environment variables: app.SIGNING_KEY)']);
      expect(ruleVerdicts([{ name: 'SIGNING_KEY', value: 'rotated-weekly-by-kid' }], reviewed)).toEqual(['t: compliant']);
      const definitions = JSON.stringify([{ name: 'app', environment: [{ name: 'SIGNING_KEY', value: 'rotated-weekly-by-kid' }] }]);
      expect(scanOf({ 'cdk.tf.json': JSON.stringify({ resource: { t: { container_definitions: definitions } } }) }, reviewed)).toEqual([]);
      expect(renderPolicyReport([], [{ environment: 'bad', key: config.guardrails.notSecrets[0].key, reason: REASON, origin: config.locate(['guardrails', 'notSecrets', 0]) }])).toContain(
        `| bad | \`services.web.environment.SIGNING_KEY\` | environments/bad.yaml:${lineOf(text, '- key:')}:7: guardrails.notSecrets[0] | ${REASON} |`,
      );
    });

    test('GIVEN a reviewed entry for a value refused for its shape THEN the value is still refused and the entry is named as unable to overrule it', () => {
      const key = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
      const text = serviceText(`      SIGNING_KEY: ${key}\n`, entry('services.web.environment.SIGNING_KEY'));
      const problems = problemsOf(text);
      expect(problems).toHaveLength(2);
      expect(problems).toContainEqual(expect.stringMatching(/services\.web\.environment\.SIGNING_KEY: a plaintext secret \(looks like an AWS access key id\)/));
      expect(problems).toContainEqual(
        `environments/bad.yaml:${lineOf(text, '- key:')}:${valueColumn(text, '- key')}: guardrails.notSecrets[0].key: services.web.environment.SIGNING_KEY is refused for its value's shape ` +
          '(looks like an AWS access key id), which no entry can overrule: a reviewer can vouch for a name, not for key material; move the value to Secrets Manager',
      );
      expect(problems.join('\n')).not.toContain(key);
    });

    test('GIVEN a reviewed entry that matches no refused value THEN it is stale and refused at its own line:col', () => {
      const text = serviceText('      TOKEN_ISSUER: acme-identity-provider\n', entry('services.web.environment.TOKEN_ISSUER'));
      expect(problemsOf(text)).toEqual([
        `environments/bad.yaml:${lineOf(text, '- key:')}:${valueColumn(text, '- key')}: guardrails.notSecrets[0].key: services.web.environment.TOKEN_ISSUER matches no value refused for its name; remove the entry`,
      ]);
    });

    test('GIVEN a reviewed entry with a short reason THEN it is refused like a suppression', () => {
      const text = serviceText(signingKeyId, entry('services.web.environment.SIGNING_KEY', 'fine'));
      expect(problemsOf(text)).toContainEqual(expect.stringMatching(/guardrails\.notSecrets\[0\]\.reason: expected a written reason of at least 20 characters/));
    });
  });
});
