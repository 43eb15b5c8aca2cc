import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { moveRenamedResources, type WrittenMove } from '../../lib/construct-support/moved-resources';
import { CHANGE_RULES, UPDATED_IN_PLACE, type ChangeEffect } from '../../tools/pull-request/replacement-rules';
import { planStacksOffline, type StackPlanResult } from '../../tools/offline-plan/offline-plan';
import { PROVIDER_SAMPLES, type Patch } from './fixtures/provider-samples';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * What the review report says about a change, checked by Terraform 1.11 with
 * the real AWS provider (5.100.0), offline, against a prior state:
 * - the replacement table is only worth something if it is right: every rule
 *   attribute is changed against a prior state; `replace` and `revision`
 *   entries must plan a replacement forced by that attribute, `roll` entries
 *   an in-place update, as must every argument UPDATED_IN_PLACE lists;
 * - the `moved` blocks `renamedFrom` writes are what Terraform accepts and
 *   acts on: a construct `service-orders` that became `service-checkout`,
 *   against a state holding its resources at the old addresses. The log group
 *   kept its AWS name, so it is only moved; the role's name followed the
 *   service name, so it is moved and still replaced, which is what the review
 *   report says.
 * Both are one stack, planned once (one init, plan and show: each starts the
 * 700 MB provider); the rule cases are named case_<n>, the renamed service's
 * resources service-checkout_…, so their changes do not mix.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'review-rules');
const STACK = 'review-rules';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

class Service extends Construct {
  constructor(scope: Construct, id: string, roleName: string) {
    super(scope, id);
    new CloudwatchLogGroup(this, 'logs', { name: '/ecs/orders' });
    new IamRole(this, 'task-role', { name: roleName, assumeRolePolicy: trust });
  }
}

interface Case {
  readonly name: string;
  readonly resourceType: string;
  readonly attribute: string;
  readonly effect: ChangeEffect | 'in place';
}

const inPlace = Object.entries(UPDATED_IN_PLACE).map(([resourceType, attributes]) => ({ resourceType, attributes, effect: 'in place' as const }));
const cases: Case[] = [...CHANGE_RULES, ...inPlace]
  .flatMap((rule) => rule.attributes.map((attribute) => ({ resourceType: rule.resourceType, attribute, effect: rule.effect, name: '' })))
  .map((c, index) => ({
    ...c,
    name: `case_${index}`,
  }));

function applyPatch(target: Record<string, unknown>, patch: Patch | undefined): Record<string, unknown> {
  const result = structuredClone(target);
  for (const [dotted, value] of Object.entries(patch ?? {})) {
    const segments = dotted.split('.');
    let node: any = result;
    for (const segment of segments.slice(0, -1)) node = Array.isArray(node[segment]) ? node[segment][0] : node[segment];
    const last = segments[segments.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return result;
}

/** The renamed service, synthesized by cdktf with its moved blocks, into `dir`; returns the moves written. */
function synthRenamed(dir: string): WrittenMove[] {
  const app = new App({ outdir: dir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new Service(stack, 'service-checkout', 'checkout-task');
  const moves = moveRenamedResources(stack, [{ parent: [], from: 'service-orders', to: 'service-checkout' }]);
  app.synth();
  return moves;
}

/** The applied state of the old stack: the same resources at the old addresses, the role still named orders-task. */
function renamedPriorState(moves: readonly WrittenMove[]): unknown[] {
  const attributes: Record<string, Record<string, unknown>> = {
    aws_cloudwatch_log_group: { id: '/ecs/orders', name: '/ecs/orders', log_group_class: 'STANDARD', retention_in_days: 0, skip_destroy: false, tags: {}, tags_all: {} },
    aws_iam_role: { id: 'orders-task', name: 'orders-task', path: '/', assume_role_policy: trust, max_session_duration: 3600, force_detach_policies: false, tags: {}, tags_all: {} },
  };
  return moves.map(({ from }) => {
    const [type, name] = from.split('.');
    return { mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: attributes[type] }] };
  });
}

/** Adds a resource per rule case to the stack in `dir`, and its prior state to `resources`. */
function addCases(dir: string, resources: unknown[]): void {
  const file = path.join(dir, 'stacks', STACK, 'cdk.tf.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const c of cases) {
    const sample = PROVIDER_SAMPLES[c.resourceType];
    const change = sample.changes[c.attribute];
    if (!change) throw new Error(`provider-samples.ts has no change for ${c.resourceType} ${c.attribute}`);
    config.resource[c.resourceType] = { ...config.resource[c.resourceType], [c.name]: applyPatch(sample.config, change.config) };
    const prior = applyPatch({ ...sample.config, ...sample.state, id: `${c.name}-id` }, change.state);
    resources.push({
      mode: 'managed',
      type: c.resourceType,
      name: c.name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: sample.schemaVersion ?? 0, attributes: prior }],
    });
  }
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

interface ResourceChange {
  readonly address: string;
  readonly name: string;
  readonly previous_address?: string;
  readonly change: { readonly actions: string[]; readonly replace_paths?: (string | number)[][] };
}

let version: string | undefined;
let plan: StackPlanResult;
let moves: WrittenMove[];
let renameChanges: ResourceChange[];
let caseChanges: Map<string, ResourceChange>;

beforeAll(async () => {
  version = await terraformForSuite('the review rules plan check (replacement rules, renamedFrom)');
  if (!version) return;
  const synthDir = path.join(work, 'input');
  fs.rmSync(synthDir, { recursive: true, force: true });
  fs.mkdirSync(synthDir, { recursive: true });
  moves = synthRenamed(synthDir);
  const resources = renamedPriorState(moves);
  addCases(synthDir, resources);
  const state = { version: 4, terraform_version: '1.10.0', serial: 1, lineage: 'review-rules', outputs: {}, resources };
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), JSON.stringify(state, null, 2));
  [plan] = await planStacksOffline({ synthDir, workDir: path.join(work, 'stacks'), concurrency: 1 });
  if (!plan.ok) return;
  const { stdout } = await promisify(execFile)('terraform', ['show', '-json', 'offline.tfplan'], { cwd: path.join(work, 'stacks', STACK), maxBuffer: 64 * 1024 * 1024 });
  const changes = JSON.parse(stdout).resource_changes as ResourceChange[];
  const isCase = (rc: ResourceChange) => cases.some((c) => c.name === rc.name);
  renameChanges = changes.filter((rc) => !isCase(rc));
  caseChanges = new Map(changes.filter(isCase).map((rc) => [rc.name, rc]));
}, 600_000);

describe('replacement rules against the AWS provider', () => {
  test.each(cases)('$resourceType $attribute: $effect', ({ name, attribute, effect }) => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    const { actions, replace_paths: replacePaths = [] } = caseChanges.get(name)!.change;
    if (effect === 'roll' || effect === 'in place') {
      expect(actions).toEqual(['update']);
    } else {
      expect([...actions].sort()).toEqual(['create', 'delete']);
      const forcing = replacePaths.map((segments) => segments.filter((s) => typeof s === 'string').join('.'));
      expect(forcing.some((forced) => forced === attribute || forced.startsWith(`${attribute}.`))).toBe(true);
    }
  });
});

describe('renamedFrom moved blocks against Terraform', () => {
  test('GIVEN state at the old addresses THEN Terraform plans moves: the log group in place, the renamed role replaced', () => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    expect(moves.map((m) => m.from.split('.')[1])).toEqual([expect.stringMatching(/^service-orders_logs_[0-9A-F]{8}$/), expect.stringMatching(/^service-orders_task-role_[0-9A-F]{8}$/)]);
    const byType = (type: string) => renameChanges.find((c) => c.address.startsWith(`${type}.`))!;
    expect(byType('aws_cloudwatch_log_group').previous_address).toBe(moves[0].from);
    expect(byType('aws_cloudwatch_log_group').change.actions).toEqual(['no-op']);
    expect(byType('aws_iam_role').previous_address).toBe(moves[1].from);
    expect([...byType('aws_iam_role').change.actions].sort()).toEqual(['create', 'delete']);
    // Nothing is planned at the old addresses: no destroy of the moved resources.
    expect(renameChanges.filter((c) => moves.some((m) => m.from === c.address))).toEqual([]);
  });
});
