import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { moveRenamedResources, type WrittenMove } from '../../lib/core/moved-resources';
import { planStacksOffline, type StackPlanResult } from '../../tools/plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * The `moved` blocks `renamedFrom` writes are what Terraform 1.11 accepts and
 * acts on: a stack whose construct `service-orders` became `service-checkout`
 * is planned, offline with AWS provider 5.100.0, against a state holding the
 * resources at their old addresses. The log group kept its AWS name, so it is
 * only moved; the role's name followed the service name, so it is moved and
 * still replaced, which is what the review report says.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'renamed-from');
const STACK = 'renamed-from';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

class Service extends Construct {
  constructor(scope: Construct, id: string, roleName: string) {
    super(scope, id);
    new CloudwatchLogGroup(this, 'logs', { name: '/ecs/orders' });
    new IamRole(this, 'task-role', { name: roleName, assumeRolePolicy: trust });
  }
}

interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly change: { readonly actions: string[] };
}

let version: string | undefined;
let plan: StackPlanResult;
let moves: WrittenMove[];
let changes: ResourceChange[];

beforeAll(async () => {
  version = await terraformForSuite('the renamedFrom plan check');
  if (!version) return;
  const synthDir = path.join(work, 'input');
  fs.rmSync(synthDir, { recursive: true, force: true });
  fs.mkdirSync(synthDir, { recursive: true });
  const app = new App({ outdir: synthDir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new Service(stack, 'service-checkout', 'checkout-task');
  moves = moveRenamedResources(stack, [{ parent: [], from: 'service-orders', to: 'service-checkout' }]);
  app.synth();
  // The applied state of the old stack: the same resources at the old addresses, the role still named orders-task.
  const attributes: Record<string, Record<string, unknown>> = {
    aws_cloudwatch_log_group: { id: '/ecs/orders', name: '/ecs/orders', log_group_class: 'STANDARD', retention_in_days: 0, skip_destroy: false, tags: {}, tags_all: {} },
    aws_iam_role: { id: 'orders-task', name: 'orders-task', path: '/', assume_role_policy: trust, max_session_duration: 3600, force_detach_policies: false, tags: {}, tags_all: {} },
  };
  const resources = moves.map(({ from }) => {
    const [type, name] = from.split('.');
    return { mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: attributes[type] }] };
  });
  const state = { version: 4, terraform_version: '1.10.0', serial: 1, lineage: 'renamed-from', outputs: {}, resources };
  fs.writeFileSync(path.join(synthDir, 'stacks', STACK, 'terraform.tfstate'), JSON.stringify(state, null, 2));
  [plan] = await planStacksOffline({ synthDir, workDir: path.join(work, 'stacks'), concurrency: 1 });
  if (!plan.ok) return;
  const { stdout } = await promisify(execFile)('terraform', ['show', '-json', 'offline.tfplan'], { cwd: path.join(work, 'stacks', STACK), maxBuffer: 64 * 1024 * 1024 });
  changes = JSON.parse(stdout).resource_changes as ResourceChange[];
}, 300_000);

describe('renamedFrom moved blocks against Terraform', () => {
  test('GIVEN state at the old addresses THEN Terraform plans moves: the log group in place, the renamed role replaced', () => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    expect(moves.map((m) => m.from.split('.')[1])).toEqual([expect.stringMatching(/^service-orders_logs_[0-9A-F]{8}$/), expect.stringMatching(/^service-orders_task-role_[0-9A-F]{8}$/)]);
    const byType = (type: string) => changes.find((c) => c.address.startsWith(`${type}.`))!;
    expect(byType('aws_cloudwatch_log_group').previous_address).toBe(moves[0].from);
    expect(byType('aws_cloudwatch_log_group').change.actions).toEqual(['no-op']);
    expect(byType('aws_iam_role').previous_address).toBe(moves[1].from);
    expect([...byType('aws_iam_role').change.actions].sort()).toEqual(['create', 'delete']);
    // Nothing is planned at the old addresses: no destroy of the moved resources.
    expect(changes.filter((c) => moves.some((m) => m.from === c.address))).toEqual([]);
  });
});
