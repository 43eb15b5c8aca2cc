import * as fs from 'fs';
import * as path from 'path';
import { scanForSecrets } from '../../lib/guardrails/secret-scan';
import { scratchDir } from '../helpers/scratch';

// Assembled from parts so no file of the repository holds a credential-shaped literal.
const AWS_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

function folderWith(files: Record<string, string>): string {
  const dir = scratchDir('secret-scan-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('scanForSecrets', () => {
  test('GIVEN clean output with references, ARNs and an http_tokens setting THEN nothing is found', () => {
    const dir = folderWith({
      'stacks/dev/cdk.tf.json': JSON.stringify({
        resource: {
          aws_launch_template: { lt: { metadata_options: { http_tokens: 'required' } } },
          aws_ecs_task_definition: {
            t: { container_definitions: JSON.stringify([{ secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' }] }]) },
          },
        },
      }),
      'envoy/web.yaml': 'static_resources:\n  secrets:\n    - name: token_secret\n      generic_secret:\n        secret:\n          environment_variable: OAUTH_TOKEN\n',
    });
    expect(scanForSecrets(dir)).toEqual([]);
  });

  test.each([
    [
      'a PEM private key in a resource',
      { 'a.json': JSON.stringify({ resource: { x: { y: { key: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' } } } }) },
      'a.json',
      'resource.x.y.key',
      'looks like a private key',
    ],
    [
      'an access key id inside container definitions',
      { 'a.json': JSON.stringify({ c: JSON.stringify([{ environment: [{ name: 'X', value: 'AKIAABCDEFGHIJKLMNOP' }] }]) }) },
      'a.json',
      'c[0].environment[0].value',
      'looks like an AWS access key id',
    ],
    [
      'a literal password in a container environment entry',
      { 'a.json': JSON.stringify({ c: JSON.stringify([{ environment: [{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }] }]) }) },
      'a.json',
      'c[0].environment[0].value',
      '"DB_PASSWORD" names a credential and holds a literal value',
    ],
    [
      'a literal password',
      { 'a.json': JSON.stringify({ provider: { db: { password: 'hunter22hunter22' } } }) },
      'a.json',
      'provider.db.password',
      '"password" names a credential and holds a literal value',
    ],
    [
      'an AWS secret key under a secret-named key',
      { 'b.yaml': 'aws:\n  secret_key_value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' },
      'b.yaml',
      'aws.secret_key_value',
      'looks like a high-entropy token',
    ],
    ['a GitHub token in a plain file', { 'notes.txt': `\n\ntoken ghp_${'a'.repeat(36)}\n` }, 'notes.txt', 'line 3', 'looks like a GitHub token'],
  ])('GIVEN %s THEN the file and key path are named', (_, files, file, keyPath, reason) => {
    expect(scanForSecrets(folderWith(files))).toEqual([{ file, keyPath, reason }]);
  });

  test('GIVEN a certificate in a plain file, tag entries and rate-limit settings THEN nothing is found', () => {
    const body = Array.from({ length: 4 }, (_, i) => `MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ${i}`).join('\n');
    const dir = folderWith({
      'ca.pem': `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
      'a.json': JSON.stringify({ tag: [{ key: 'k8s.io/cluster-autoscaler/enabled', value: 'true' }], token_bucket: { max_tokens: 100, tokens_per_fill: 10 } }),
    });
    expect(scanForSecrets(dir)).toEqual([]);
  });

  // A construct id of a generated name, as cdktf writes it: short words, digits and an upper-case hash.
  const ADDRESS = 'aws_iam_role_policy_attachment.eks_node-role_AmazonEC2ContainerRegistryReadOnly_F0AC78AC';
  const PATH = 'k8s-dev-platform/ecs/service-k8s-api/roles/execution-document';
  const UNIQUE_ID = 'ecs_proxy-secrets_acme-k8s-dev-envoy-tls-has-value_822EDAFD';

  test('GIVEN Terraform JSON whose metadata, depends_on, provider alias, lifecycle and moved/import blocks hold generated addresses THEN nothing is found', () => {
    const dir = folderWith({
      'stacks/k8s-dev-platform/cdk.tf.json': JSON.stringify({
        '//': { metadata: { stackName: 'k8s-dev-platform' }, outputs: { 'k8s-dev-platform': { [UNIQUE_ID]: UNIQUE_ID } } },
        resource: {
          aws_ecs_service: {
            s: {
              '//': { metadata: { path: PATH, uniqueId: UNIQUE_ID } },
              depends_on: [ADDRESS],
              provider: `aws.${UNIQUE_ID}`,
              lifecycle: { ignore_changes: [`${ADDRESS}.name`], replace_triggered_by: [ADDRESS] },
            },
          },
        },
        data: { aws_iam_policy_document: { d: { '//': { metadata: { path: PATH, uniqueId: UNIQUE_ID } }, depends_on: [ADDRESS] } } },
        moved: [{ from: ADDRESS, to: `${ADDRESS}X` }],
        import: [{ to: ADDRESS, id: 'web' }],
        output: { o: { value: 'x', depends_on: [ADDRESS] } },
      }),
      'manifest.json': JSON.stringify({ stacks: { 'k8s-dev-platform': { constructPath: PATH, name: UNIQUE_ID } } }),
    });
    expect(scanForSecrets(dir)).toEqual([]);
  });

  test.each([
    ['a resource argument beside its metadata', { resource: { aws_ecs_service: { s: { '//': { metadata: { path: PATH } }, name: AWS_SECRET } } } }, 'resource.aws_ecs_service.s.name'],
    ['the provider block', { provider: { aws: [{ secret_key: AWS_SECRET }] } }, 'provider.aws[0].secret_key'],
    ['an output value', { output: { o: { value: AWS_SECRET, depends_on: [ADDRESS] } } }, 'output.o.value'],
    ['the id of an import block', { import: [{ to: ADDRESS, id: AWS_SECRET }] }, 'import[0].id'],
    ['a lifecycle precondition', { resource: { t: { r: { lifecycle: { precondition: [{ error_message: AWS_SECRET }] } } } } }, 'resource.t.r.lifecycle.precondition[0].error_message'],
  ])('GIVEN a high-entropy secret in %s of Terraform JSON THEN it is still found', (_, document, keyPath) => {
    const dir = folderWith({ 'stacks/s/cdk.tf.json': JSON.stringify(document) });
    expect(scanForSecrets(dir)).toEqual([{ file: path.join('stacks', 's', 'cdk.tf.json'), keyPath, reason: 'looks like a high-entropy token' }]);
  });

  test("GIVEN names joined from the environment file's identifiers (a WAF metric name) THEN they are not judged as tokens, while a token beside one still is", () => {
    // Generated from names a person gave (project coxctp7-un4, environment q4kem3): what the property test found in WAF metric names.
    const metric = 'coxctp7-un4-q4kem3-edge-AWSManagedRulesKnownBadInputsRuleSet';
    const token = ['q8Zr2Lk9', 'Xv4Tn7Wp', '3Ym6Hs1D', 'b5Nc0Gt2'].join('');
    const dir = folderWith({
      'stacks/q4kem3-platform/cdk.tf.json': JSON.stringify({
        resource: { aws_wafv2_web_acl: { acl: { visibility_config: { metric_name: metric }, description: `${metric} ${token}` } } },
      }),
    });
    const identifiers = ['q4kem3', 'coxctp7-un4', 'coxctp7-un4-q4kem3'];
    expect(scanForSecrets(dir, undefined, undefined, identifiers)).toEqual([
      { file: 'stacks/q4kem3-platform/cdk.tf.json', keyPath: 'resource.aws_wafv2_web_acl.acl.description', reason: 'looks like a high-entropy token' },
    ]);
    // Without the identifiers the generated name itself is refused: the case the scan must not refuse.
    expect(scanForSecrets(dir).map((hit) => hit.keyPath)).toContain('resource.aws_wafv2_web_acl.acl.visibility_config.metric_name');
  });

  test('GIVEN a "//" key or depends_on in a JSON file that is not Terraform JSON THEN its values are judged', () => {
    const dir = folderWith({ 'envoy/bundle.json': JSON.stringify({ '//': AWS_SECRET, depends_on: [AWS_SECRET] }) });
    expect(scanForSecrets(dir).map((hit) => hit.keyPath)).toEqual(['//', 'depends_on[0]']);
  });
});
