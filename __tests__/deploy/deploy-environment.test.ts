import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { fillSecretCommand } from '../../lib/ecs/proxy-secrets';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { deployEnvironment, type DeployOptions } from '../../tools/deploy/deploy-environment';
import { readSynthesizedEnvironment } from '../../tools/deploy/synthesized-environment';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { FAKE_ECR_PASSWORD, FAKE_UPSTREAM_DIGEST, fakeTools, type FakeTools } from './fake-tools';
import { UserError } from '../../lib/util/user-error';
import { exampleSynth } from '../helpers/example-synth';

/**
 * `npm run deploy -- dev` against fake npm, terraform, aws and docker (argv
 * logged in order): dev as synthesized from environments/dev.yaml, with its
 * three proxy secrets (TLS pair, OAuth2 client secret, HMAC key), the Docker
 * Hub credential of the Envoy image's pull through cache, envoy.image by tag
 * only (so the stack declares envoy_image_digest) and three ECS services; and
 * the same dev with envoy.image pinned to a digest.
 */
const repository = path.resolve(__dirname, '../..');
let scratch: string;
let synthOutput: string;
let pinnedOutput: string;
let tools: FakeTools;

const PINNED_DIGEST = `sha256:${'cd'.repeat(32)}`;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
  // Read only: each fake `npm run synth` copies it.
  synthOutput = exampleSynth(['dev']).outdir;
  // dev with envoy.image pinned: a copy of environments/ whose dev.yaml names the digest.
  const environments = path.join(scratch, 'environments-pinned');
  fs.cpSync(path.join(repository, 'environments'), environments, { recursive: true });
  const dev = path.join(environments, 'dev.yaml');
  fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace(/^envoy:\n/m, `envoy:\n  image: envoyproxy/envoy:v1.38.9@${PINNED_DIGEST}\n`));
  pinnedOutput = path.join(scratch, 'synth-pinned', 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(environments, ['dev']), pinnedOutput, addEnvironmentStacks);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let run = 0;
beforeEach(() => {
  tools = fakeTools(path.join(scratch, `run-${++run}`), synthOutput, path.join(repository, 'scripts'));
});

/** The Docker Hub credential as CI passes it (GitHub secrets as environment variables). */
const DOCKER_HUB_TOKEN = 'dckr_pat_fake-token-never-on-a-command-line';
const CI = { DOCKERHUB_USERNAME: 'acmebot', DOCKERHUB_TOKEN: DOCKER_HUB_TOKEN };

const deploy = (options: Partial<DeployOptions> = {}) => deployEnvironment({ environment: 'dev', root: tools.root, env: { ...tools.env, ...CI }, stdio: 'pipe', log: () => undefined, ...options });

const SECRETS = {
  tls: 'acme/dev/envoy-tls',
  client: 'acme/dev/web/oauth2-client-secret',
  hmac: 'acme/dev/web/oauth2-hmac-key',
  dockerHub: 'ecr-pullthroughcache/acme-dev/docker-hub',
};
const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com';
const ENVOY_REPOSITORY = 'acme-dev/docker-hub/envoyproxy/envoy';
const PLACEHOLDER = `-var envoy_image_digest=sha256:${'0'.repeat(64)}`;
const targets = (output = synthOutput) =>
  readSynthesizedEnvironment(output, '.', 'dev')
    .secrets.map((s) => `-target=${s.address}`)
    .join(' ');
const cacheTargets = (output = synthOutput) =>
  readSynthesizedEnvironment(output, '.', 'dev')
    .imageCache!.addresses.map((address) => `-target=${address}`)
    .join(' ');
const addonVersions = (addon: string) =>
  `aws eks describe-addon-versions --region eu-west-1 --kubernetes-version 1.35 --addon-name ${addon} --query addons[].addonVersions[].addonVersion --output json`;
const refusal = (options: Partial<DeployOptions> = {}): string[] => {
  try {
    deploy(options);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message.split('\n');
  }
  throw new Error('the deploy did not refuse');
};
const list = (name: string) => `aws secretsmanager list-secret-version-ids --region eu-west-1 --secret-id ${name} --output json`;
const put = (name: string) =>
  expect.stringMatching(new RegExp(`^aws secretsmanager put-secret-value --region eu-west-1 --secret-id ${name} --secret-string file:///\\S+ --query VersionId --output text$`));
const putWithRegion = (name: string) =>
  expect.stringMatching(new RegExp(`^aws secretsmanager put-secret-value --region eu-west-1 --secret-id ${name} --secret-string file:///\\S+ --query VersionId --output text$`));
const WARM = [
  'aws ecr get-login-password --region eu-west-1',
  `docker login --username AWS --password-stdin ${REGISTRY}`,
  `docker pull ${REGISTRY}/${ENVOY_REPOSITORY}:v1.38.9`,
  `docker logout ${REGISTRY}`,
];
/** The rollout check and the plan without changes, after the steady-state wait. */
const afterApply = (variables: string) => [
  'terraform -chdir=cdktf.out/stacks/dev-platform output -json ecs_task_definitions',
  'aws ecs describe-services --region eu-west-1 --cluster acme-dev --services api web worker --output json',
  `terraform -chdir=cdktf.out/stacks/dev-platform plan -detailed-exitcode -input=false${variables ? ` ${variables}` : ''}`,
];
const describeByTag = `aws ecr describe-images --region eu-west-1 --repository-name ${ENVOY_REPOSITORY} --image-ids imageTag=v1.38.9 --query imageDetails[0].imageDigest --output text`;
const describeByDigest = (digest: string) =>
  `aws ecr describe-images --region eu-west-1 --repository-name ${ENVOY_REPOSITORY} --image-ids imageDigest=${digest} --query imageDetails[0].imageDigest --output text`;

describe('npm run deploy', () => {
  test('GIVEN a new environment whose OAuth2 client secret a person has put and the Docker Hub credential in the environment (CI) WHEN deployed THEN bootstrap, the secret containers, the generated TLS pair and HMAC key, the credential, the cache rule and repository, the warming by tag, the platform with the digest read, the steady-state wait, the rollout check and the plan without changes run in that order', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    deploy();
    expect(tools.calls()).toEqual([
      'npm run synth',
      'aws sts get-caller-identity --region eu-west-1 --query Account --output text',
      ...['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni'].map(addonVersions),
      'terraform -chdir=cdktf.out/stacks/dev-bootstrap init -input=false',
      'terraform -chdir=cdktf.out/stacks/dev-bootstrap apply -input=false',
      'terraform -chdir=cdktf.out/stacks/dev-platform init -input=false',
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${PLACEHOLDER} ${targets()}`,
      list(SECRETS.tls),
      put(SECRETS.tls),
      list(SECRETS.tls),
      list(SECRETS.client),
      list(SECRETS.hmac),
      put(SECRETS.hmac),
      list(SECRETS.hmac),
      list(SECRETS.dockerHub),
      putWithRegion(SECRETS.dockerHub),
      list(SECRETS.dockerHub),
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${PLACEHOLDER} ${cacheTargets()}`,
      ...WARM,
      describeByTag,
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -var envoy_image_digest=${FAKE_UPSTREAM_DIGEST}`,
      'aws ecs wait services-stable --region eu-west-1 --cluster acme-dev --services api web worker',
      ...afterApply(`-var envoy_image_digest=${FAKE_UPSTREAM_DIGEST}`),
    ]);
    // Found by resource type and tag: the three proxy secrets and the credential; the rule and the Envoy cache repository.
    expect(targets().split(' ')).toEqual([
      expect.stringMatching(/^-target=aws_secretsmanager_secret\.ecs_proxy-secrets_acme-dev-envoy-tls_/),
      expect.stringMatching(/^-target=aws_secretsmanager_secret\.ecs_proxy-secrets_acme-dev-web-oauth2-client-secret_/),
      expect.stringMatching(/^-target=aws_secretsmanager_secret\.ecs_proxy-secrets_acme-dev-web-oauth2-hmac-key_/),
      expect.stringMatching(/^-target=aws_secretsmanager_secret\.ecs_image-cache_credential_/),
    ]);
    expect(cacheTargets().split(' ')).toEqual([
      expect.stringMatching(/^-target=aws_ecr_pull_through_cache_rule\./),
      expect.stringMatching(/^-target=aws_ecr_repository\.ecs_image-cache_repository-envoyproxy-envoy_/),
    ]);
  });

  test("GIVEN an add-on build EKS does not list for the cluster's Kubernetes version THEN the deploy refuses before the bootstrap, one line per add-on naming the builds EKS lists", () => {
    tools.eksAddonBuilds('coredns', ['v1.12.1-eksbuild.2', 'v1.13.2-eksbuild.1']);
    tools.eksAddonBuilds('vpc-cni', []);
    expect(refusal()).toEqual([
      'nothing applied: the cluster would be created, then CreateAddon would fail and the node groups never come up:',
      'environments/dev.yaml eks.addons: coredns v1.13.2-eksbuild.4 is not a build EKS lists for Kubernetes 1.35 in eu-west-1; it lists: v1.12.1-eksbuild.2, v1.13.2-eksbuild.1',
      'environments/dev.yaml eks.addons: vpc-cni v1.21.1-eksbuild.3 is not a build EKS lists for Kubernetes 1.35 in eu-west-1; it lists none (is vpc-cni available for 1.35?)',
    ]);
    expect(tools.calls().filter((call) => call.startsWith('terraform'))).toEqual([]);
  });

  test('THEN the Docker Hub credential is the JSON ECR reads, put through a private file that is gone afterwards, and the token and the ECR password are on no command line', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    deploy();
    expect(JSON.parse(tools.secretValue(SECRETS.dockerHub)!)).toEqual({ username: 'acmebot', accessToken: DOCKER_HUB_TOKEN });
    const calls = tools.calls();
    const file = /file:\/\/(\S+)/.exec(calls.find((c) => c.includes(`--secret-id ${SECRETS.dockerHub} --secret-string`))!)![1];
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    expect(calls.join('\n')).not.toContain(DOCKER_HUB_TOKEN);
    expect(calls.join('\n')).not.toContain('acmebot');
    // docker login got the password on its standard input.
    expect(tools.dockerLoginInput()).toBe(`${FAKE_ECR_PASSWORD}\n`);
    expect(calls.join('\n')).not.toContain(FAKE_ECR_PASSWORD);
  });

  test('GIVEN the Docker Hub credential is empty and not in the environment WHEN deployed THEN it refuses with one line naming scripts/put-docker-hub-credential.sh, and neither the cache rule nor the platform is applied', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    expect(() => deploy({ env: tools.env })).toThrow(
      new UserError(
        [
          'dev-platform not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.',
          `${SECRETS.dockerHub}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-docker-hub-credential.sh ${SECRETS.dockerHub} <docker-hub-username> (or set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN for npm run deploy)`,
          'then run npm run deploy -- dev again.',
        ].join('\n'),
      ),
    );
    const calls = tools.calls();
    expect(calls.filter((c) => c.startsWith('terraform -chdir=cdktf.out/stacks/dev-platform apply'))).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${PLACEHOLDER} ${targets()}`,
    ]);
    expect(calls).not.toContainEqual(expect.stringMatching(/^docker |^aws ecr /));
    expect(tools.secretValue(SECRETS.dockerHub)).toBeUndefined();
  });

  test('GIVEN envoy.image pins a digest the cache holds WHEN deployed THEN nothing is pulled, the digest is only looked up, and the platform apply passes no -var', () => {
    tools = fakeTools(path.join(scratch, `run-${++run}`), pinnedOutput, path.join(repository, 'scripts'));
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    tools.cacheImage(ENVOY_REPOSITORY, 'v1.38.9', PINNED_DIGEST);
    deploy({ skipBootstrap: true });
    const calls = tools.calls();
    expect(calls).not.toContainEqual(expect.stringMatching(/^docker |get-login-password|imageTag=/));
    expect(calls.slice(-7)).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${cacheTargets(pinnedOutput)}`,
      describeByDigest(PINNED_DIGEST),
      'terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false',
      'aws ecs wait services-stable --region eu-west-1 --cluster acme-dev --services api web worker',
      ...afterApply(''),
    ]);
    expect(calls).not.toContainEqual(expect.stringContaining('envoy_image_digest'));
  });

  test('GIVEN envoy.image pins a digest the cache does not hold yet WHEN deployed THEN it warms the cache by the tag and checks the digest again; a tag that moved on is refused', () => {
    tools = fakeTools(path.join(scratch, `run-${++run}`), pinnedOutput, path.join(repository, 'scripts'));
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    deploy({ skipBootstrap: true, env: { ...tools.env, FAKE_UPSTREAM_DIGEST: PINNED_DIGEST } });
    expect(tools.calls().slice(-12, -5)).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${cacheTargets(pinnedOutput)}`,
      describeByDigest(PINNED_DIGEST),
      ...WARM,
      describeByDigest(PINNED_DIGEST),
    ]);

    tools = fakeTools(path.join(scratch, `run-${++run}`), pinnedOutput, path.join(repository, 'scripts'));
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    expect(() => deploy({ skipBootstrap: true })).toThrow(new RegExp(`^${ENVOY_REPOSITORY}: ${PINNED_DIGEST} \\(envoy.image\\) is not in the cache after pulling v1.38.9: `));
    expect(tools.calls().filter((c) => c.includes('dev-platform apply'))).toHaveLength(2);
  });

  test('GIVEN envoy.image names no digest WHEN deployed twice THEN the first deploy writes the digest it read into environments/dev.yaml as envoy.image, one line after envoy:, the rest byte-identical; the second changes nothing', () => {
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    const file = path.join(tools.root, 'environments', 'dev.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const lines = before.split('\n');
    const envoyLine = lines.indexOf('envoy:');
    const log: string[] = [];
    deploy({ skipBootstrap: true, log: (line) => log.push(line) });
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toBe([...lines.slice(0, envoyLine + 1), `  image: envoyproxy/envoy:v1.38.9@${FAKE_UPSTREAM_DIGEST}`, ...lines.slice(envoyLine + 1)].join('\n'));
    expect(log).toContain(`    environments/dev.yaml:${envoyLine + 2}: envoy.image pinned to envoyproxy/envoy:v1.38.9@${FAKE_UPSTREAM_DIGEST}: commit it`);
    // This deploy still applies what it synthesized before the pin: with the variable.
    expect(tools.calls()).toContain(`terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -var envoy_image_digest=${FAKE_UPSTREAM_DIGEST}`);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['dev.yaml', 'prod.yaml', 'stg.yaml']);

    // Again, on the same (unpinned) synthesis: the digest is read again and the file is left as it is.
    deploy({ skipBootstrap: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(after);
  });

  test('GIVEN the pinned file synthesized again (the next deploy) THEN the digest is only looked up, no -var is passed, and the file is not touched', () => {
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    const file = path.join(tools.root, 'environments', 'dev.yaml');
    deploy({ skipBootstrap: true, env: { ...tools.env, FAKE_UPSTREAM_DIGEST: PINNED_DIGEST } });
    const pinned = fs.readFileSync(file, 'utf8');
    expect(pinned).toContain(`  image: envoyproxy/envoy:v1.38.9@${PINNED_DIGEST}\n`);
    const calls = tools.calls().length;
    // pinnedOutput is dev synthesized from a file pinned to the same digest.
    deploy({ skipBootstrap: true, env: { ...tools.env, FAKE_SYNTH_OUTPUT: pinnedOutput } });
    expect(tools.calls().slice(calls)).not.toContainEqual(expect.stringMatching(/envoy_image_digest|imageTag=|^docker /));
    expect(fs.readFileSync(file, 'utf8')).toBe(pinned);
  });

  test('GIVEN --no-write-pin (CI) and envoy.image names no digest THEN it stops before the platform apply with the line to commit and where, and leaves the file alone', () => {
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    const file = path.join(tools.root, 'environments', 'dev.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const envoyLine = before.split('\n').indexOf('envoy:') + 1;
    expect(() => deploy({ skipBootstrap: true, autoApprove: true, writePin: false })).toThrow(
      new UserError(
        `environments/dev.yaml:${envoyLine + 1}: envoy.image names no digest; commit this line there (the digest the pull through cache holds for v1.38.9), then run the deploy again:\n  image: envoyproxy/envoy:v1.38.9@${FAKE_UPSTREAM_DIGEST}`,
      ),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['dev.yaml', 'prod.yaml', 'stg.yaml']);
    expect(tools.calls().at(-1)).toBe(describeByTag);
    expect(tools.calls()).not.toContainEqual(expect.stringMatching(/apply -input=false -auto-approve -var envoy_image_digest=sha256:ab/));
  });

  test('GIVEN describe-images answers no digest THEN it refuses before the platform apply', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    expect(() => deploy({ env: { ...tools.env, ...CI, FAKE_UPSTREAM_DIGEST: 'None' } })).toThrow(/: expected the image's digest, sha256: and 64 hex digits, got "None"$/);
    expect(tools.calls().at(-1)).toBe(describeByTag);
  });

  test('THEN the generated TLS pair is a PEM certificate and key under the JSON keys Envoy reads, the HMAC key 48 random bytes, and no value stays on disk', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    deploy();
    const tls = JSON.parse(tools.secretValue(SECRETS.tls)!);
    expect(Object.keys(tls).sort()).toEqual(['certificate', 'privateKey']);
    expect(tls.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(tls.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(Buffer.from(tools.secretValue(SECRETS.hmac)!, 'base64')).toHaveLength(48);
    const files = tools
      .calls()
      .filter((c) => c.includes('put-secret-value'))
      .map((c) => /file:\/\/(\S+)/.exec(c)![1]);
    expect(files).toHaveLength(3);
    for (const file of files) expect(fs.existsSync(file)).toBe(false);
  });

  test('GIVEN the OAuth2 client secret is empty WHEN deployed THEN it refuses with one line naming the secret and the command that fills it, and the platform is never applied', () => {
    let refusal: unknown;
    try {
      deploy();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as Error).message.split('\n')).toEqual([
      'dev-platform not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.',
      `${SECRETS.client}: no value (no AWSCURRENT version); fill it with: ${fillSecretCommand('oauth2-client-secret', SECRETS.client, 'eu-west-1')}`,
      'then run npm run deploy -- dev again.',
    ]);
    const calls = tools.calls();
    expect(calls.filter((c) => c.startsWith('terraform -chdir=cdktf.out/stacks/dev-platform apply'))).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${PLACEHOLDER} ${targets()}`,
    ]);
    expect(calls).not.toContainEqual(expect.stringMatching(/^aws ecs/));
  });

  test('GIVEN --no-generate WHEN no secret has a value THEN it refuses with one line per secret, each with its command, and puts nothing', () => {
    expect(() => deploy({ generate: false, env: tools.env })).toThrow(
      new UserError(
        [
          'dev-platform not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.',
          `${SECRETS.tls}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-envoy-tls-secret.sh ${SECRETS.tls}`,
          `${SECRETS.client}: no value (no AWSCURRENT version); fill it with: ${fillSecretCommand('oauth2-client-secret', SECRETS.client, 'eu-west-1')}`,
          `${SECRETS.hmac}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-random-secret.sh ${SECRETS.hmac}`,
          `${SECRETS.dockerHub}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-docker-hub-credential.sh ${SECRETS.dockerHub} <docker-hub-username> (or set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN for npm run deploy)`,
          'then run npm run deploy -- dev again.',
        ].join('\n'),
      ),
    );
    expect(tools.calls()).not.toContainEqual(expect.stringContaining('put-secret-value'));
  });

  test('GIVEN every secret has a value, --skip-bootstrap and --auto-approve THEN no bootstrap runs, every apply is auto-approved, and existing values are left alone', () => {
    for (const name of Object.values(SECRETS)) tools.putSecret(name, 'already-there');
    deploy({ skipBootstrap: true, autoApprove: true });
    const calls = tools.calls();
    expect(calls).not.toContainEqual(expect.stringContaining('dev-bootstrap'));
    expect(calls.filter((c) => c.includes(' apply '))).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -auto-approve ${PLACEHOLDER} ${targets()}`,
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -auto-approve ${PLACEHOLDER} ${cacheTargets()}`,
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -auto-approve -var envoy_image_digest=${FAKE_UPSTREAM_DIGEST}`,
    ]);
    expect(calls).not.toContainEqual(expect.stringContaining('put-secret-value'));
    expect(tools.secretValue(SECRETS.tls)).toBe('already-there');
  });

  test('GIVEN credentials of another account THEN it refuses before any apply', () => {
    tools = fakeTools(path.join(scratch, `run-${++run}`), synthOutput, path.join(repository, 'scripts'), '222222222222');
    expect(() => deploy()).toThrow(/^the aws CLI's credentials are account 222222222222's, but dev is account 111111111111: /);
    expect(tools.calls()).toEqual(['npm run synth', 'aws sts get-caller-identity --region eu-west-1 --query Account --output text']);
  });

  test('GIVEN the bootstrap apply fails THEN nothing after it runs', () => {
    expect(() => deploy({ env: { ...tools.env, FAKE_TERRAFORM_FAIL: 'dev-bootstrap apply' } })).toThrow(
      /^terraform -chdir=cdktf.out\/stacks\/dev-bootstrap apply -input=false failed \(exit 1\):\nterraform failed/,
    );
    expect(tools.calls().at(-1)).toBe('terraform -chdir=cdktf.out/stacks/dev-bootstrap apply -input=false');
  });

  test.each([
    ['the bootstrap', {}, 'dev-bootstrap'],
    ['the platform (--skip-bootstrap)', { skipBootstrap: true }, 'dev-platform'],
  ])(
    'GIVEN %s folder\'s .terraform/ recorded the backend as it was WHEN init stops with "Backend configuration changed" THEN the deploy names the one-time init -reconfigure and stops',
    (_, options, stack) => {
      const error = 'Error: Backend configuration changed\n\nA change in the backend configuration has been detected, which may require migrating existing state.';
      const lines = refusal({ ...options, env: { ...tools.env, ...CI, FAKE_TERRAFORM_FAIL: `${stack} init`, FAKE_TERRAFORM_ERROR: error } });
      expect(lines).toEqual([expect.stringContaining(`run once: terraform -chdir=cdktf.out/stacks/${stack} init -input=false -reconfigure, then run this command again; `)]);
      expect(lines[0]).toMatch(new RegExp(`^terraform -chdir=cdktf.out/stacks/${stack} init -input=false: Backend configuration changed `));
      expect(tools.calls().at(-1)).toBe(`terraform -chdir=cdktf.out/stacks/${stack} init -input=false`);
    },
  );

  test('GIVEN init fails for another reason THEN its error is passed on as before', () => {
    expect(() => deploy({ env: { ...tools.env, ...CI, FAKE_TERRAFORM_FAIL: 'dev-bootstrap init' } })).toThrow(
      /^terraform -chdir=cdktf.out\/stacks\/dev-bootstrap init -input=false failed \(exit 1\):\nterraform failed/,
    );
  });

  test('GIVEN no environment THEN the command prints its usage and exits 2', () => {
    const result = runScript('scripts/deploy.ts', []);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^usage: npm run deploy -- <environment> \[--auto-approve\] \[--skip-bootstrap\] \[--no-generate\]/);
  });

  test('GIVEN --help THEN the usage names --no-write-pin, the flag the first-deploy workflow passes', async () => {
    const result = await runScriptInProcess('scripts/deploy.ts', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}--no-write-pin {5}CI: leave environments\/<environment>\.yaml alone; /m);
  });
});
