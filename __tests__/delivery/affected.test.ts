import * as fs from 'fs';
import { planMetadata } from './support/plan-metadata';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { affectedStacks, describeAffected, githubOutput, normalizedStack, planCost, planMatrix, type PlanCostFile } from '../../tools/pull-request/affected';
import { renderPlanReport } from '../../tools/pull-request/plan-comment';
import { toolchainChanges } from '../../tools/pull-request/toolchain';
import { readSynthOutput, type StackOutput } from '../../lib/terraform-json/synth-output';
import { execFileSync } from 'child_process';
import { exampleSynthCopy } from '../helpers/example-synth';
import { runScript, runScriptInProcess } from '../helpers/run-script';

/**
 * Change detection on two real syntheses of the example environments (dev
 * and stg): the base as committed, the head with one edit each test makes.
 */
const root = path.resolve(__dirname, '../..');
let scratch: string;
let configs: EnvironmentConfig[];
let baseDir: string;
let base: StackOutput[];
/** The head with dev's Envoy circuit breaker changed, nothing else. */
let envoyOnlyDir: string;

function synth(outdir: string, environments: readonly EnvironmentConfig[]): string {
  synthesizeEnvironments(environments, outdir, addEnvironmentStacks);
  return outdir;
}

/** A copy of the base synthesis, edited. */
function editedCopy(name: string, edit: (dir: string) => void): string {
  const dir = path.join(scratch, name);
  fs.cpSync(baseDir, dir, { recursive: true });
  edit(dir);
  return dir;
}

function editStack(dir: string, stack: string, edit: (document: Record<string, any>) => void): void {
  const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
  const document = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(document);
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-test-'));
  configs = loadEnvironments(path.join(root, 'environments'), ['dev', 'stg']);
  // A copy of the run's shared synthesis of dev and stg (the commands read their --head folder).
  baseDir = exampleSynthCopy(['dev', 'stg'], 'affected-base-').outdir;
  base = readSynthOutput(baseDir);
  const [original] = configs as any[];
  expect(original.name).toBe('dev');
  const breakers = original.envoy.circuitBreakers;
  const dev = { ...original, envoy: { ...original.envoy, circuitBreakers: { ...breakers, maxRequests: breakers.maxRequests + 1 } } };
  envoyOnlyDir = synth(path.join(scratch, 'envoy-only'), [dev, configs[1]]);
}, 120_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('affectedStacks', () => {
  test('GIVEN the same synthesis twice THEN no stack is affected and the matrix is empty', () => {
    const again = readSynthOutput(baseDir);
    expect(affectedStacks(base, again)).toEqual([]);
    expect(githubOutput(planMatrix([], again, configs))).toBe('matrix={"include":[]}\ncount=0\n');
  });

  test('GIVEN equal syntheses but a changed toolchain (a provider bump in package-lock.json) THEN every stack is affected, saying why', () => {
    const again = readSynthOutput(baseDir);
    const affected = affectedStacks(base, again, ['package-lock.json']);
    expect(affected.map((a) => a.stack)).toEqual(base.map((s) => s.id).sort());
    expect(affected.every((a) => a.reasons.join() === 'toolchain' && a.toolchain?.join() === 'package-lock.json')).toBe(true);
    expect(describeAffected(affected, planMatrix(affected, again, configs))).toContain('dev-platform: toolchain (package-lock.json)');
  });

  test('GIVEN an Envoy-only change in dev THEN only dev-platform is affected, through its bundle, and only it is planned', () => {
    const head = readSynthOutput(envoyOnlyDir);
    const affected = affectedStacks(base, head);
    expect(affected.map((a) => a.stack)).toEqual(['dev-platform']);
    expect(affected[0].reasons).toContain('assets');
    expect(affected[0].assets.length).toBeGreaterThan(0);
    for (const file of affected[0].assets) expect(file).toMatch(/^envoy_configs_[\w]+\/.+/);
    expect(planMatrix(affected, head, configs).include).toEqual([
      { environment: 'dev', stack: 'dev-platform', 'plan-role': 'arn:aws:iam::111111111111:role/acme-terraform-plan', region: 'eu-west-1' },
    ]);
  });

  test('GIVEN only cdktf metadata (`//` keys) changed THEN nothing is affected', () => {
    const head = readSynthOutput(
      editedCopy('metadata', (dir) =>
        editStack(dir, 'stg-platform', (document) => {
          document['//'].metadata.version = '9.9.9';
          const [type] = Object.keys(document.resource);
          const [name] = Object.keys(document.resource[type]);
          document.resource[type][name]['//'] = { metadata: { path: 'stg-platform/renamed/construct' } };
        }),
      ),
    );
    expect(affectedStacks(base, head)).toEqual([]);
  });

  test('GIVEN a Terraform change in stg-platform THEN it is affected for its Terraform, with the plan role and region of stg', () => {
    const head = readSynthOutput(
      editedCopy('terraform', (dir) =>
        editStack(dir, 'stg-platform', (document) => {
          const [name] = Object.keys(document.resource.aws_cloudwatch_log_group);
          document.resource.aws_cloudwatch_log_group[name].retention_in_days = 7;
        }),
      ),
    );
    const affected = affectedStacks(base, head);
    expect(affected).toEqual([{ stack: 'stg-platform', environment: 'stg', reasons: ['terraform'], assets: [] }]);
    expect(githubOutput(planMatrix(affected, head, configs))).toBe(
      'matrix={"include":[{"environment":"stg","stack":"stg-platform","plan-role":"arn:aws:iam::222222222222:role/acme-terraform-plan","region":"eu-west-1"}]}\ncount=1\n',
    );
  });

  test('GIVEN a new and a removed stack THEN both count; the removed one and local-state stacks are not planned, with the reason', () => {
    const head = readSynthOutput(
      editedCopy('added-removed', (dir) => {
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
        manifest.stacks['stg-extra'] = { ...manifest.stacks['stg-platform'], name: 'stg-extra' };
        delete manifest.stacks['dev-platform'];
        fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
      }),
    );
    // stg-extra reads stg-platform's folder: a new stack with the same content.
    const affected = affectedStacks(base, head);
    expect(affected.map((a) => [a.stack, a.reasons])).toEqual([
      ['dev-platform', ['removed']],
      ['stg-extra', ['added']],
    ]);
    const matrix = planMatrix(affected, head, configs);
    expect(matrix.include.map((e) => e.stack)).toEqual(['stg-extra']);
    expect(matrix.notPlanned).toEqual([{ stack: 'dev-platform', reason: expect.stringMatching(/^removed from the synthesis/) }]);
    const bootstrap = planMatrix([{ stack: 'dev-bootstrap', environment: 'dev', reasons: ['terraform'], assets: [] }], base, configs);
    expect(bootstrap).toEqual({ include: [], notPlanned: [{ stack: 'dev-bootstrap', reason: expect.stringMatching(/^local backend: CI has no state/) }] });
    expect(describeAffected(affected, matrix)).toBe(
      '2 affected stacks, 1 to plan:\n  dev-platform: removed (not planned: removed from the synthesis: nothing to plan; its resources stay until the stack is destroyed by hand)\n  stg-extra: added\n',
    );
  });

  test('GIVEN an environment without account.planRoleArn THEN its stacks are not planned, naming the file and key', () => {
    const [dev] = configs;
    const noRole = { ...dev, account: { ...dev.account, planRoleArn: undefined } } as EnvironmentConfig;
    const matrix = planMatrix([{ stack: 'dev-platform', environment: 'dev', reasons: ['terraform'], assets: [] }], base, [noRole]);
    expect(matrix.include).toEqual([]);
    expect(matrix.notPlanned[0].reason).toMatch(/dev\.yaml: account\.planRoleArn is not set/);
  });

  test('normalizedStack drops `//` at every depth and sorts keys', () => {
    expect(normalizedStack({ b: 1, '//': { x: 1 }, a: [{ '//': 2, c: 3 }] })).toEqual({ a: [{ c: 3 }], b: 1 });
    expect(JSON.stringify(normalizedStack({ b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });
});

describe('toolchainChanges: what synthesizes and plans the stacks, base ref against the checkout', () => {
  test("GIVEN the lockfile, cdktf.json or the workflows' terraform_version changed THEN each is named; GIVEN nothing THEN none", () => {
    const repo = path.join(scratch, 'toolchain-repo');
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    };
    write('package-lock.json', '{"packages":{"node_modules/@cdktf/provider-aws":{"version":"20.1.0"}}}\n');
    write('cdktf.json', '{"app":"node main.js"}\n');
    write('.github/workflows/deploy.yml', 'jobs:\n  x:\n    steps:\n      - with:\n          terraform_version: 1.11.4\n');
    write('main.ts', '');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    write('main.ts', "// a code change is the syntheses' business");
    expect(toolchainChanges(repo, 'HEAD')).toEqual([]);
    write('package-lock.json', '{"packages":{"node_modules/@cdktf/provider-aws":{"version":"20.2.0"}}}\n');
    expect(toolchainChanges(repo, 'HEAD')).toEqual(['package-lock.json']);
    write('.github/workflows/deploy.yml', "jobs:\n  x:\n    steps:\n      - with:\n          terraform_version: '1.12.0'\n");
    write('cdktf.json', '{"app":"node main.js","context":{}}\n');
    expect(toolchainChanges(repo, 'HEAD')).toEqual(['cdktf.json', 'package-lock.json', 'Terraform 1.11.4 → 1.12.0']);
  });
});

describe('npm run affected (the script the workflow runs)', () => {
  test('GIVEN two folders THEN the affected stacks on stderr, $GITHUB_OUTPUT lines appended, and the JSON for the comment', async () => {
    const output = path.join(scratch, 'github-output');
    fs.writeFileSync(output, 'earlier=1\n');
    const json = path.join(scratch, 'affected.json');
    // In this process; the --ref test below runs the command as a process.
    const result = await runScriptInProcess('scripts/affected.ts', ['--base', baseDir, '--head', envoyOnlyDir, '--github-output', output, '--json', json]);
    expect(result.stderr).toMatch(/^1 affected stack, 1 to plan:\n  dev-platform: .*assets \(envoy_configs_/);
    expect(result.status).toBe(0);
    const lines = 'matrix={"include":[{"environment":"dev","stack":"dev-platform","plan-role":"arn:aws:iam::111111111111:role/acme-terraform-plan","region":"eu-west-1"}]}\ncount=1\n';
    expect(result.stdout).toBe(lines);
    expect(fs.readFileSync(output, 'utf8')).toBe(`earlier=1\n${lines}`);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({ affected: [{ stack: 'dev-platform' }], include: [{ stack: 'dev-platform' }], notPlanned: [] });
  });

  test('GIVEN --ref THEN the ref is synthesized in a git worktree: against a head of dev and stg only, the prod stacks count as removed', () => {
    const json = path.join(scratch, 'affected-ref.json');
    const result = runScript('scripts/affected.ts', ['--ref', 'HEAD', '--head', baseDir, '--json', json]);
    expect(result.stderr).toMatch(/prod-bootstrap: removed \(not planned: removed from the synthesis/);
    expect(result.status).toBe(0);
    const { affected, include } = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(affected).toEqual(
      expect.arrayContaining([expect.objectContaining({ stack: 'prod-bootstrap', reasons: ['removed'] }), expect.objectContaining({ stack: 'prod-platform', reasons: ['removed'] })]),
    );
    expect(include.filter((entry: { environment: string }) => entry.environment === 'prod')).toEqual([]);
  }, 120_000);

  test("GIVEN an autoscaled service's desired_count changed (ignore_changes) THEN the cost is unchanged and the comment says autoscaled, as the plan says no changes", () => {
    const WEB = ['aws_ecs_service', 'ecs_service-web_service_3F22B90A'] as const;
    const head = editedCopy('autoscaled', (dir) =>
      editStack(dir, 'stg-platform', (document) => {
        const service = document.resource[WEB[0]][WEB[1]];
        expect(service.lifecycle.ignore_changes).toContain('desired_count');
        service.desired_count += 1;
      }),
    );
    const assumptions = new Map(configs.map((c) => [c.name, c.cost]));
    const cost = planCost(base, readSynthOutput(head), { today: new Date('2026-12-01T00:00:00Z'), assumptions });
    const [stg] = cost.environments;
    expect(stg.environment).toBe('stg');
    expect(stg.delta).toEqual({ min: 0, expected: 0, max: 0 });
    expect(stg.changes).toEqual([]);
    expect(stg.stacks).toEqual([expect.objectContaining({ stack: 'stg-platform', changes: [], delta: { min: 0, expected: 0, max: 0 } })]);
    // One line per capacity provider (FARGATE, FARGATE_SPOT), each changed only by desired_count.
    expect(stg.stacks[0].ignored.map((i) => i.attributes)).toEqual([['desired_count'], ['desired_count']]);
    // The plan of that head: the count is ignored, so no changes.
    const metadata = planMetadata('stg-platform');
    const { report } = renderPlanReport([{ kind: 'plan', summary: { metadata, resources: [], add: 0, change: 0, destroy: 0, replace: 0, outputs: [] } }], { commit: 'c'.repeat(40), cost });
    expect(report).toContain('| stg | `stg-platform` | 0 | 0 | 0 | 0 | no change; autoscaled: `desired_count` (not a change of this plan) |');
    expect(report).toContain('**Autoscaled, not a cost change of this plan** (1)');
    expect(report).toMatch(/- \*\*stg\*\*: (\$[\d.,]+) → \1, \+\$0\.00/);
  });

  test('GIVEN --cost and a service switched from FARGATE_SPOT to FARGATE THEN the JSON has the delta per environment and stack, the lost Spot discount', async () => {
    const WEB = 'aws_ecs_service.ecs_service-web_service_3F22B90A';
    const API = 'aws_ecs_service.ecs_service-api_service_2BDE8E60';
    const onDemandOnly = (stack: string, address: string) => (document: Record<string, any>) => {
      const [type, name] = address.split('.');
      document.resource[type][name].capacity_provider_strategy = [{ base: 0, capacity_provider: 'FARGATE', weight: 1 }];
      expect(stack).toMatch(/-platform$/);
    };
    const head = editedCopy('cost', (dir) => {
      // stg's web service runs on x86, dev's api service on ARM64: both priced by the committed catalog.
      editStack(dir, 'stg-platform', onDemandOnly('stg-platform', WEB));
      editStack(dir, 'dev-platform', onDemandOnly('dev-platform', API));
    });
    const file = path.join(scratch, 'cost-delta.json');
    const result = await runScriptInProcess('scripts/affected.ts', ['--base', baseDir, '--head', head, '--cost', file]);
    expect(result.status).toBe(0);
    const { environments } = JSON.parse(fs.readFileSync(file, 'utf8')) as PlanCostFile;
    expect(environments.map((e) => [e.environment, e.stacks.map((s) => s.stack)])).toEqual([
      ['dev', ['dev-platform']],
      ['stg', ['stg-platform']],
    ]);

    // stg web: 0.5 vCPU, 1 GB, x86; 2 tasks (autoscaling 2–6), strategy FARGATE base 1 weight 1 + FARGATE_SPOT weight 1:
    // on Spot 0.5 task at min and expected, 2.5 at max, at the catalog's Fargate Spot price.
    const catalog = JSON.parse(fs.readFileSync(path.join(root, 'tools/cost/prices/eu-west-1.json'), 'utf8'));
    const month = (prefix: string, arch: string, cpu: number, gb: number) =>
      (cpu * catalog.prices[`${prefix}.${arch}.vcpuHour`].usd + gb * catalog.prices[`${prefix}.${arch}.gbHour`].usd) * catalog.hoursPerMonth;
    const lost = month('fargate', 'x86', 0.5, 1) - month('fargateSpot', 'x86', 0.5, 1);
    const [dev, stg] = environments;
    const web = stg.stacks[0];
    expect(web.delta.min).toBeCloseTo(0.5 * lost, 6);
    expect(web.delta.expected).toBeCloseTo(0.5 * lost, 6);
    expect(web.delta.max).toBeCloseTo(2.5 * lost, 6);
    expect(web.notPriced).toBe(0);
    expect(web.changes.map((c) => [c.before?.component, c.after?.component, c.after?.quantity.expected ?? 0])).toEqual([
      ['Fargate tasks (0.5 vCPU, 1 GB, x86)', 'Fargate tasks (0.5 vCPU, 1 GB, x86)', 2 * 730],
      ['Fargate Spot tasks (0.5 vCPU, 1 GB, x86)', undefined, 0],
    ]);
    for (const bound of ['min', 'expected', 'max'] as const) expect(stg.delta[bound]).toBeCloseTo(web.delta[bound], 6);
    expect(stg.alertAbove).toBe(100);

    // dev api on ARM64 (1 task, 4 : 1 on Spot before): 0.8 task moves from Fargate Spot to Fargate at arm64 prices.
    const arm = month('fargate', 'arm64', 0.5, 1) - month('fargateSpot', 'arm64', 0.5, 1);
    expect(dev.stacks[0].notPriced).toBe(0);
    for (const bound of ['min', 'expected', 'max'] as const) expect(dev.stacks[0].delta[bound]).toBeCloseTo(0.8 * arm, 6);
    expect(dev.unknown).toBe(0);
    expect(dev.changes.map((c) => c.after?.quantity.expected ?? 0)).toEqual([730, 0]);
  }, 60_000);

  test('GIVEN --all (the drift check) THEN every stack on S3 state of the head is in the matrix; the bootstrap stacks (local state) are not', async () => {
    const json = path.join(scratch, 'all.json');
    const result = await runScriptInProcess('scripts/affected.ts', ['--all', '--head', baseDir, '--json', json]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^4 affected stacks, 2 to plan:\n  dev-bootstrap \(not planned: local backend/);
    const { include, notPlanned } = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(include.map((entry: { stack: string }) => entry.stack)).toEqual(['dev-platform', 'stg-platform']);
    expect(notPlanned.map((entry: { stack: string }) => entry.stack)).toEqual(['dev-bootstrap', 'stg-bootstrap']);
    expect(await runScriptInProcess('scripts/affected.ts', ['--all', '--ref', 'HEAD'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/give either --ref, or --base and --head, or --all/),
    });
  });

  test('GIVEN an unknown flag or no base THEN it fails with the usage', async () => {
    expect(await runScriptInProcess('scripts/affected.ts', ['--bogus'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^affected: Unknown option '--bogus'/) });
    expect(await runScriptInProcess('scripts/affected.ts', ['--head', baseDir])).toMatchObject({ status: 1, stderr: expect.stringMatching(/give either --ref, or --base and --head/) });
  });
});
