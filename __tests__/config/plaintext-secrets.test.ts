import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { ConfigError } from '../../lib/config/config-error';
import { parseEnvironment } from '../../lib/config/loader';
import { ecsNoPlaintextSecrets } from '../../lib/guardrails/rules/ecs-no-plaintext-secrets';
import { scanForSecrets } from '../../lib/guardrails/secret-scan';
import { REDACTED, redactText, redactValue } from '../../tools/review/redaction';
import { verdictsOf } from '../guardrails/stack-fixture';
import { baseEnvironmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';

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
  try {
    parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
}

/** The rule's verdict on one container with these environment entries. */
function ruleVerdicts(environment: { name: string; value: string }[]): string[] {
  const containers = [{ name: 'app', readonlyRootFilesystem: true, user: '1000:1000', logConfiguration: { logDriver: 'awslogs' }, environment }];
  return verdictsOf(ecsNoPlaintextSecrets, [{ type: 'aws_ecs_task_definition', name: 't', values: { container_definitions: JSON.stringify(containers) } }]);
}

function scanOf(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-consumers-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return scanForSecrets(dir);
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

    expect(ruleVerdicts([{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }])).toEqual([
      't: non-compliant (secret-looking environment variables: app.DB_PASSWORD)',
    ]);
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
    expect(ruleVerdicts([{ name: 'MAX_TOKENS', value: '100' }, { name: 'DB_PASSWORD', value: '${var.db_password}' }])).toEqual(['t: compliant']);
    const bundle = 'token_bucket:\n  max_tokens: 100\n  tokens_per_fill: 10\n  fill_interval: 1s\n';
    expect(scanOf({ 'web.yaml': bundle })).toEqual([]);
    expect(redactText(bundle)).toBe(bundle);
    expect(redactValue(['token_bucket', 'max_tokens'], 100)).toBe(100);
  });

  test.each([
    ['a URL with a password in a service variable', `services:\n  web:\n    image: ${IMAGE}\n    ingress: none\n    environment:\n      DATABASE_URL: postgres://app:hunter2hunter2@db:5432/app\n`, 'DATABASE_URL', 21, 'services.web.environment.DATABASE_URL', /a plaintext secret \(looks like a password in a URL\): .*services\.web\.secrets\.DATABASE_URL instead$/],
    ['a secret-named tag', 'tags:\n  api-key: Q2x9Vb7m\n', 'api-key', 12, 'tags.api-key', /a plaintext secret \("api-key" names a credential and holds a literal value\): tags are copied onto every resource.*services\.<name>\.secrets\)$/],
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
});
