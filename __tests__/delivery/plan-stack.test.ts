import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planStack, type PlanMetadata } from '../../tools/stack-plan/plan-stack';
import { readPlanResults } from '../../tools/stack-plan/plan-summary';
import { terraformEnvironment } from '../../tools/offline-plan/offline-plan';
import { runScript, runScriptInProcess, withoutTimings } from '../helpers/run-script';
import { UserError } from '../../lib/util/user-error';

/**
 * The online path of `npm run plan:stack` (the real backend, the plan role's
 * credentials) with a stand-in for the terraform binary that records its
 * arguments: what CI runs, without AWS. The offline path plans for real in
 * plan-comment.plan.test.ts.
 */
let scratch: string;
let synthDir: string;
let log: string;
let terraform: string;

/** A value as a plan holds it: `show -json` prints it in clear text (sensitive or not), `show` when not marked sensitive. */
const PLANTED = 'planted-db-password-7c1e';
const SHOW_JSON = JSON.stringify({
  format_version: '1.2',
  resource_changes: [
    {
      address: 'aws_db_instance.db',
      mode: 'managed',
      type: 'aws_db_instance',
      change: {
        actions: ['update'],
        before: { password: 'old', identifier: 'db' },
        after: { password: PLANTED, identifier: 'db' },
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      },
    },
  ],
  output_changes: { connection: { actions: ['update'], before: 'old', after: `postgres://app:${PLANTED}@db:5432/app` } },
});

/** A stand-in for terraform; `state pull` prints `state` (nothing: an empty state, as a new environment's). */
function fakeTerraform(failOn?: string, state = ''): string {
  const file = path.join(scratch, `terraform-${failOn ?? 'ok'}-${state.length}`);
  const stateFile = `${file}.tfstate`;
  fs.writeFileSync(stateFile, state);
  fs.writeFileSync(
    file,
    [
      '#!/bin/sh',
      `echo "$PWD|$TF_PLUGIN_CACHE_DIR|$*|$TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE" >> ${JSON.stringify(log)}`,
      ...(failOn ? [`if [ "$1" = "${failOn}" ]; then echo "Error: AccessDenied: s3:GetObject on the state" >&2; exit 1; fi`] : []),
      'case "$1 $2" in',
      '  "plan "*) echo planned > plan.tfplan ;;',
      `  "state pull") cat ${JSON.stringify(stateFile)}; echo "Warning: on stderr, never read as state" >&2 ;;`,
      `  "show -json") echo '${SHOW_JSON}' ;;`,
      `  "show "*) echo "connection = postgres://app:${PLANTED}@db:5432/app" ;;`,
      `  "version -json") echo '{"terraform_version":"1.11.4"}' ;;`,
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-stack-test-'));
  synthDir = path.join(scratch, 'cdktf.out');
  fs.mkdirSync(path.join(synthDir, 'stacks', 'dev-platform'), { recursive: true });
  fs.writeFileSync(
    path.join(synthDir, 'stacks', 'dev-platform', 'cdk.tf.json'),
    JSON.stringify({
      terraform: { backend: { s3: { bucket: 'b', key: 'k', region: 'eu-west-1' } } },
      variable: { envoy_image_digest: { type: 'string' } },
      // As lib/ecs/envoy-image.ts writes it: the entry with an empty digest is the one the variable pins.
      output: { envoy_image_cache: { value: [{ repository: 'acme-dev/docker-hub/envoyproxy/envoy', tag: 'v1.38.9', digest: '' }] } },
    }),
  );
  log = path.join(scratch, 'calls.log');
  terraform = fakeTerraform();
});

afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

const options = () => ({
  environment: 'dev',
  stack: 'dev-platform',
  synthDir,
  outDir: path.join(scratch, 'out'),
  offline: false,
  commit: 'c0ffee0000000000000000000000000000000000',
  terraformBinary: terraform,
  now: new Date('2026-12-01T00:00:00Z'),
});

describe('planStack against the real backend (terraform stand-in)', () => {
  test("GIVEN CI's environment THEN init and plan take no lock, the plan file is kept with its checksum, and the plugin cache folder exists", async () => {
    const cache = path.join(scratch, 'plugin-cache');
    const metadata = await planStack({ ...options(), env: { PATH: process.env.PATH, TF_PLUGIN_CACHE_DIR: cache, ENVOY_IMAGE_DIGEST: `sha256:${'1'.repeat(64)}` } });
    const calls = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('|'));
    expect(calls.map(([, , args]) => args)).toEqual([
      'init -input=false -lock=false -no-color',
      `plan -input=false -lock=false -no-color -out=plan.tfplan -var=envoy_image_digest=sha256:${'1'.repeat(64)}`,
      'show -json plan.tfplan',
      'show -no-color plan.tfplan',
      'version -json',
    ]);
    // Without a lock file Terraform >= 1.4 reads the cache only with the flag (hashicorp/terraform#32129).
    expect(calls.every(([, pluginCache, , mayBreakLockFile]) => pluginCache === cache && mayBreakLockFile === 'true')).toBe(true);
    expect(fs.existsSync(cache)).toBe(true);
    const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
    expect(metadata).toEqual<PlanMetadata>({
      environment: 'dev',
      stack: 'dev-platform',
      commit: 'c0ffee0000000000000000000000000000000000',
      planFile: 'plan.tfplan',
      planSha256: sha256('planned\n'),
      configurationSha256: sha256(fs.readFileSync(path.join(synthDir, 'stacks', 'dev-platform', 'cdk.tf.json'))),
      createdAt: '2026-12-01T00:00:00.000Z',
      terraformVersion: '1.11.4',
      offline: false,
      placeholders: [],
      envoyImageDigestSource: 'environment',
    });
    expect(fs.readdirSync(path.join(scratch, 'out')).sort()).toEqual(['metadata.json', 'plan.json', 'plan.tfplan', 'plan.txt']);
  });

  test('GIVEN no Envoy digest and a state whose task definitions run one THEN the plan uses the deployed digest, read after init', async () => {
    const deployed = `sha256:${'d'.repeat(64)}`;
    const container = (name: string, image: string) => ({ name, image, essential: true });
    const state = {
      version: 4,
      resources: [
        {
          mode: 'data',
          type: 'aws_ecs_task_definition',
          name: 'ignored',
          instances: [
            {
              attributes: { container_definitions: JSON.stringify([container('envoy', `111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy@sha256:${'e'.repeat(64)}`)]) },
            },
          ],
        },
        {
          mode: 'managed',
          type: 'aws_ecs_task_definition',
          name: 'ecs_service-api_task_46A5B7E8',
          instances: [
            {
              attributes: {
                container_definitions: JSON.stringify([
                  container('app', `111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/api@sha256:${'a'.repeat(64)}`),
                  container('envoy', `111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy@${deployed}`),
                ]),
              },
            },
          ],
        },
      ],
    };
    const metadata = await planStack({ ...options(), terraformBinary: fakeTerraform(undefined, JSON.stringify(state)), env: { PATH: process.env.PATH } });
    const calls = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('|')[2]);
    expect(calls.slice(0, 3)).toEqual(['init -input=false -lock=false -no-color', 'state pull', `plan -input=false -lock=false -no-color -out=plan.tfplan -var=envoy_image_digest=${deployed}`]);
    expect(metadata).toMatchObject({ placeholders: [], envoyImageDigestSource: 'state' });
  });

  test('GIVEN no Envoy digest and an empty state (a new environment) THEN a visibly fake one, recorded as a placeholder', async () => {
    const metadata = await planStack({ ...options(), env: { PATH: process.env.PATH } });
    expect(fs.readFileSync(log, 'utf8')).toContain(`-var=envoy_image_digest=sha256:${'0'.repeat(64)}`);
    expect(metadata).toMatchObject({ placeholders: ['envoy_image_digest'], envoyImageDigestSource: 'placeholder' });
  });

  test('GIVEN state pull fails after init THEN failure.json names the state step, and nothing is planned', async () => {
    await expect(planStack({ ...options(), terraformBinary: fakeTerraform('state'), env: { PATH: process.env.PATH } })).rejects.toThrow(/^dev-platform: terraform state failed at c0ffee0/);
    expect(fs.readFileSync(log, 'utf8')).not.toContain('|plan ');
    expect(fs.readdirSync(path.join(scratch, 'out'))).toEqual(['failure.json']);
  });

  test('GIVEN state pull prints something that is no state THEN failure.json names the state step', async () => {
    await expect(planStack({ ...options(), terraformBinary: fakeTerraform(undefined, 'not json'), env: { PATH: process.env.PATH } })).rejects.toThrow(
      /terraform state failed at c0ffee0:\nterraform state pull printed no readable state/,
    );
    expect(fs.readdirSync(path.join(scratch, 'out'))).toEqual(['failure.json']);
  });

  test('GIVEN the state cannot be read THEN failure.json names the step, and no plan is left behind', async () => {
    const run = planStack({ ...options(), terraformBinary: fakeTerraform('init'), env: { PATH: process.env.PATH } });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/^dev-platform: terraform init failed at c0ffee0:\nError: AccessDenied/);
    expect(JSON.parse(fs.readFileSync(path.join(scratch, 'out', 'failure.json'), 'utf8'))).toEqual({
      environment: 'dev',
      stack: 'dev-platform',
      commit: 'c0ffee0000000000000000000000000000000000',
      step: 'init',
      output: 'Error: AccessDenied: s3:GetObject on the state',
    });
    expect(fs.readdirSync(path.join(scratch, 'out'))).toEqual(['failure.json']);
  });

  describe('GIVEN an EKS cluster with pinned add-on builds (fake aws on PATH)', () => {
    /** A platform stack with a 1.35 cluster and coredns pinned, and an `aws` that lists `builds` for every add-on. */
    const withAddons = (builds: string[]) => {
      const file = path.join(synthDir, 'stacks', 'dev-platform', 'cdk.tf.json');
      const document = JSON.parse(fs.readFileSync(file, 'utf8'));
      document.provider = { aws: [{ region: 'eu-west-1' }] };
      document.resource = { aws_eks_cluster: { c: { name: 'acme-dev', version: '1.35' } }, aws_eks_addon: { coredns: { addon_name: 'coredns', addon_version: 'v1.13.2-eksbuild.4' } } };
      fs.writeFileSync(file, JSON.stringify(document));
      const bin = path.join(scratch, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\necho "aws $*" >> ${JSON.stringify(log)}\necho '${JSON.stringify(builds)}'\n`, { mode: 0o755 });
      return { PATH: `${bin}${path.delimiter}${process.env.PATH}`, ENVOY_IMAGE_DIGEST: `sha256:${'1'.repeat(64)}` };
    };

    test('WHEN EKS lists the build THEN the plan runs after the check', async () => {
      await planStack({ ...options(), env: withAddons(['v1.13.2-eksbuild.4']) });
      const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(calls[0]).toBe('aws eks describe-addon-versions --region eu-west-1 --kubernetes-version 1.35 --addon-name coredns --query addons[].addonVersions[].addonVersion --output json');
      expect(calls[1]).toMatch(/\|init -input=false/);
    });

    test('WHEN EKS does not list it THEN the plan stops before terraform, its failure naming the builds that exist', async () => {
      await expect(planStack({ ...options(), env: withAddons(['v1.13.2-eksbuild.1']) })).rejects.toThrow(
        /terraform plan failed at c0ffee0:\nEKS add-on preflight, before terraform plan: .*\nenvironments\/dev\.yaml eks\.addons: coredns v1\.13\.2-eksbuild\.4 is not a build EKS lists for Kubernetes 1\.35 in eu-west-1; it lists: v1\.13\.2-eksbuild\.1$/,
      );
      expect(fs.readFileSync(log, 'utf8')).not.toMatch(/\|init /);
    });

    test('WHEN offline THEN no aws call is made', async () => {
      const env = withAddons([]);
      await planStack({ ...options(), offline: true, env: { ...env, TERRAFORM_PROVIDER_MIRROR: '' } }).catch(() => undefined);
      expect(fs.readFileSync(log, 'utf8')).not.toMatch(/^aws /m);
    });
  });
});

describe('npm run plan:stack -- --summary-only (the pull-request plans: never applied)', () => {
  test('GIVEN a plan whose show -json holds a password THEN the folder keeps metadata.json and summary.json only, and the password is in neither', () => {
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(terraform, path.join(bin, 'terraform'));
    const out = path.join(scratch, 'out');
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    delete env.ENVOY_IMAGE_DIGEST;
    delete env.TF_PLUGIN_CACHE_DIR;
    // Progress lines as a person sees them (CI=true keeps only the step names).
    delete env.CI;
    const result = runScript('scripts/plan-stack.ts', ['dev', 'dev-platform', '--synth', synthDir, '--out', out, '--commit', 'c0ffee0000000000000000000000000000000000', '--summary-only'], { env });
    // Only the progress lines of the two slow steps.
    expect(withoutTimings(result.stderr)).toBe(
      'plan:stack: terraform init (dev-platform)\nplan:stack: terraform init: … s\nplan:stack: terraform plan (dev-platform)\nplan:stack: terraform plan: … s\n',
    );
    expect(result.status).toBe(0);
    // The plan was made and shown as JSON as without the flag; the text, which is not kept, is not rendered
    // (each show starts the provider).
    expect(fs.readFileSync(log, 'utf8')).toContain('|show -json plan.tfplan|');
    expect(fs.readFileSync(log, 'utf8')).not.toContain('show -no-color');
    expect(fs.readdirSync(out).sort()).toEqual(['metadata.json', 'summary.json']);
    for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), 'utf8')).not.toContain(PLANTED);
    const [plan] = readPlanResults([out]);
    if (plan.kind !== 'plan') throw new Error(JSON.stringify(plan));
    // What the comment needs: the address, the action, the attribute's name; and the checksum of the plan made.
    expect(plan.summary).toMatchObject({ change: 1, outputs: ['connection'], resources: [{ address: 'aws_db_instance.db', action: 'update', changedAttributes: ['password'] }] });
    expect(plan.summary.metadata).toMatchObject({ stack: 'dev-platform', planSha256: createHash('sha256').update('planned\n').digest('hex'), placeholders: ['envoy_image_digest'] });
  }, 60_000);

  test('GIVEN --summary-only and --detailed-exitcode THEN the script refuses the pair', async () => {
    // In this process: the test above runs the command as a process.
    const result = await runScriptInProcess('scripts/plan-stack.ts', ['dev', 'dev-platform', '--out', path.join(scratch, 'out'), '--summary-only', '--detailed-exitcode']);
    expect(result).toMatchObject({ status: 1, stderr: expect.stringContaining('give --detailed-exitcode or --summary-only, not both') });
  }, 60_000);
});

describe('the Terraform plugin cache is read without a dependency lock file', () => {
  test('GIVEN a plugin cache THEN every Terraform process of the plans gets TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=true (real init: plugin-cache.plan.test.ts)', () => {
    expect(terraformEnvironment(scratch, path.join(scratch, 'cache'), undefined)).toMatchObject({
      TF_PLUGIN_CACHE_DIR: path.join(scratch, 'cache'),
      TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
    });
    expect(terraformEnvironment(scratch, undefined, undefined).TF_PLUGIN_CACHE_DIR).toBeUndefined();
  });
});
