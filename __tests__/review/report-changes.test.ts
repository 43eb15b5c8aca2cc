import * as fs from 'fs';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { testingApp } from '../helpers/scratch';
import { markdownReport } from '../../tools/pull-request/markdown-report';
import { diffStack, type StackDiff } from '../../tools/pull-request/stack-diff';
import { diffFiles } from '../../tools/pull-request/file-diff';
import { policyDocument } from '../../lib/iam/policy-document';

/**
 * Small synthesized stacks, one change each: a renamed service construct whose
 * resources keep their AWS names (a `moved` block keeps them), the same rename
 * with the log group name following the service name (replaced anyway), IAM
 * statements and security group rules, and renamed rendered files.
 */
interface ServiceOptions {
  /** Construct id of the service, as `service-<name>` in the stacks. */
  readonly constructId: string;
  /** The log group name. */
  readonly logGroup: string;
  readonly actions?: readonly string[];
  readonly ingressPort?: number;
  readonly egressCidr?: string;
  readonly trustAccount?: string;
}

class Service extends Construct {
  constructor(scope: Construct, id: string, options: ServiceOptions) {
    super(scope, id);
    const logs = new CloudwatchLogGroup(this, 'logs', { name: options.logGroup, retentionInDays: 14 });
    const trust = policyDocument(this, 'trust', [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] }]);
    const role = new IamRole(this, 'task-role', {
      namePrefix: 'orders-task-',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${options.trustAccount ?? '111111111111'}:root` } }],
      }),
    });
    const access = policyDocument(this, 'access', [{ actions: [...(options.actions ?? ['s3:GetObject'])], resources: ['arn:aws:s3:::orders/*'] }]);
    new IamRolePolicy(this, 'task-policy', { role: role.id, name: 'access', policy: access.json });
    const group = new SecurityGroup(this, 'security-group', { namePrefix: 'orders-', vpcId: 'vpc-0123456789abcdef0', lifecycle: { createBeforeDestroy: true } });
    new VpcSecurityGroupIngressRule(this, 'ingress', {
      securityGroupId: group.id,
      ipProtocol: 'tcp',
      fromPort: options.ingressPort ?? 8443,
      toPort: options.ingressPort ?? 8443,
      cidrIpv4: '10.0.0.0/16',
    });
    new VpcSecurityGroupEgressRule(this, 'egress', { securityGroupId: group.id, ipProtocol: '-1', cidrIpv4: options.egressCidr ?? '0.0.0.0/0' });
    new EcsService(this, 'service', { name: 'orders', cluster: 'arn:aws:ecs:eu-west-1:111111111111:cluster/main', taskDefinition: 'orders:1', dependsOn: [logs, trust] });
  }
}

function synth(options: ServiceOptions) {
  const app = testingApp();
  const stack = new TerraformStack(app, 'dev-platform');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new Service(stack, options.constructId, options);
  // fullSynth keeps cdktf's construct path metadata, which renames are grouped by.
  const outdir = Testing.fullSynth(stack);
  try {
    return { id: 'dev-platform', environment: 'dev', document: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev-platform', 'cdk.tf.json'), 'utf8')), assets: new Map<string, Buffer>() };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const BASE: ServiceOptions = { constructId: 'service-orders', logGroup: '/ecs/orders' };

function report(diff: StackDiff): string {
  return markdownReport([diff], { baseLabel: 'origin/main', headLabel: 'working tree' });
}

describe('moved suggestions', () => {
  test('GIVEN a renamed service construct whose resources keep their AWS names THEN one group suggests a moved block for each resource', () => {
    const diff = diffStack(synth(BASE), synth({ ...BASE, constructId: 'service-checkout' }));
    expect(diff.renames.every((r) => r.forcedBy.length === 0)).toBe(true);
    expect(diff.renames.map((r) => r.from.type).sort()).toEqual([
      'aws_cloudwatch_log_group',
      'aws_ecs_service',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_security_group',
      'aws_vpc_security_group_egress_rule',
      'aws_vpc_security_group_ingress_rule',
    ]);
    expect(new Set(diff.renames.map((r) => r.group))).toEqual(new Set(['service-orders → service-checkout']));
    const text = report(diff);
    expect(text.match(/> \[!WARNING\]/g)).toHaveLength(1);
    expect(text.match(/> moved \{/g)).toHaveLength(7);
    expect(text).toMatch(/>   from = aws_ecs_service\.service-orders_service_\w+\n>   to   = aws_ecs_service\.service-checkout_service_\w+/);
    // Data sources are read again, never destroyed: no moved block for them.
    expect(text).not.toMatch(/from = data\./);
    expect(text).not.toMatch(/replaced anyway/);
  });

  test('GIVEN the rename also changes the log group name THEN no moved block is suggested for it, with the forcing attribute, and the rest keep theirs', () => {
    const diff = diffStack(synth(BASE), synth({ ...BASE, constructId: 'service-checkout', logGroup: '/ecs/checkout' }));
    const logs = diff.renames.find((r) => r.from.type === 'aws_cloudwatch_log_group')!;
    expect(logs.forcedBy.map((f) => [f.effect, f.attribute])).toEqual([['replace', 'name']]);
    const text = report(diff);
    expect(text).toMatch(
      /> - `aws_cloudwatch_log_group\.service-orders_logs_\w+` → `aws_cloudwatch_log_group\.service-checkout_logs_\w+`: replaced anyway: `name` forces replacement, so no `moved` block\./,
    );
    expect(text).not.toMatch(/from = aws_cloudwatch_log_group/);
    expect(text.match(/> moved \{/g)).toHaveLength(6);
  });

  test('GIVEN the head declares the moves THEN the resources are compared as moved, not removed and added, and a name change still says replaced', () => {
    const head = synth({ ...BASE, constructId: 'service-checkout', logGroup: '/ecs/checkout' });
    const base = synth(BASE);
    // cdktf's names end in a hash of the construct path: the base name is the one with the same middle part.
    const stem = (name: string) => name.replace(/^service-\w+?_/, '').replace(/_[0-9A-F]{8}$/, '');
    const moved = Object.entries(head.document.resource as Record<string, Record<string, unknown>>).flatMap(([type, blocks]) =>
      Object.keys(blocks).map((name) => ({ from: `${type}.${Object.keys(base.document.resource[type]).find((old) => stem(old) === stem(name))}`, to: `${type}.${name}` })),
    );
    const diff = diffStack(base, { ...head, document: { ...head.document, moved } });
    expect(diff.moves).toHaveLength(7);
    expect(diff.renames).toEqual([]);
    expect(diff.resources.filter((r) => r.block.mode === 'managed').map((r) => r.status)).toEqual(Array(7).fill('changed'));
    expect(diff.resources.find((r) => r.block.type === 'aws_cloudwatch_log_group')!.effects.map((e) => e.attribute)).toEqual(['name']);
    // References between moved resources are rewritten: the rule's security group id is no change.
    expect(diff.resources.find((r) => r.block.type === 'aws_vpc_security_group_ingress_rule')!.changes).toEqual([]);
    const text = report(diff);
    expect(text).toMatch(
      /> 7 resources moved by `moved` blocks \(`renamedFrom`\): Terraform keeps their state under the new address\. 6 of them are kept as they are; the others change with the new name/,
    );
    expect(text).toMatch(/\| `aws_cloudwatch_log_group\.service-orders_logs_\w+` \| `aws_cloudwatch_log_group\.service-checkout_logs_\w+` \| ⚠️ replaced anyway: `name` \|/);
    expect(text).toMatch(/\| `aws_ecs_service\.service-orders_service_\w+` \| `aws_ecs_service\.service-checkout_service_\w+` \| unchanged \|/);
    expect(text).not.toMatch(/is destroyed|\*\*Removed\*\*/);
  });
});

describe('IAM statement and security group rule tables', () => {
  test('GIVEN added actions and a changed trust account THEN the statements are removed and added rows per document', () => {
    const diff = diffStack(synth(BASE), synth({ ...BASE, actions: ['s3:GetObject', 's3:PutObject'], trustAccount: '222222222222' }));
    expect(diff.iamStatements.map((s) => [s.change, s.document.replace(/_[0-9A-F]{8}\b/, ''), s.actions, s.principals])).toEqual([
      ['removed', 'aws_iam_role.service-orders_task-role assume_role_policy', ['sts:AssumeRole'], ['AWS: arn:aws:iam::111111111111:root']],
      ['added', 'aws_iam_role.service-orders_task-role assume_role_policy', ['sts:AssumeRole'], ['AWS: arn:aws:iam::222222222222:root']],
      ['removed', 'data.aws_iam_policy_document.service-orders_access', ['s3:GetObject'], []],
      ['added', 'data.aws_iam_policy_document.service-orders_access', ['s3:GetObject', 's3:PutObject'], []],
    ]);
    const text = report(diff);
    expect(text).toMatch(/\*\*IAM statement changes\*\* \(4\)\n\n\| \| document \| effect \| actions \| resources \| principals \| conditions \|/);
    expect(text).toMatch(
      /\| \+ \| <code>data\.aws_iam_policy_document\.service-orders_access_\w+<\/code> \| Allow \| <code>s3:GetObject<\/code><br><code>s3:PutObject<\/code> \| <code>arn:aws:s3:::orders\/\*<\/code> \| – \| – \|/,
    );
    expect(text).toMatch(
      /\| − \| <code>aws_iam_role\.service-orders_task-role_\w+ assume_role_policy<\/code> \| Allow \| <code>sts:AssumeRole<\/code> \| – \| <code>AWS: arn:aws:iam::111111111111:root<\/code> \| – \|/,
    );
  });

  test('GIVEN a changed ingress port and egress peer THEN the rules are removed and added rows with direction, protocol, ports and peer', () => {
    const diff = diffStack(synth(BASE), synth({ ...BASE, ingressPort: 443, egressCidr: '10.0.0.0/8' }));
    expect(diff.securityGroupRules.map((r) => [r.change, r.direction, r.protocol, r.ports, r.peer])).toEqual([
      ['added', 'egress', 'all', 'all', '10.0.0.0/8'],
      ['removed', 'egress', 'all', 'all', '0.0.0.0/0'],
      ['added', 'ingress', 'tcp', '443', '10.0.0.0/16'],
      ['removed', 'ingress', 'tcp', '8443', '10.0.0.0/16'],
    ]);
    const text = report(diff);
    expect(text).toMatch(/\| − \| <code>aws_security_group\.service-orders_security-group_\w+<\/code> \| ingress \| tcp \| 8443 \| <code>10\.0\.0\.0\/16<\/code> \|\n/);
    expect(text).toMatch(/\| \+ \| <code>aws_security_group\.service-orders_security-group_\w+<\/code> \| ingress \| tcp \| 443 \| <code>10\.0\.0\.0\/16<\/code> \|\n/);
  });

  test('GIVEN inline security group rules THEN they are in the table too', () => {
    const block = (cidr: string) => ({ resource: { aws_security_group: { sg: { name: 'x', ingress: [{ protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: [cidr] }] } } } });
    const stack = (document: object) => ({ id: 'dev-platform', environment: 'dev', document, assets: new Map<string, Buffer>() });
    const diff = diffStack(stack(block('10.0.0.0/8')), stack(block('0.0.0.0/0')));
    expect(diff.securityGroupRules.map((r) => [r.change, r.group, r.direction, r.ports, r.peer])).toEqual([
      ['added', 'aws_security_group.sg', 'ingress', '22', '0.0.0.0/0'],
      ['removed', 'aws_security_group.sg', 'ingress', '22', '10.0.0.0/8'],
    ]);
  });

  test('GIVEN nothing security-related changed THEN neither table is shown', () => {
    const text = report(diffStack(synth(BASE), synth({ ...BASE, logGroup: '/ecs/orders-v2' })));
    expect(text).not.toMatch(/IAM statement changes|Security group rule changes/);
  });
});

describe('renamed rendered files', () => {
  const yaml = (name: string, port: number) => Buffer.from(`static_resources:\n  listeners:\n  - name: ${name}\n    port: ${port}\n  clusters:\n  - name: app\n    timeout: 5s\n    type: STATIC\n`);

  test('GIVEN a removed and an added file with mostly equal lines THEN they are diffed against each other', () => {
    const [file] = diffFiles(new Map([['envoy/orders.yaml', yaml('ingress', 8443)]]), new Map([['envoy/checkout.yaml', yaml('ingress', 9443)]]));
    expect([file.status, file.from, file.key]).toEqual(['renamed', 'envoy/orders.yaml', 'envoy/checkout.yaml']);
    expect(file.patch).toMatch(/^--- a\/envoy\/orders\.yaml\n\+\+\+ b\/envoy\/checkout\.yaml\n@@ [^\n]+\n static_resources:\n   listeners:\n   - name: ingress\n-    port: 8443\n\+    port: 9443\n/);
  });

  test('GIVEN a renamed service THEN its file is paired by the name even when most lines differ, and unrelated files stay added and removed', () => {
    const before = new Map([
      ['envoy/orders.yaml', Buffer.from('a\nb\nc\n')],
      ['envoy/old.yaml', Buffer.from('x\n')],
    ]);
    const after = new Map([
      ['envoy/checkout.yaml', Buffer.from('a\nB\nC\n')],
      ['envoy/new.yaml', Buffer.from('y\n')],
    ]);
    expect(diffFiles(before, after, new Map([['orders', 'checkout']])).map((f) => [f.key, f.status, f.from])).toEqual([
      ['envoy/checkout.yaml', 'renamed', 'envoy/orders.yaml'],
      ['envoy/new.yaml', 'added', undefined],
      ['envoy/old.yaml', 'removed', undefined],
    ]);
  });

  test('GIVEN a renamed service construct in a stack THEN the report shows the bundle file as renamed with its diff', () => {
    const base = { ...synth(BASE), assets: new Map([['envoy_configs/orders.yaml', yaml('ingress', 8443)]]) };
    const head = { ...synth({ ...BASE, constructId: 'service-checkout' }), assets: new Map([['envoy_configs/checkout.yaml', Buffer.from('completely: different\n')]]) };
    expect(report(diffStack(base, head))).toMatch(
      /`envoy_configs\/checkout\.yaml` \(renamed from `envoy_configs\/orders\.yaml`\)\n\n```diff\n--- a\/envoy_configs\/orders\.yaml\n\+\+\+ b\/envoy_configs\/checkout\.yaml\n/,
    );
  });
});
