import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { deployEnvironment } from '../../tools/deploy/deploy-environment';
import { deployPolicy, deployPolicyInput, splitPolicy, type PolicyDocument } from '../../tools/deploy/deploy-policy';
import { destroyEnvironment, productionConfirmation } from '../../tools/deploy/destroy-environment';
import { readSynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { exampleSynth } from '../helpers/example-synth';
import { scratchDir } from '../helpers/scratch';
import { fakeTools } from './fake-tools';
import { allowingStatements, referenceAction } from './iam-reference';

/**
 * The deploying role gets `npm run deploy-policy`'s output, and `npm run deploy` and `npm run destroy` run under it:
 * every aws CLI and docker call they make (their own, the fill scripts', the verify step's) must be allowed by it.
 * Each example environment is deployed against the fake tools (every call logged): unpinned, with every secret
 * empty (generated, or put from the CI variables), then pinned with the digest not yet in the cache (looked up,
 * warmed, looked up again), then destroyed; each logged call becomes the IAM action and resource ARN it needs
 * (IAM Service Authorization Reference), checked against the printed managed policies.
 */
const repository = path.resolve(__dirname, '../..');
const ENVIRONMENTS = ['dev', 'stg', 'prod'];
const PINNED_DIGEST = `sha256:${'cd'.repeat(32)}`;
const CI = { DOCKERHUB_USERNAME: 'acmebot', DOCKERHUB_TOKEN: 'dckr_pat_fake-token' };

/** A logged call as the IAM requests it makes: action and resource ARN (`*` for an action without resource types). */
interface Request {
  readonly call: string;
  readonly action: string;
  readonly resource: string;
}

const argument = (args: readonly string[], name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
/** The values after `name` up to the next option (`--services a b`). */
const argumentList = (args: readonly string[], name: string) => {
  const index = args.indexOf(name);
  if (index < 0) return [];
  const end = args.findIndex((arg, i) => i > index && arg.startsWith('--'));
  return args.slice(index + 1, end < 0 ? undefined : end);
};

/** aws CLI commands whose IAM action is not their operation's name. */
const CLI_ACTIONS: Readonly<Record<string, string>> = {
  'ecr get-login-password': 'ecr:GetAuthorizationToken',
  // Waiters poll the operation they are built on.
  'ecs wait services-stable': 'ecs:DescribeServices',
};

/** A docker pull through ECR: the registry API calls it makes (image-pull.html), and on a cache miss the import. */
const DOCKER_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage'];

async function requestsOf(call: string, accountId: string): Promise<Request[]> {
  const [program, ...args] = call.split(' ');
  if (program === 'docker') {
    if (args[0] !== 'pull') return []; // login and logout talk to the registry with the token get-login-password made
    const [registry, ...rest] = args[1].split('/');
    const region = registry.split('.')[3];
    const repositoryName = rest.join('/').replace(/[:@].*$/, '');
    return DOCKER_PULL_ACTIONS.map((action) => ({ call, action, resource: `arn:aws:ecr:${region}:${accountId}:repository/${repositoryName}` }));
  }
  if (program !== 'aws') return [];
  const [service, operation] = args;
  const action =
    CLI_ACTIONS[`${service} ${operation}`] ?? CLI_ACTIONS[`${service} ${operation} ${args[2]}`] ?? `${service}:${operation.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
  const reference = await referenceAction(action);
  if (!reference) throw new Error(`${call}: ${action} is not an IAM action; teach CLI_ACTIONS how this command is authorized`);
  if (reference.arnPatterns.length === 0) return [{ call, action, resource: '*' }];
  const region = argument(args, '--region');
  const secret = argument(args, '--secret-id');
  const repositoryName = argument(args, '--repository-name');
  const cluster = argument(args, '--cluster');
  const resources = secret
    ? // Secrets Manager ARNs end in a hyphen and six random characters.
      [`arn:aws:secretsmanager:${region}:${accountId}:secret:${secret}-AbCdEf`]
    : repositoryName
      ? [`arn:aws:ecr:${region}:${accountId}:repository/${repositoryName}`]
      : cluster
        ? argumentList(args, '--services').map((name) => `arn:aws:ecs:${region}:${accountId}:service/${cluster}/${name}`)
        : [];
  if (resources.length === 0) throw new Error(`${call}: ${action} is scoped to a resource this test does not know how to name from the command`);
  for (const resource of resources) {
    if (!reference.arnPatterns.some((pattern) => pattern.test(resource))) throw new Error(`${call}: ${resource} is not an ARN ${action} takes`);
  }
  return resources.map((resource) => ({ call, action, resource }));
}

/** The synth of `environment` in `<root>/cdktf.out`: the printed managed policies, the account, the secrets only a person fills. */
function policiesOf(root: string, environment: string): { parts: PolicyDocument[]; accountId: string; personal: string[] } {
  const env = readSynthesizedEnvironment(root, 'cdktf.out', environment);
  const read = (dir: string) => SynthesizedStack.parse(fs.readFileSync(path.join(root, dir, 'cdk.tf.json'), 'utf8'));
  // The secrets only a person fills (an OAuth2 client secret), before the deploy.
  const personal = env.secrets.filter((secret) => secret.kind === 'oauth2-client-secret').map((secret) => secret.name);
  return { parts: splitPolicy(deployPolicy(deployPolicyInput(env, [read(env.bootstrapDir), read(env.platformDir)]))), accountId: env.accountId, personal };
}

/** `environment` as environments/ has it, synthesized (the run's shared synthesis, read only: each fake `npm run synth` copies it). */
function example(environment: string): { output: string; parts: PolicyDocument[]; accountId: string; personal: string[] } {
  const { root, outdir } = exampleSynth([environment]);
  return { output: outdir, ...policiesOf(root, environment) };
}

/** Synthesizes `environment` from `environments` into a scratch cdktf.out. */
function synthesize(environments: string, environment: string): { output: string; parts: PolicyDocument[]; accountId: string; personal: string[] } {
  const scratch = scratchDir(`deploy-tool-${environment}-`);
  const output = path.join(scratch, 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(environments, [environment]), output, addEnvironmentStacks);
  return { output, ...policiesOf(scratch, environment) };
}

/** A copy of environments/ whose `environment` names its Envoy image by digest. */
function pinnedEnvironments(environment: string): string {
  const folder = path.join(scratchDir('deploy-tool-pinned-'), 'environments');
  fs.cpSync(path.join(repository, 'environments'), folder, { recursive: true });
  const file = path.join(folder, `${environment}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(/^envoy:\n/m);
  fs.writeFileSync(file, text.replace(/^envoy:\n/m, `envoy:\n  image: envoyproxy/envoy:v1.38.9@${PINNED_DIGEST}\n`));
  return folder;
}

async function deniedRequests(calls: readonly string[], parts: readonly PolicyDocument[], accountId: string): Promise<{ requests: Request[]; denied: Request[] }> {
  const requests = (await Promise.all(calls.map((call) => requestsOf(call, accountId)))).flat();
  return { requests, denied: requests.filter((request) => allowingStatements(parts, request.action, request.resource).length === 0) };
}

describe.each(ENVIRONMENTS)('GIVEN %s deployed and destroyed under the policy npm run deploy-policy prints', (environment) => {
  test('THEN every aws CLI and docker call of the deploy (unpinned, empty secrets) and of the destroy is allowed', async () => {
    const { output, parts, accountId, personal } = example(environment);
    const tools = fakeTools(scratchDir(`deploy-tool-run-${environment}-`), output, path.join(repository, 'scripts'), accountId);
    for (const name of personal) tools.putSecret(name, 'chosen-by-a-person');
    const env = { ...tools.env, ...CI };
    deployEnvironment({ environment, root: tools.root, env, stdio: 'pipe', log: () => undefined });
    destroyEnvironment({ environment, root: tools.root, env, stdio: 'pipe', log: () => undefined, readLine: () => productionConfirmation(environment) });
    const { requests, denied } = await deniedRequests(tools.calls(), parts, accountId);
    // The walk saw the calls that matter: the secret fills, the cache warm-up and the digest, the rollout checks.
    expect([...new Set(requests.map((request) => request.action))].sort()).toEqual(
      expect.arrayContaining([
        'ecr:BatchGetImage',
        'ecr:BatchImportUpstreamImage',
        'ecr:DescribeImages',
        'ecr:GetAuthorizationToken',
        'ecs:DescribeServices',
        'secretsmanager:ListSecretVersionIds',
        'secretsmanager:PutSecretValue',
        'sts:GetCallerIdentity',
      ]),
    );
    expect(denied).toEqual([]);
  }, 120_000);

  test('THEN every call of a deploy with envoy.image pinned to a digest the cache does not hold yet is allowed', async () => {
    const { output, parts, accountId, personal } = synthesize(pinnedEnvironments(environment), environment);
    const tools = fakeTools(scratchDir(`deploy-tool-run-pinned-${environment}-`), output, path.join(repository, 'scripts'), accountId);
    for (const name of personal) tools.putSecret(name, 'chosen-by-a-person');
    deployEnvironment({ environment, root: tools.root, env: { ...tools.env, ...CI, FAKE_UPSTREAM_DIGEST: PINNED_DIGEST }, stdio: 'pipe', log: () => undefined });
    const calls = tools.calls();
    expect(calls.filter((call) => call.startsWith('aws ecr describe-images')).length).toBe(2);
    const { denied } = await deniedRequests(calls, parts, accountId);
    expect(denied).toEqual([]);
  }, 120_000);
});
