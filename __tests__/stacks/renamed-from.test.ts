import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { markdownReport } from '../../tools/pull-request/markdown-report';
import { diffStack } from '../../tools/pull-request/stack-diff';
import { configProblems } from '../helpers/config-problems';
import { synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { baseEksSection, eksDocument } from '../eks/eks-fixture';

/**
 * `renamedFrom` on a service and a node group: the head writes a `moved` block
 * for every resource whose address cdktf derived from the old name, the review
 * report compares them as moves, and says which are still replaced because an
 * AWS name containing the service or group name changed.
 */
const orders = { image: 'public.ecr.aws/acme/orders:1.0.0', ingress: 'alb', containerPort: 8080 };
const api = { image: 'public.ecr.aws/acme/api:1.0.0', ingress: 'apigw', containerPort: 8080 };

function environment(services: Record<string, unknown>, nodeGroups: Record<string, unknown>): EnvironmentConfig {
  const eks = baseEksSection();
  const document = eksDocument({}, { services });
  document.eks = { ...eks, nodeGroups };
  return parseEnvironment(stringify(document), 'test.yaml', 'test', { today: FIXTURE_TODAY });
}

const { system, spot } = baseEksSection().nodeGroups;
const base = synthEnvironment(environment({ orders, api }, { system, spot })).platform;
const head = synthEnvironment(environment({ checkout: { ...orders, renamedFrom: 'orders' }, gateway: { ...api, renamedFrom: 'api' } }, { system, pool: { ...spot, renamedFrom: 'spot' } })).platform;
const moved = (head.json.moved ?? []) as { from: string; to: string }[];

describe('renamedFrom', () => {
  test('GIVEN a renamed service and node group THEN every resource addressed by the old name is moved to its new address', () => {
    const before = new Set(base.resources().map((r) => r.address));
    const after = new Set(head.resources().map((r) => r.address));
    // A resource whose own id holds a host name made of the service name (a certificate validation record) gets a
    // `moved` block whose old address never existed: Terraform finds no state there and creates it, as it must.
    const unmatched = moved.filter(({ from }) => !before.has(from));
    expect(unmatched.map((m) => m.from)).toEqual(unmatched.map(() => expect.stringMatching(/^aws_route53_record\.[\w-]+_validation-/)));
    for (const { from, to } of moved.filter((m) => before.has(m.from))) {
      expect(before.has(from) && !after.has(from)).toBe(true);
      expect(after.has(to) && !before.has(to)).toBe(true);
      expect(from.split('.')[0]).toBe(to.split('.')[0]);
    }
    const gone = [...before].filter((address) => !after.has(address));
    const notMoved = gone.filter((address) => !moved.some((m) => m.from === address));
    // Only resources named after something else than the service: the DNS validation records of host names.
    expect(notMoved.map((address) => base.stack.blocks.get(address)!.path)).toEqual(notMoved.map(() => expect.stringMatching(/\/validation-[\w.-]+$/)));
    expect(moved.map((m) => m.from)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_ecs_service\.ecs_service-orders_service_/),
        expect.stringMatching(/^aws_eks_node_group\.eks_spot_node-group_/),
        expect.stringMatching(/^aws_api_gateway_rest_api\.apigw_api-api_rest-api_/),
      ]),
    );
    expect(moved.some((m) => m.from.startsWith('data.'))).toBe(false);
    expect(moved.filter((m) => /system/.test(m.from))).toEqual([]);
  });

  test('GIVEN the rename in a review THEN the report shows moves, not destroys, and names what AWS still replaces', () => {
    const stack = (json: { json: Record<string, any> }) => ({ id: 'test-platform', environment: 'test', document: json.json, assets: new Map<string, Buffer>() });
    const diff = diffStack(stack(base), stack(head));
    expect(diff.moves.length).toBe(moved.filter((m) => base.stack.blocks.has(m.from)).length);
    const service = diff.resources.find((r) => r.movedFrom?.startsWith('aws_ecs_service.'))!;
    // ECS service names cannot change in place: the moved service is still replaced, and the report says so.
    expect(service.effects.filter((e) => e.effect === 'replace').map((e) => e.attribute)).toContain('name');
    const nodeGroup = diff.resources.find((r) => r.movedFrom?.startsWith('aws_eks_node_group.'))!;
    expect(nodeGroup.effects.filter((e) => e.effect === 'replace').map((e) => e.attribute)).toContain('node_group_name_prefix');
    const report = markdownReport([diff], { baseLabel: 'base', headLabel: 'head' });
    expect(report).toMatch(
      /resources moved by `moved` blocks \(`renamedFrom`\): Terraform keeps their state under the new address\. \d+ of them are kept as they are; the others change with the new name/,
    );
    expect(report).toMatch(/\| `aws_ecs_service\.ecs_service-orders_service_\w+` \| `aws_ecs_service\.ecs_service-checkout_service_\w+` \| ⚠️ replaced anyway: `name` \|/);
    // The tasks' security group is replaced (its name prefix holds the service name); a rule's security_group_id forces replacement, so its rules are replaced with it.
    expect(report).toMatch(
      /\| `aws_vpc_security_group_ingress_rule\.ecs_service-orders_ingress-0_\w+` \| `aws_vpc_security_group_ingress_rule\.ecs_service-checkout_ingress-0_\w+` \| ⚠️ replaced anyway: `security_group_id` \(references `aws_security_group\.ecs_service-checkout_security-group_\w+`\)/,
    );
    expect(report).toMatch(/\| `aws_ecs_task_definition\.ecs_service-orders_task_\w+` \| `aws_ecs_task_definition\.ecs_service-checkout_task_\w+` \| 🔁 new revision: `family`/);
    expect(report).not.toMatch(/`aws_ecs_service\.ecs_service-orders_service_\w+` in `test-platform` is destroyed/);
  });

  test('GIVEN renamedFrom naming an existing entry, itself, twice, or not a name THEN the file is rejected at that key', () => {
    expect(configProblems({ services: { orders, checkout: { ...orders, renamedFrom: 'orders' } } })).toEqual([
      expect.stringMatching(/services\.checkout\.renamedFrom: expected the previous name of checkout, which no entry has any more, got "orders", an existing entry$/),
    ]);
    expect(configProblems({ services: { checkout: { ...orders, renamedFrom: 'checkout' } } })).toEqual([expect.stringMatching(/services\.checkout\.renamedFrom: .*an existing entry \(this one\)$/)]);
    expect(configProblems({ services: { a1: { ...orders, renamedFrom: 'old' }, b1: { ...orders, renamedFrom: 'old' } } })).toEqual([
      expect.stringMatching(/services\.b1\.renamedFrom: expected each old name to be taken over once, got "old", already renamedFrom of a1$/),
    ]);
    expect(configProblems({ services: { checkout: { ...orders, renamedFrom: 'Orders_1' } } })).toEqual([expect.stringMatching(/services\.checkout\.renamedFrom: expected a lowercase name/)]);
    expect(configProblems({ eks: { ...baseEksSection(), nodeGroups: { system, spot: { ...spot, renamedFrom: 'system' } } } })).toEqual([
      expect.stringMatching(/eks\.nodeGroups\.spot\.renamedFrom: .*got "system", an existing entry$/),
    ]);
  });
});
