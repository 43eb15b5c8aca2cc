import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EksNodeGroup, type EksNodeGroupProps } from '../../lib/eks/eks-node-group';
import { planStacksOffline } from '../../tools/plan/offline-plan';
import { standaloneNodeGroupProps } from '../eks/eks-fixture';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * What Terraform itself does with the node group's lifecycle settings, planned
 * offline against a state that looks like an applied group whose desired size
 * Cluster Autoscaler has since moved: the state is the create plan's values
 * with the computed ids filled in and desired_size changed to 2.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'jest-eks-node-group');

const POOL: EksNodeGroupProps = { ...standaloneNodeGroupProps(), scaling: { minSize: 1, maxSize: 3, desiredSize: 1, enforceDesiredSize: false } };

/** Scaling of the applied group after the autoscaler moved it to 2 nodes. */
const AUTOSCALED_DESIRED_SIZE = 2;

const STACK = 'node-groups';

/** Construct ids of the variants; none is a prefix of another, so Terraform names map back to them. */
const VARIANTS: Record<string, Partial<EksNodeGroupProps>> = {
  unchanged: {},
  raised: { scaling: { minSize: 3, maxSize: 6, desiredSize: 3, enforceDesiredSize: false } },
  enforced: { scaling: { minSize: 3, maxSize: 6, desiredSize: 3, enforceDesiredSize: true } },
  retyped: { instances: { instanceTypes: ['m6i.large', 'm6a.large', 'm5.large'] } },
};

type ResourceChange = { type: string; name: string; change: { actions: string[]; before: Record<string, any> | null; after: Record<string, any> } };

/**
 * One stack holding a node group per variant: Terraform and the provider then
 * start once per round rather than once per variant.
 */
function synthPools(outdir: string, pools: Record<string, Partial<EksNodeGroupProps>>): void {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  for (const [variant, changes] of Object.entries(pools)) new EksNodeGroup(stack, variant, { ...POOL, ...changes });
  app.synth();
}

/** The resource changes of the stack's offline plan. */
async function plan(synthDir: string, workDir: string): Promise<ResourceChange[]> {
  const [result] = await planStacksOffline({ synthDir, workDir });
  if (!result.ok) throw new Error(`${result.stack}: terraform ${result.failedStep} failed:\n${result.output}`);
  const shown = execFileSync('terraform', ['show', '-json', 'offline.tfplan'], {
    cwd: path.join(workDir, result.stack),
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(shown.toString()).resource_changes;
}

/** A state in which the launch template and node group exist as planned, with their computed attributes filled in. */
function appliedState(changes: ResourceChange[], desiredSize: number): string {
  const computed: Record<string, Record<string, unknown>> = {
    aws_launch_template: { id: 'lt-0123456789abcdef0', arn: 'arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0123456789abcdef0', latest_version: 1, default_version: 1 },
    aws_eks_node_group: {
      id: 'acme-test:acme-test-pool-20260101000000000000000001',
      arn: 'arn:aws:eks:eu-west-1:123456789012:nodegroup/acme-test/acme-test-pool-20260101000000000000000001/0',
      node_group_name: 'acme-test-pool-20260101000000000000000001',
      status: 'ACTIVE',
      resources: [{ autoscaling_groups: [{ name: 'eks-acme-test-pool-0' }], remote_access_security_group_id: '' }],
      launch_template: [{ id: 'lt-0123456789abcdef0', name: 'acme-test-pool-1', version: '1' }],
    },
  };
  const resources = changes
    .filter((resource) => resource.type in computed)
    .map((resource) => {
      const attributes = { ...resource.change.after, ...computed[resource.type] };
      if (resource.type === 'aws_eks_node_group') attributes.scaling_config = [{ ...attributes.scaling_config[0], desired_size: desiredSize }];
      return {
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
      };
    });
  return JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'eks-node-group-plan-test', outputs: {}, resources }, null, 2);
}

let version: string | undefined;
let changes: Map<string, ResourceChange>;

beforeAll(async () => {
  version = await terraformForSuite('the EKS node group plan test');
  if (!version) return;
  fs.rmSync(work, { recursive: true, force: true });
  // Round 1: every variant as the applied group was, planned to create.
  synthPools(path.join(work, 'initial'), Object.fromEntries(Object.keys(VARIANTS).map((variant) => [variant, {}])));
  const state = appliedState(await plan(path.join(work, 'initial'), path.join(work, 'initial-plan')), AUTOSCALED_DESIRED_SIZE);
  // Round 2: each variant's change against that state.
  const synthDir = path.join(work, 'changed');
  synthPools(synthDir, VARIANTS);
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), state);
  const planned = (await plan(synthDir, path.join(work, 'changed-plan'))).filter((change) => change.type === 'aws_eks_node_group');
  changes = new Map(Object.keys(VARIANTS).map((variant) => [variant, planned.find((change) => change.name.startsWith(`${variant}_`))!]));
  expect([...changes.values()].every(Boolean)).toBe(true);
}, 600_000);

describe('node group lifecycle, planned by Terraform against an autoscaled group', () => {
  test('GIVEN only the autoscaler moved the desired size THEN Terraform keeps its 2 nodes rather than resetting to the configured 1', () => {
    if (!version) return;
    const { actions, before, after } = changes.get('unchanged')!.change;
    // Not a replacement; the offline state's launch template is not byte-identical to
    // one AWS would return, so the provider may still plan a new template version.
    expect(actions).not.toContain('delete');
    expect(before!.scaling_config).toEqual([{ min_size: 1, max_size: 3, desired_size: AUTOSCALED_DESIRED_SIZE }]);
    expect(after.scaling_config).toEqual(before!.scaling_config);
  });

  test('GIVEN minSize raised above the current size THEN the ignored desired size stays 2: the update AWS rejects', () => {
    if (!version) return;
    const { actions, after } = changes.get('raised')!.change;
    expect(actions).toEqual(['update']);
    expect(after.scaling_config).toEqual([{ min_size: 3, max_size: 6, desired_size: AUTOSCALED_DESIRED_SIZE }]);
    expect(after.scaling_config[0].min_size).toBeGreaterThan(after.scaling_config[0].desired_size);
  });

  test('GIVEN the same change with enforceDesiredSize THEN the update sends desired 3 with min 3, in place', () => {
    if (!version) return;
    const { actions, after } = changes.get('enforced')!.change;
    expect(actions).toEqual(['update']);
    expect(after.scaling_config).toEqual([{ min_size: 3, max_size: 6, desired_size: 3 }]);
  });

  test('GIVEN new instance types THEN the group is replaced, the new one created before the old is destroyed', () => {
    if (!version) return;
    const { actions, after } = changes.get('retyped')!.change;
    expect(actions).toEqual(['create', 'delete']);
    expect(after.instance_types).toEqual(['m6i.large', 'm6a.large', 'm5.large']);
  });
});
