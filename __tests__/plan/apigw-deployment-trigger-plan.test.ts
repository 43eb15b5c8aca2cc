import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { ApiGatewayVpcLink } from '@cdktf/provider-aws/lib/api-gateway-vpc-link';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ServiceRestApi } from '../../lib/apigw/service-rest-api';
import { planStacksOffline } from '../../tools/plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * What Terraform does with the deployment's triggers, planned offline against
 * a state that looks like an applied API: the create plan's values with the
 * computed ids filled in, and the triggers as Terraform itself evaluates them
 * over that state (`terraform console`). Two APIs, each with its own VPC link;
 * in the second round one link targets another NLB (the link is replaced).
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'jest-apigw-deployment-trigger');
const STACK = 'apigw-trigger';
const NLB = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/${name}/0123456789abcdef`;

type ResourceChange = { type: string; name: string; change: { actions: string[]; after: Record<string, any>; replace_paths?: string[][] } };

function synthApis(outdir: string, nlbs: Record<'same' | 'moved', string>): void {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
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

async function plan(synthDir: string, workDir: string): Promise<ResourceChange[]> {
  const [result] = await planStacksOffline({ synthDir, workDir });
  if (!result.ok) throw new Error(`${result.stack}: terraform ${result.failedStep} failed:\n${result.output}`);
  const shown = execFileSync('terraform', ['show', '-json', 'offline.tfplan'], { cwd: path.join(workDir, STACK), maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(shown.toString()).resource_changes;
}

/** Computed attributes an applied resource has, by type; `n` makes ids distinct. */
function computed(type: string, name: string, n: number): Record<string, unknown> {
  const id = `id${String(n).padStart(8, '0')}`;
  switch (type) {
    case 'aws_api_gateway_rest_api':
      return { id, root_resource_id: `root${n}`, arn: `arn:aws:apigateway:eu-west-1::/restapis/${id}`, execution_arn: `arn:aws:execute-api:eu-west-1:123456789012:${id}`, created_date: '2026-01-01T00:00:00Z', policy: '', binary_media_types: [] };
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
let changes: ResourceChange[];

beforeAll(async () => {
  version = await terraformForSuite('the API Gateway deployment trigger plan test');
  if (!version) return;
  fs.rmSync(work, { recursive: true, force: true });
  const before = { same: NLB('acme-test-apigw'), moved: NLB('acme-test-apigw') };
  synthApis(path.join(work, 'initial'), before);
  const created = await plan(path.join(work, 'initial'), path.join(work, 'initial-plan'));
  const config = JSON.parse(fs.readFileSync(path.join(work, 'initial', 'stacks', STACK, 'cdk.tf.json'), 'utf8')).resource;
  let n = 0;
  const attributes = new Map(created.map((r) => [`${r.type}.${r.name}`, { ...r.change.after, ...computed(r.type, r.name, ++n) } as Record<string, any>]));
  // The references the create plan left unknown, filled from the referenced resource's state (twice: chains of two).
  for (let pass = 0; pass < 2; pass++) {
    for (const [address, values] of attributes) {
      const [type, name] = address.split('.');
      fill(values, config[type][name], attributes);
    }
  }
  const workDir = path.join(work, 'initial-plan', STACK);
  const writeState = () => {
    const resources = [...attributes].map(([address, values]) => {
      const [type, name] = address.split('.');
      return { mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: values, sensitive_attributes: [] }] };
    });
    return JSON.stringify({ version: 4, terraform_version: version, serial: 1, lineage: 'apigw-trigger-plan-test', outputs: {}, resources }, null, 2);
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
  evaluate(workDir, references.map((r) => r.expression)).forEach((value, i) => (references[i].triggers[references[i].key] = value));
  const state = writeState();

  // Round 2: the 'moved' API's VPC link now targets another NLB (target_arns forces a new link).
  const synthDir = path.join(work, 'changed');
  synthApis(synthDir, { same: before.same, moved: NLB('acme-test-apigw-2') });
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), state);
  changes = await plan(synthDir, path.join(work, 'changed-plan'));
}, 600_000);

const deploymentOf = (variant: string) => changes.find((c) => c.type === 'aws_api_gateway_deployment' && c.name.startsWith(`${variant}_`))!.change;
const linkOf = (variant: string) => changes.find((c) => c.type === 'aws_api_gateway_vpc_link' && c.name.startsWith(`${variant}-link`))!.change.actions;

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
