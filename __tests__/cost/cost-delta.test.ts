import { costSchema } from '../../lib/config/cost-schema';
import { costDelta, renderCostDelta } from '../../tools/cost/cost-delta';
import { estimate, fargateService } from './cost-fixture';

const nodeGroup = (maxSize: number) => ({
  aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['m6i.large', 'm6a.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: maxSize } } },
});

describe('cost delta in the diff report', () => {
  test("GIVEN a node group's maxSize raised from 4 to 6 THEN only the maximum rises, by two nodes on demand", () => {
    const delta = costDelta(estimate(nodeGroup(4)), estimate(nodeGroup(6)));
    expect(delta.delta.min).toBeCloseTo(0, 6);
    expect(delta.delta.expected).toBeCloseTo(0, 6);
    expect(delta.delta.max).toBeCloseTo(2 * 730 * 0.15, 6);
    const report = renderCostDelta([delta]).join('\n');
    expect(report).toContain('| test | $219.00 | $219.00 | +$0.00 / +$0.00 / +$219.00 |');
    expect(report).toContain('| test | `aws_eks_node_group.system` | on-demand nodes (m6i.large, m6a.large) | $219.00 (1460 instance-hour) | $219.00 (1460 instance-hour) | +$0.00 / +$0.00 / +$219.00 |');
    expect(report).not.toContain('[!WARNING]');
  });

  test('GIVEN a service switched from FARGATE_SPOT to FARGATE THEN the Spot line goes, the on-demand line comes, and the delta is the lost discount', () => {
    const before = estimate(fargateService([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }], { desired: 2 }));
    const after = estimate(fargateService([{ capacity_provider: 'FARGATE', weight: 1 }], { desired: 2 }));
    const delta = costDelta(before, after);
    // 2 tasks × 730 h × 0.048: on demand 70.08; on Spot 0–70% off (expected 35% off: 45.552)
    expect(delta.delta.expected).toBeCloseTo(70.08 - 45.552, 6);
    expect(delta.delta.min).toBeCloseTo(70.08 - 70.08 * 0.3, 6);
    expect(delta.delta.max).toBeCloseTo(0, 6);
    expect(delta.changes.map((c) => [c.before?.component, c.after?.component])).toEqual([
      ['Fargate Spot tasks (1 vCPU, 2 GB, x86)', undefined],
      [undefined, 'Fargate tasks (1 vCPU, 2 GB, x86)'],
    ]);
    expect(renderCostDelta([delta]).join('\n')).toContain('| test | $45.55 | $70.08 | +$49.06 / +$24.53 / +$0.00 |');
  });

  test('GIVEN a NAT gateway added THEN its hours and the assumed data processed are the delta, called out above the threshold', () => {
    const after = estimate({ aws_nat_gateway: { nat: {} } }, { assumptions: { deltaAlertUsdPerMonth: 40 } });
    const delta = costDelta(estimate({ aws_vpc: { vpc: {} } }, { assumptions: { deltaAlertUsdPerMonth: 40 } }), after);
    // 730 h × 0.05 + 100 GB × 0.05
    expect(delta.delta.expected).toBeCloseTo(41.5, 6);
    const report = renderCostDelta([delta]).join('\n');
    expect(report).toContain('> **test** costs +$41.50 more per month (expected), above the $40.00 threshold (`cost.deltaAlertUsdPerMonth`).');
    expect(report).toContain('| test | `aws_nat_gateway.nat` | NAT gateway hours | – | $36.50 (730 NAT gateway-hour) | +$36.50 / +$36.50 / +$36.50 |');
    expect(costSchema.parse({}).deltaAlertUsdPerMonth).toBe(100);
  });

  test('GIVEN a line that stops being priced THEN it is listed as not priced and its old price is not counted as a saving', () => {
    const unpriced = { aws_eks_node_group: { system: { capacity_type: 'ON_DEMAND', instance_types: ['z9.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } } } };
    const delta = costDelta(estimate(nodeGroup(4)), estimate(unpriced));
    expect(delta.delta).toEqual({ min: 0, expected: 0, max: 0 });
    expect(delta.changes).toHaveLength(1);
    expect(delta.changes[0].delta).toBeUndefined();
    expect(renderCostDelta([delta]).join('\n')).toMatch(/not priced/);
  });

  test('GIVEN no priced change THEN the report has no cost section', () => {
    expect(renderCostDelta([costDelta(estimate(nodeGroup(4)), estimate(nodeGroup(4)))])).toEqual([]);
  });
});
