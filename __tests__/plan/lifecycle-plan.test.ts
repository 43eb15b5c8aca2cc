import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { ApiGatewayVpcLink } from '@cdktf/provider-aws/lib/api-gateway-vpc-link';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ServiceRestApi } from '../../lib/apigw/service-rest-api';
import { EksNodeGroup, type EksNodeGroupProps } from '../../lib/eks/eks-node-group';
import { planStacksOffline } from '../../tools/offline-plan/offline-plan';
import { standaloneNodeGroupProps } from '../eks/eks-fixture';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * What Terraform itself does with lifecycle settings, planned offline in two
 * rounds against a state that looks applied (the create plan's values with
 * the computed ids filled in):
 * - the EKS node group, whose desired size Cluster Autoscaler has since moved
 *   (the state's desired_size changed to 2);
 * - the API Gateway deployment's triggers, as Terraform itself evaluates them
 *   over that state (`terraform console`): two APIs, each with its own VPC
 *   link; in the second round one link targets another NLB (it is replaced).
 * Both fixtures share one stack per round: Terraform and the 700 MB AWS
 * provider start once per round (init, plan, show) rather than once per
 * fixture and round. Their construct ids do not overlap (node groups:
 * unchanged, raised, enforced, retyped; APIs: same, moved), so each resource
 * maps back to its fixture by name.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'jest-lifecycle');
const STACK = 'lifecycle';

const POOL: EksNodeGroupProps = { ...standaloneNodeGroupProps(), scaling: { minSize: 1, maxSize: 3, desiredSize: 1, enforceDesiredSize: false } };

/** Scaling of the applied group after the autoscaler moved it to 2 nodes. */
const AUTOSCALED_DESIRED_SIZE = 2;

/** Construct ids of the variants; none is a prefix of another, so Terraform names map back to them. */
const VARIANTS: Record<string, Partial<EksNodeGroupProps>> = {
  unchanged: {},
  raised: { scaling: { minSize: 3, maxSize: 6, desiredSize: 3, enforceDesiredSize: false } },
  enforced: { scaling: { minSize: 3, maxSize: 6, desiredSize: 3, enforceDesiredSize: true } },
  retyped: { instances: { instanceTypes: ['m6i.large', 'm6a.large', 'm5.large'] } },
};

/** API variants: the construct ids of the two APIs and their VPC links. */
const APIS = ['same', 'moved'] as const;
const NLB = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/${name}/0123456789abcdef`;

type ResourceChange = { type: string; name: string; change: { actions: string[]; before: Record<string, any> | null; after: Record<string, any>; replace_paths?: string[][] } };

const isApi = (change: { name: string }) => APIS.some((api) => change.name.startsWith(`${api}_`) || change.name.startsWith(`${api}-link`));

/** One stack: a node group per variant and the two APIs with their VPC links. */
function synthRound(outdir: string, pools: Record<string, Partial<EksNodeGroupProps>>, nlbs: Record<'same' | 'moved', string>): void {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  for (const [variant, changes] of Object.entries(pools)) new EksNodeGroup(stack, variant, { ...POOL, ...changes });
  for (const variant of ['same', 'moved'] as const) {
    const vpcLink = new ApiGatewayVpcLink(stack, `${variant}-link`, { name: variant, targetArns: [nlbs[variant]] });
    new ServiceRestApi(stack, variant, {
      namePrefix: 'acme-test',
      serviceName: variant,
      authorization: 'AWS_IAM',
      stageName: 'v1',
      throttling: { rateLimit: 500, burstLimit: 1000 },
      xrayTracing: false,
      executeApiEndpoint: 'enabled',
      vpcLink,
      backend: { hostName: 'api.internal.example.com', listenerPort: 443, certificateNames: ['api.internal.example.com'] },
      logKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
      logRetentionDays: 30,
    });
  }
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

/** Computed attributes an applied resource has, by type; `n` makes ids distinct. */
function computed(type: string, name: string, n: number): Record<string, unknown> {
  const id = `id${String(n).padStart(8, '0')}`;
  switch (type) {
    case 'aws_api_gateway_rest_api':
      return {
        id,
        root_resource_id: `root${n}`,
        arn: `arn:aws:apigateway:eu-west-1::/restapis/${id}`,
        execution_arn: `arn:aws:execute-api:eu-west-1:123456789012:${id}`,
        created_date: '2026-01-01T00:00:00Z',
        policy: '',
        binary_media_types: [],
      };
    case 'aws_api_gateway_vpc_link':
      return { id, arn: `arn:aws:apigateway:eu-west-1::/vpclinks/${id}` };
    case 'aws_cloudwatch_log_group':
      return { id: name, arn: `arn:aws:logs:eu-west-1:123456789012:log-group:${name}` };
    case 'aws_api_gateway_deployment':
      return { id, created_date: '2026-01-01T00:00:00Z', execution_arn: 'x', invoke_url: 'x' };
    case 'aws_api_gateway_stage':
      return { id, arn: 'x', execution_arn: 'arn:aws:execute-api:eu-west-1:123456789012:x/v1', invoke_url: 'x', web_acl_arn: '' };
    default:
      return { id };
  }
}

let version: string | undefined;
let nodeGroups: Map<string, ResourceChange>;
let apiChanges: ResourceChange[];

beforeAll(async () => {
  version = await terraformForSuite('the lifecycle plan test (EKS node groups, API Gateway deployment triggers)');
  if (!version) return;
  fs.rmSync(work, { recursive: true, force: true });
  // Round 1: every node group variant as the applied group was, and both APIs on the same NLB, planned to create.
  const before = { same: NLB('acme-test-apigw'), moved: NLB('acme-test-apigw') };
  synthRound(path.join(work, 'initial'), Object.fromEntries(Object.keys(VARIANTS).map((variant) => [variant, {}])), before);
  const created = await plan(path.join(work, 'initial'), path.join(work, 'initial-plan'));
  const nodeGroupState = JSON.parse(
    appliedState(
      created.filter((r) => !isApi(r)),
      AUTOSCALED_DESIRED_SIZE,
    ),
  ).resources as unknown[];

  // The APIs' applied state: the create plan's values with computed attributes, and the references the create plan
  // left unknown filled from the referenced resource's state (twice: chains of two).
  const config = JSON.parse(fs.readFileSync(path.join(work, 'initial', 'stacks', STACK, 'cdk.tf.json'), 'utf8')).resource;
  let n = 0;
  const attributes = new Map(created.filter(isApi).map((r) => [`${r.type}.${r.name}`, { ...r.change.after, ...computed(r.type, r.name, ++n) } as Record<string, any>]));
  for (let pass = 0; pass < 2; pass++) {
    for (const [address, values] of attributes) {
      const [type, name] = address.split('.');
      fill(values, config[type][name], attributes);
    }
  }
  const workDir = path.join(work, 'initial-plan', STACK);
  const writeState = () => {
    const apiState = [...attributes].map(([address, values]) => {
      const [type, name] = address.split('.');
      return { mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: values, sensitive_attributes: [] }] };
    });
    return JSON.stringify({ version: 4, terraform_version: version, serial: 1, lineage: 'lifecycle-plan-test', outputs: {}, resources: [...nodeGroupState, ...apiState] }, null, 2);
  };
  fs.writeFileSync(path.join(workDir, 'terraform.tfstate'), writeState());
  // The triggers as Terraform evaluates them over that state, all in one `terraform console` (each run loads the provider's schema).
  const references: { triggers: Record<string, string>; key: string; expression: string }[] = [];
  for (const [address, values] of attributes) {
    if (!address.startsWith('aws_api_gateway_deployment.')) continue;
    const [type, name] = address.split('.');
    values.triggers = { ...config[type][name].triggers };
    for (const [key, value] of Object.entries<string>(values.triggers)) {
      if (value.startsWith('${')) references.push({ triggers: values.triggers, key, expression: value.slice(2, -1) });
    }
  }
  expect(references).toHaveLength(6);
  evaluate(
    workDir,
    references.map((r) => r.expression),
  ).forEach((value, i) => (references[i].triggers[references[i].key] = value));
  const state = writeState();

  // Round 2: each node group variant's change, and the 'moved' API's VPC link on another NLB (target_arns forces a new link).
  const synthDir = path.join(work, 'changed');
  synthRound(synthDir, VARIANTS, { same: before.same, moved: NLB('acme-test-apigw-2') });
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), state);
  const changes = await plan(synthDir, path.join(work, 'changed-plan'));
  apiChanges = changes.filter(isApi);
  const planned = changes.filter((change) => change.type === 'aws_eks_node_group');
  nodeGroups = new Map(Object.keys(VARIANTS).map((variant) => [variant, planned.find((change) => change.name.startsWith(`${variant}_`))!]));
  expect([...nodeGroups.values()].every(Boolean)).toBe(true);
}, 600_000);

describe('node group lifecycle, planned by Terraform against an autoscaled group', () => {
  test('GIVEN only the autoscaler moved the desired size THEN Terraform keeps its 2 nodes rather than resetting to the configured 1', () => {
    if (!version) return;
    const { actions, before, after } = nodeGroups.get('unchanged')!.change;
    // Not a replacement; the offline state's launch template is not byte-identical to
    // one AWS would return, so the provider may still plan a new template version.
    expect(actions).not.toContain('delete');
    expect(before!.scaling_config).toEqual([{ min_size: 1, max_size: 3, desired_size: AUTOSCALED_DESIRED_SIZE }]);
    expect(after.scaling_config).toEqual(before!.scaling_config);
  });

  test('GIVEN minSize raised above the current size THEN the ignored desired size stays 2: the update AWS rejects', () => {
    if (!version) return;
    const { actions, after } = nodeGroups.get('raised')!.change;
    expect(actions).toEqual(['update']);
    expect(after.scaling_config).toEqual([{ min_size: 3, max_size: 6, desired_size: AUTOSCALED_DESIRED_SIZE }]);
    expect(after.scaling_config[0].min_size).toBeGreaterThan(after.scaling_config[0].desired_size);
  });

  test('GIVEN the same change with enforceDesiredSize THEN the update sends desired 3 with min 3, in place', () => {
    if (!version) return;
    const { actions, after } = nodeGroups.get('enforced')!.change;
    expect(actions).toEqual(['update']);
    expect(after.scaling_config).toEqual([{ min_size: 3, max_size: 6, desired_size: 3 }]);
  });

  test('GIVEN new instance types THEN the group is replaced, the new one created before the old is destroyed', () => {
    if (!version) return;
    const { actions, after } = nodeGroups.get('retyped')!.change;
    expect(actions).toEqual(['create', 'delete']);
    expect(after.instance_types).toEqual(['m6i.large', 'm6a.large', 'm5.large']);
  });
});

const deploymentOf = (variant: string) => apiChanges.find((c) => c.type === 'aws_api_gateway_deployment' && c.name.startsWith(`${variant}_`))!.change;
const linkOf = (variant: string) => apiChanges.find((c) => c.type === 'aws_api_gateway_vpc_link' && c.name.startsWith(`${variant}-link`))!.change.actions;

describe('deployment triggers, planned by Terraform against an applied API', () => {
  test('GIVEN nothing changed THEN the deployment is kept: the triggers are stable over an applied state', () => {
    if (!version) return;
    expect(deploymentOf('same').actions).toEqual(['no-op']);
  });

  test('GIVEN the VPC link replaced (it targets another NLB) THEN the deployment is replaced, the new one created first', () => {
    if (!version) return;
    expect(linkOf('moved')).toEqual(['create', 'delete']);
    expect(deploymentOf('moved')).toEqual(expect.objectContaining({ actions: ['create', 'delete'], replace_paths: [['triggers']] }));
  });
});

/** Copies into `state` the values `config` takes from references (`${type.name.attr}`), where the state lacks them. */
function fill(state: Record<string, any>, config: Record<string, any>, all: Map<string, Record<string, any>>): void {
  for (const [key, value] of Object.entries(config ?? {})) {
    if (key === '//' || key === 'depends_on' || key === 'lifecycle' || key === 'triggers') continue;
    const reference = typeof value === 'string' ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value) : null;
    if (reference) {
      const target = all.get(reference[1]);
      if (target?.[reference[2]] !== undefined && state[key] == null) state[key] = target[reference[2]];
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const nested = Array.isArray(state[key]) ? state[key][0] : state[key];
      if (nested && typeof nested === 'object') fill(nested, value, all);
    }
  }
}

/** Terraform expressions' string values over the working directory's state, from one `terraform console`. */
function evaluate(workDir: string, expressions: readonly string[]): string[] {
  // console prints a string as a quoted literal: here the JSON of the list of values.
  const shown = execFileSync('terraform', ['console'], { cwd: workDir, input: `jsonencode([${expressions.join(', ')}])\n`, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  const values = JSON.parse(JSON.parse(shown)) as string[];
  if (values.length !== expressions.length || values.some((v) => typeof v !== 'string' || v === '')) throw new Error(`terraform console: ${shown}`);
  return values;
}
