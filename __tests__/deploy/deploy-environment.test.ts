import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { fillSecretCommand } from '../../lib/ecs/proxy-secrets';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { deployEnvironment, DeployRefused, type DeployOptions } from '../../scripts/deploy/deploy-environment';
import { readSynthesizedEnvironment } from '../../scripts/deploy/synthesized-environment';
import { runScript } from '../helpers/run-script';
import { fakeTools, type FakeTools } from './fake-tools';

/**
 * `npm run deploy -- dev` against fake npm, terraform and aws (argv logged in
 * order): dev as synthesized from environments/dev.yaml, with its three proxy
 * secrets (TLS pair, OAuth2 client secret, HMAC key) and three ECS services.
 */
const repository = path.resolve(__dirname, '../..');
let scratch: string;
let synthOutput: string;
let tools: FakeTools;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
  synthOutput = path.join(scratch, 'synth', 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(path.join(repository, 'environments'), ['dev']), synthOutput, addEnvironmentStacks);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let run = 0;
beforeEach(() => {
  tools = fakeTools(path.join(scratch, `run-${++run}`), synthOutput, path.join(repository, 'scripts'));
});

const deploy = (options: Partial<DeployOptions> = {}) =>
  deployEnvironment({ environment: 'dev', root: tools.root, env: tools.env, stdio: 'pipe', log: () => undefined, ...options });

const SECRETS = {
  tls: 'acme/dev/envoy-tls',
  client: 'acme/dev/web/oauth2-client-secret',
  hmac: 'acme/dev/web/oauth2-hmac-key',
};
const targets = () =>
  readSynthesizedEnvironment(synthOutput, '.', 'dev')
    .secrets.map((s) => `-target=${s.address}`)
    .join(' ');
const list = (name: string) => `aws secretsmanager list-secret-version-ids --region eu-west-1 --secret-id ${name} --output json`;
const put = (name: string) => expect.stringMatching(new RegExp(`^aws secretsmanager put-secret-value --secret-id ${name} --secret-string file:///\\S+ --query VersionId --output text$`));

describe('npm run deploy', () => {
  test('GIVEN a new environment whose OAuth2 client secret a person has put WHEN deployed THEN bootstrap, the secret containers, the generated TLS pair and HMAC key, the platform and the steady-state wait run in that order', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    deploy();
    expect(tools.calls()).toEqual([
      'npm run synth',
      'aws sts get-caller-identity --region eu-west-1 --query Account --output text',
      'terraform -chdir=cdktf.out/stacks/dev-bootstrap init -input=false',
      'terraform -chdir=cdktf.out/stacks/dev-bootstrap apply -input=false',
      'terraform -chdir=cdktf.out/stacks/dev-platform init -input=false',
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${targets()}`,
      list(SECRETS.tls),
      put(SECRETS.tls),
      list(SECRETS.tls),
      list(SECRETS.client),
      list(SECRETS.hmac),
      put(SECRETS.hmac),
      list(SECRETS.hmac),
      'terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false',
      'aws ecs wait services-stable --region eu-west-1 --cluster acme-dev --services api web worker',
    ]);
    expect(targets().split(' ')).toHaveLength(3);
  });

  test('THEN the generated TLS pair is a PEM certificate and key under the JSON keys Envoy reads, the HMAC key 48 random bytes, and no value stays on disk', () => {
    tools.putSecret(SECRETS.client, 'from-the-identity-provider');
    deploy();
    const tls = JSON.parse(tools.secretValue(SECRETS.tls)!);
    expect(Object.keys(tls).sort()).toEqual(['certificate', 'privateKey']);
    expect(tls.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(tls.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(Buffer.from(tools.secretValue(SECRETS.hmac)!, 'base64')).toHaveLength(48);
    const files = tools.calls().filter((c) => c.includes('put-secret-value')).map((c) => /file:\/\/(\S+)/.exec(c)![1]);
    expect(files).toHaveLength(2);
    for (const file of files) expect(fs.existsSync(file)).toBe(false);
  });

  test('GIVEN the OAuth2 client secret is empty WHEN deployed THEN it refuses with one line naming the secret and the command that fills it, and the platform is never applied', () => {
    let refusal: unknown;
    try {
      deploy();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DeployRefused);
    expect((refusal as Error).message.split('\n')).toEqual([
      'dev-platform not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.',
      `${SECRETS.client}: no value (no AWSCURRENT version); fill it with: ${fillSecretCommand('oauth2-client-secret', SECRETS.client, 'eu-west-1')}`,
      'then run npm run deploy -- dev again.',
    ]);
    const calls = tools.calls();
    expect(calls.filter((c) => c.startsWith('terraform -chdir=cdktf.out/stacks/dev-platform apply'))).toEqual([
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false ${targets()}`,
    ]);
    expect(calls).not.toContainEqual(expect.stringMatching(/^aws ecs/));
  });

  test('GIVEN --no-generate WHEN no secret has a value THEN it refuses with one line per secret, each with its command, and puts nothing', () => {
    expect(() => deploy({ generate: false })).toThrow(
      new DeployRefused(
        [
          'dev-platform not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.',
          `${SECRETS.tls}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-envoy-tls-secret.sh ${SECRETS.tls}`,
          `${SECRETS.client}: no value (no AWSCURRENT version); fill it with: ${fillSecretCommand('oauth2-client-secret', SECRETS.client, 'eu-west-1')}`,
          `${SECRETS.hmac}: no value (no AWSCURRENT version); fill it with: AWS_REGION=eu-west-1 scripts/put-random-secret.sh ${SECRETS.hmac}`,
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
      `terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -auto-approve ${targets()}`,
      'terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -auto-approve',
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

  test('GIVEN no environment THEN the command prints its usage and exits 2', () => {
    const result = runScript('scripts/deploy.ts', []);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^usage: npm run deploy -- <environment> \[--auto-approve\] \[--skip-bootstrap\] \[--no-generate\]/);
  });
});
