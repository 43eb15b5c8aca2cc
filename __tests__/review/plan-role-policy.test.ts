import * as fs from 'fs';
import * as path from 'path';
import { PLAN_PROVIDER_ACTIONS, PLAN_REFRESH_ACTIONS } from '../../tools/deploy/plan-refresh-actions';
import { exampleStacks } from '../helpers/example-synth';

/**
 * The PR plan role's inline policy (docs/policies/plan-role-policy.json, next to the AWS managed ReadOnlyAccess):
 * any branch pusher's pull request can assume it, so it must not read data (object contents, parameter and secret
 * values, table items, log events, code, image layers), while `terraform plan` of every stack still refreshes: no
 * action the refresh of a synthesized type needs is denied (tools/deploy/plan-refresh-actions.ts).
 */
const root = path.resolve(__dirname, '../..');
const POLICY_FILE = 'docs/policies/plan-role-policy.json';
const STATE_OBJECT = 'arn:aws:s3:::<state-bucket>/dev/platform.tfstate';
const STATE_KEY = '<state-kms-key-arn>';

interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: unknown;
}
const policy = JSON.parse(fs.readFileSync(path.join(root, POLICY_FILE), 'utf8')) as { Version: string; Statement: Statement[] };
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** IAM wildcard matching: `*` any run of characters, `?` one; actions case-insensitively. */
const matches = (patterns: readonly string[], value: string, ignoreCase: boolean) =>
  patterns.some((p) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      ignoreCase ? 'i' : '',
    ).test(value),
  );

/** The Deny statement that denies `action` on `resource`, if any (none of them has a condition). */
function denying(action: string, resource: string): Statement | undefined {
  return policy.Statement.find(
    (s) =>
      s.Effect === 'Deny' &&
      (s.Action ? matches(list(s.Action), action, true) : !matches(list(s.NotAction), action, true)) &&
      (s.Resource ? matches(list(s.Resource), resource, false) : !matches(list(s.NotResource), resource, false)),
  );
}
/** Some resource of the action's service that is not the state (the refresh reads the platform's resources). */
const anyResource = (action: string) => `arn:aws:${action.split(':')[0]}:eu-west-1:123456789012:resource/platform-thing`;

const DATA_READS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'kms:Decrypt',
  'lambda:GetFunction',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'athena:GetQueryResults',
];

describe('the PR plan role policy', () => {
  test('GIVEN the policy THEN it is valid IAM JSON and every data-plane read is denied on any resource but the state', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) expect([s.Sid, s.Condition, list(s.Action).length > 0, (s.Resource === undefined) !== (s.NotResource === undefined)]).toEqual([s.Sid, undefined, true, true]);
    for (const action of DATA_READS) expect([action, denying(action, anyResource(action))?.Sid]).toEqual([action, expect.any(String)]);
    // The S3 objects of another bucket, and the state bucket's other objects, are denied too.
    for (const object of ['arn:aws:s3:::<state-bucket>/notes/export.csv', 'arn:aws:s3:::acme-dev-alb-logs/AWSLogs/x.log.gz']) expect(denying('s3:GetObject', object)).toBeDefined();
  });

  test('GIVEN the exceptions THEN they are the state objects and the state key, by ARN, never a wildcard resource', () => {
    expect(denying('s3:GetObject', STATE_OBJECT)).toBeUndefined();
    expect(denying('s3:GetObject', 'arn:aws:s3:::<state-bucket>/stg/bootstrap.tfstate')).toBeUndefined();
    expect(denying('kms:Decrypt', STATE_KEY)).toBeUndefined();
    const exceptions = policy.Statement.flatMap((s) => list(s.NotResource));
    expect(exceptions.sort()).toEqual(['<state-kms-key-arn>', 'arn:aws:s3:::<state-bucket>/*.tfstate']);
    for (const s of policy.Statement.filter((st) => st.Effect === 'Allow')) {
      expect(list(s.Resource)).not.toContain('*');
      for (const action of list(s.Action)) expect(action).not.toMatch(/^\*$|:\*$|^\*:/);
      expect(s.NotAction).toBeUndefined();
    }
  });

  test('GIVEN every type the example environments synthesize THEN its refresh actions are listed and none is denied; the backend reads the state', () => {
    const types = new Set<string>();
    for (const file of fs.readdirSync(path.join(root, 'environments')).filter((f) => f.endsWith('.yaml'))) {
      const stacks = exampleStacks(file.replace(/\.yaml$/, ''));
      for (const stack of [stacks.platform, stacks.bootstrap]) {
        for (const r of stack.resources()) types.add(r.type);
        for (const d of stack.dataSources()) types.add(`data.${d.type}`);
      }
    }
    expect(types.size).toBeGreaterThan(50);
    expect(types).toContain('aws_secretsmanager_secret');
    expect([...types].filter((t) => !(t in PLAN_REFRESH_ACTIONS)).sort()).toEqual([]);
    const needed = [...new Set([...[...types].flatMap((t) => PLAN_REFRESH_ACTIONS[t]), ...PLAN_PROVIDER_ACTIONS])];
    expect(needed.filter((action) => denying(action, anyResource(action)) !== undefined)).toEqual([]);
    // The S3 backend: the state object and its key.
    expect([denying('s3:GetObject', STATE_OBJECT), denying('kms:Decrypt', STATE_KEY), denying('s3:ListBucket', 'arn:aws:s3:::<state-bucket>')]).toEqual([undefined, undefined, undefined]);
    // The secret-value guard lists versions; the refresh of a secret or a key never needs a value or a decryption.
    expect(PLAN_REFRESH_ACTIONS['data.aws_secretsmanager_secret_versions']).toEqual(['secretsmanager:ListSecretVersionIds']);
  });

  test('GIVEN docs/credentials.md THEN it includes the policy file, not ReadOnlyAccess alone', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/credentials.md'), 'utf8');
    expect(doc).toContain('(policies/plan-role-policy.json)');
    expect(doc).toMatch(/prod.*plan role.*alternatively be limited to a\s+protected GitHub environment/s);
  });
});
