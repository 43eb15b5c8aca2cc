import * as fs from 'fs';
import { markdownReport } from '../../tools/pull-request/markdown-report';
import { diffStack, diffSyntheses, type ResourceDiff, type StackDiff } from '../../tools/pull-request/stack-diff';
import { readSynthOutput, type StackOutput } from '../../lib/terraform-json/synth-output';
import { ENVOY_HEAD, synthRich, type RichPlatformOptions } from './fixtures/rich-platform-stack';

/**
 * Fixture pairs: one base and one head synthesis of the rich platform stack,
 * with one environment per kind of change, so each environment's diff shows
 * exactly one pull-request change.
 */
const CHANGES: Readonly<Record<string, { readonly base?: RichPlatformOptions; readonly head: RichPlatformOptions }>> = {
  same: { head: {} },
  add: { head: { batchNodeGroup: true } },
  remove: { head: { adminRule: false } },
  inplace: { head: { desiredCount: 3, sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' } },
  capacity: { head: { systemCapacityType: 'SPOT' } },
  subnet: { head: { privateSubnetCidr: '10.0.64.0/19' } },
  image: { head: { appImage: 'nginx:1.28' } },
  rename: { head: { bucketConstructId: 'report-archive' } },
  secret: { head: { databasePassword: 'letmein', bucketNote: 'AKIAIOSFODNN7EXAMPLE' } },
  envoy: { head: { envoyBundle: ENVOY_HEAD } },
};

let diffs: Map<string, StackDiff>;
let report: string;

beforeAll(() => {
  const baseDir = synthRich(Object.fromEntries(Object.entries(CHANGES).map(([env, change]) => [env, change.base ?? {}])));
  const headDir = synthRich(Object.fromEntries(Object.entries(CHANGES).map(([env, change]) => [env, change.head])));
  try {
    const all = diffSyntheses(readSynthOutput(baseDir), readSynthOutput(headDir));
    diffs = new Map(all.map((d) => [d.environment, d]));
    report = markdownReport(all, { baseLabel: 'origin/main', headLabel: 'working tree' });
  } finally {
    fs.rmSync(baseDir, { recursive: true, force: true });
    fs.rmSync(headDir, { recursive: true, force: true });
  }
}, 120_000);

function resource(environment: string, address: string): ResourceDiff {
  const found = diffs.get(environment)!.resources.find((r) => r.block.address === address);
  if (!found)
    throw new Error(
      `${address} is not in the ${environment} diff: ${diffs
        .get(environment)!
        .resources.map((r) => r.block.address)
        .join(', ')}`,
    );
  return found;
}

/** The report section of one environment, up to the next environment heading. */
function section(environment: string): string {
  const start = report.indexOf(`\n### ${environment}\n`);
  if (start < 0) throw new Error(`no section for ${environment}`);
  const next = report.indexOf('\n### ', start + 1);
  return report.slice(start, next < 0 ? undefined : next);
}

describe('synth diff of fixture pairs', () => {
  test('GIVEN identical syntheses THEN the stack is unchanged and not reported', () => {
    expect(diffs.get('same')!.status).toBe('unchanged');
    expect(report).not.toMatch(/### same\n/);
  });

  test('GIVEN a new node group THEN it is listed as added and nothing is destroyed', () => {
    const diff = diffs.get('add')!;
    expect(diff.resources.map((r) => [r.status, r.block.address])).toEqual([['added', 'aws_eks_node_group.batch']]);
    expect(section('add')).toMatch(/\*\*Added\*\* \(1\)\n\n\| address \| construct \|\n\| --- \| --- \|\n\| `aws_eks_node_group\.batch` \| <code>batch<\/code> \|/);
    expect(section('add')).not.toMatch(/CAUTION|replaced/);
  });

  test('GIVEN a removed listener rule THEN it is listed as removed and called out as destroyed', () => {
    expect(resource('remove', 'aws_lb_listener_rule.admin-rule').status).toBe('removed');
    expect(report).toMatch(/> \[!CAUTION\]\n> \*\*\d+ destructive changes\*\*(\n> - .*)*\n> - `aws_lb_listener_rule\.admin-rule` in `remove-platform` is destroyed/);
  });

  test('GIVEN in-place changes THEN the attributes are listed with no replacement warning', () => {
    const service = resource('inplace', 'aws_ecs_service.orders');
    expect(service.changes.map((c) => [c.path, c.before, c.after])).toEqual([['desired_count', 2, 3]]);
    expect(service.effects).toEqual([]);
    expect(resource('inplace', 'aws_lb_listener.https').effects).toEqual([]);
    expect(section('inplace')).toMatch(/\| <code>ssl_policy<\/code> \| <code>"ELBSecurityPolicy-TLS13-1-2-2021-06"<\/code> \| <code>"ELBSecurityPolicy-TLS13-1-3-2021-06"<\/code> \|/);
    expect(section('inplace')).not.toMatch(/replaced|rolling|revision/);
  });

  test('GIVEN a node group switched from on-demand to Spot THEN it is reported as replaced because of capacity_type', () => {
    const nodeGroup = resource('capacity', 'aws_eks_node_group.system');
    expect(nodeGroup.effects.map((e) => [e.effect, e.attribute, e.becauseOf])).toEqual([['replace', 'capacity_type', undefined]]);
    expect(section('capacity')).toMatch(
      /- `aws_eks_node_group\.system` \(<code>system<\/code>\)\n  - ⚠️ \*\*replaced\*\*: destroyed, then created \(downtime until the new one is up\): `capacity_type` changed\. The group's nodes are drained and terminated before .*\[aws_eks_node_group\]\(https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/5\.100\.0\/docs\/resources\/eks_node_group\)/,
    );
    expect(section('capacity')).toMatch(/\| <code>capacity_type<\/code> \| <code>"ON_DEMAND"<\/code> \| <code>"SPOT"<\/code> \|/);
    expect(report).toMatch(/> - `aws_eks_node_group\.system` in `capacity-platform` is replaced \(`capacity_type`\)/);
  });

  test('GIVEN a private subnet with a new CIDR THEN the node groups in it are replaced too, the cluster is updated in place', () => {
    expect(resource('subnet', 'aws_subnet.private-a').effects.map((e) => e.attribute)).toEqual(['cidr_block']);
    for (const group of ['spot', 'system']) {
      expect(resource('subnet', `aws_eks_node_group.${group}`).effects.map((e) => [e.effect, e.attribute, e.becauseOf])).toEqual([['replace', 'subnet_ids', 'aws_subnet.private-a']]);
    }
    // EKS updates a cluster's subnets in place (checked against the provider by the replacement rules test).
    expect(diffs.get('subnet')!.resources.map((r) => r.block.address)).not.toContain('aws_eks_cluster.eks');
    expect(section('subnet')).toMatch(/`subnet_ids` references `aws_subnet\.private-a`, which is replaced/);
  });

  test('GIVEN a new app image THEN the task definition gets a new revision and the service rolls, without a destroy warning', () => {
    const taskDefinition = resource('image', 'aws_ecs_task_definition.orders-task');
    expect(taskDefinition.effects.map((e) => [e.effect, e.attribute])).toEqual([['revision', 'container_definitions']]);
    expect(taskDefinition.changes.map((c) => [c.path, c.before, c.after])).toEqual([['container_definitions::[app].image', 'nginx:1.27', 'nginx:1.28']]);
    expect(resource('image', 'aws_ecs_service.orders').effects.map((e) => [e.effect, e.becauseOf])).toEqual([['roll', 'aws_ecs_task_definition.orders-task']]);
    expect(section('image')).toMatch(/🔁 \*\*new revision\*\*: `container_definitions` changed\. A new task definition revision: the service rolls its tasks to it \(no downtime by itself\)/);
    expect(report).not.toMatch(/`aws_ecs_task_definition\.orders-task` in `image-platform` is replaced/);
  });

  test('GIVEN a renamed construct id THEN the report warns that it destroys the bucket and suggests a moved block', () => {
    const diff = diffs.get('rename')!;
    expect(diff.renames.map((r) => [r.from.address, r.to.address])).toEqual([['aws_s3_bucket.reports-bucket', 'aws_s3_bucket.report-archive']]);
    expect(section('rename')).toMatch(/> - Terraform \*\*destroys\*\* `aws_s3_bucket\.reports-bucket` and creates `aws_s3_bucket\.report-archive`/);
    expect(section('rename')).toMatch(/> moved \{\n>   from = aws_s3_bucket\.reports-bucket\n>   to   = aws_s3_bucket\.report-archive\n> \}/);
  });

  test('GIVEN a changed password variable and a key-shaped tag THEN their values never reach the report', () => {
    expect(section('secret')).toMatch(/\| <code>container_definitions::\[app\]\.environment\[DB_PASSWORD\]\.value<\/code> \| <em>\(redacted\)<\/em> \| <em>\(redacted\)<\/em> \|/);
    expect(section('secret')).toMatch(/\| <code>tags\.note<\/code> \| <code>"reports"<\/code> \| <em>\(redacted\)<\/em> \|/);
    expect(report).not.toMatch(/letmein|hunter2|AKIAIOSFODNN7EXAMPLE/);
  });

  test('GIVEN a changed Envoy bundle THEN its unified diff is printed, redacted, under that environment only', () => {
    const [file] = diffs.get('envoy')!.files;
    expect(file.key).toBe('envoy-bundle/envoy.yaml');
    expect(file.status).toBe('changed');
    expect(section('envoy')).toMatch(/```diff\n--- a\/envoy-bundle\/envoy\.yaml\n\+\+\+ b\/envoy-bundle\/envoy\.yaml\n@@ /);
    expect(section('envoy')).toMatch(/\n-                tls_params: \{ tls_minimum_protocol_version: TLSv1_2 \}\n\+                tls_params: \{ tls_minimum_protocol_version: TLSv1_3 \}\n/);
    expect(section('envoy')).toMatch(/\n\+admin_token: \(redacted\)\n/);
    expect(report).not.toMatch(/s3cr3t/);
    expect([...diffs.values()].filter((d) => d.files.length > 0).map((d) => d.environment)).toEqual(['envoy']);
  });

  test('the summary table has one row per changed stack', () => {
    const rows = report.split('\n').filter((line) => /^\| [a-z]+ \| `/.test(line));
    expect(rows).toHaveLength(Object.keys(CHANGES).length - 1);
    expect(rows).toContain('| capacity | `capacity-platform` | 0 | 1 | 0 | ⚠️ 1 | 0 |');
  });
});

describe('stacks and settings', () => {
  const stack = (id: string, document: Record<string, unknown>): StackOutput => ({ id, environment: id.split('-')[0], document, assets: new Map() });
  const backend = (key: string) => ({ terraform: { backend: { s3: { bucket: 'state', key } } }, resource: { aws_vpc: { vpc: { cidr_block: '10.0.0.0/16' } } } });

  test('GIVEN a stack only in the head THEN it is added with all its resources', () => {
    const diff = diffStack(undefined, stack('qa-platform', backend('qa/platform.tfstate')));
    expect(diff.status).toBe('added');
    expect(diff.resources.map((r) => [r.status, r.block.address])).toEqual([['added', 'aws_vpc.vpc']]);
  });

  test('GIVEN a changed backend key THEN the report warns that Terraform would start from another state', () => {
    const diff = diffStack(stack('dev-platform', backend('dev/platform.tfstate')), stack('dev-platform', backend('dev/main.tfstate')));
    expect(diff.settings.map((c) => c.path)).toEqual(['terraform.backend.s3.key']);
    expect(markdownReport([diff], { baseLabel: 'a', headLabel: 'b' })).toMatch(/> The state backend changed \(`terraform\.backend\.s3\.key`\): Terraform would start from another state\./);
  });

  test('GIVEN no changes THEN the report says so', () => {
    const same = diffStack(stack('dev-platform', backend('k')), stack('dev-platform', backend('k')));
    expect(markdownReport([same], { baseLabel: 'origin/main', headLabel: 'working tree' })).toBe(
      '## Synthesized Terraform: `origin/main` → `working tree`\n\nNo changes in the synthesized stacks (1 compared).\n',
    );
  });
});
