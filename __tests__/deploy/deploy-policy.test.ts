import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { SynthesizedStack } from '../../lib/synth/synthesized-stack';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { DEPLOY_WRITE_ACTIONS } from '../../tools/deploy/deploy-actions';
import { deployPolicy, MANAGED_POLICY_MAX_CHARACTERS, policySize, splitPolicy, UnknownResourceTypeError, type PolicyDocument } from '../../tools/deploy/deploy-policy';
import { readSynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { PLAN_REFRESH_ACTIONS } from '../../tools/review/plan-refresh-actions';
import { runScript } from '../helpers/run-script';

/**
 * npm run deploy-policy: the deploying identity's policy, derived from every resource and data source type each
 * example environment synthesizes; checked against those types, not against a list kept by hand.
 */
const repository = path.resolve(__dirname, '../..');
const ENVIRONMENTS = ['dev', 'stg', 'prod'];
let scratch: string;
const stacks: Record<string, SynthesizedStack[]> = {};
const policies: Record<string, PolicyDocument> = {};

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-policy-test-'));
  synthesizeEnvironments(loadEnvironments(path.join(repository, 'environments'), ENVIRONMENTS), path.join(scratch, 'cdktf.out'), addEnvironmentStacks);
  for (const environment of ENVIRONMENTS) {
    const env = readSynthesizedEnvironment(scratch, 'cdktf.out', environment);
    stacks[environment] = [env.bootstrapDir, env.platformDir].map((dir) => SynthesizedStack.parse(fs.readFileSync(path.join(scratch, dir, 'cdk.tf.json'), 'utf8')));
    policies[environment] = deployPolicy({ environment, accountId: env.accountId, region: env.region, stateBucket: env.stateBucket, stacks: stacks[environment] });
  }
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const typesOf = (environment: string) =>
  [...new Set(stacks[environment].flatMap((stack) => [...stack.resources().map((b) => b.type), ...stack.dataSources().map((b) => `data.${b.type}`)]))].sort();
const allowed = (policy: PolicyDocument, action: string, resource?: string) =>
  policy.Statement.some((s) => s.Action.includes(action) && (resource === undefined || s.Resource.includes(resource) || s.Resource.includes('*')));

describe.each(ENVIRONMENTS)('npm run deploy-policy -- %s', (environment) => {
  test('THEN every resource and data source type it synthesizes has its refresh and write actions allowed', () => {
    const types = typesOf(environment);
    expect(types.length).toBeGreaterThan(50);
    for (const type of types) {
      expect({ type, known: DEPLOY_WRITE_ACTIONS[type] !== undefined }).toEqual({ type, known: true });
      for (const action of [...(PLAN_REFRESH_ACTIONS[type] ?? []), ...DEPLOY_WRITE_ACTIONS[type]]) {
        expect({ type, action, allowed: allowed(policies[environment], action) }).toEqual({ type, action, allowed: true });
      }
    }
  });

  test('THEN the named resources are scoped to their own ARNs: roles, PassRole, secrets, log groups, buckets, repositories', () => {
    const policy = policies[environment];
    const [bootstrap, platform] = stacks[environment];
    const account = platform.provider('aws')!.allowed_account_ids[0];
    const roles = platform.resources('aws_iam_role').map((role) => `arn:aws:iam::${account}:role/${role.values.name}`);
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid)!;
    expect([...statement('IamRolesOfThisEnvironment').Resource].sort()).toEqual(roles.sort());
    expect(statement('PassTheEnvironmentsRoles')).toEqual({ Sid: 'PassTheEnvironmentsRoles', Effect: 'Allow', Action: ['iam:PassRole'], Resource: statement('IamRolesOfThisEnvironment').Resource });
    for (const secret of platform.resources('aws_secretsmanager_secret')) {
      expect(statement('SecretsOfThisEnvironment').Resource).toContain(`arn:aws:secretsmanager:eu-west-1:${account}:secret:${secret.values.name}-??????`);
    }
    for (const bucket of [...bootstrap.resources('aws_s3_bucket'), ...platform.resources('aws_s3_bucket')]) {
      expect(statement('BucketsOfThisEnvironment').Resource).toContain(`arn:aws:s3:::${bucket.values.bucket}`);
    }
    // IAM, Secrets Manager, S3 and ECR repository writes are never granted on every resource (pull through cache rules have no ARN to scope to).
    const everywhere = policy.Statement.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action);
    expect(everywhere.filter((action) => /^(iam:(?!CreateServiceLinkedRole$)|secretsmanager:|s3:|ecr:CreateRepository|ecr:DeleteRepository)/.test(action))).toEqual([]);
    // No wildcard actions.
    expect(policy.Statement.flatMap((s) => s.Action).filter((action) => action.includes('*'))).toEqual([]);
  });

  test('THEN the state: the bucket listed, this environment\'s objects and lock files written, the key used only through S3', () => {
    const policy = policies[environment];
    const bucket = stacks[environment][1].terraform.backend.s3.bucket;
    expect(allowed(policy, 's3:PutObject', `arn:aws:s3:::${bucket}/${environment}/*`)).toBe(true);
    expect(policy.Statement.find((s) => s.Sid === 'StateEncryptionThroughS3')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  });

  test('THEN split into managed policies each within IAM\'s 6,144 characters, with every statement\'s actions kept', () => {
    const parts = splitPolicy(policies[environment]);
    for (const part of parts) expect(policySize(part)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
    const actions = (document: PolicyDocument) => document.Statement.flatMap((s) => s.Action.map((a) => `${s.Resource.join(',')} ${a}`)).sort();
    expect(parts.flatMap(actions).sort()).toEqual(actions(policies[environment]));
  });
});

test('GIVEN a synthesized type without deploy permissions THEN the policy is refused, naming it and where to add it', () => {
  const stack = SynthesizedStack.parse({ resource: { aws_sqs_queue: { q: { name: 'acme-dev-jobs' } } } });
  expect(() => deployPolicy({ environment: 'dev', accountId: '111111111111', region: 'eu-west-1', stateBucket: 'b', stacks: [stack] })).toThrow(
    new UnknownResourceTypeError('no deploy permissions known for aws_sqs_queue: add them to tools/deploy/deploy-actions.ts (and their refresh actions to tools/review/plan-refresh-actions.ts)'),
  );
});

test('GIVEN the command THEN it prints the parts as JSON keyed by managed policy name, and refuses a missing environment in one line', () => {
  const result = runScript('scripts/deploy-policy.ts', ['dev']);
  expect(result.status).toBe(0);
  const printed = JSON.parse(result.stdout) as Record<string, PolicyDocument>;
  expect(Object.keys(printed)).toEqual(Object.keys(printed).map((_, i, all) => `dev-deploy-${i + 1}-of-${all.length}`));
  const usage = runScript('scripts/deploy-policy.ts', []);
  expect(usage.status).toBe(2);
  expect(usage.stderr).toBe('usage: npm run deploy-policy --silent -- <environment>\n');
}, 60_000);
