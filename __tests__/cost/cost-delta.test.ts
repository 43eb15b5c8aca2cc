import { costSchema } from '../../lib/config/cost-schema';
import { costDelta, renderCostDelta } from '../../tools/cost/cost-delta';
import { estimate, fargateService } from './cost-fixture';

const nodeGroup = (maxSize: number, capacity = 'ON_DEMAND', types = ['m6i.large', 'm6a.large']) => ({
  aws_eks_node_group: { system: { capacity_type: capacity, instance_types: types, scaling_config: { min_size: 1, desired_size: 2, max_size: maxSize } } },
});

describe('cost delta in the diff report', () => {
  test("GIVEN a node group's maxSize raised from 4 to 6 THEN only the maximum rises, by two nodes of the first type on demand and their root volumes", () => {
    const delta = costDelta(estimate(nodeGroup(4)), estimate(nodeGroup(6)));
    expect(delta.delta.min).toBeCloseTo(0, 6);
    expect(delta.delta.expected).toBeCloseTo(0, 6);
    // 2 nodes × 730 h × m6i.large 0.10, and 2 × 20 GB (EKS's default disk, gp2) × 0.10
    expect(delta.delta.max).toBeCloseTo(2 * 730 * 0.1 + 2 * 20 * 0.1, 6);
    const report = renderCostDelta([delta]).join('\n');
    expect(report).toContain('| test | $150.00 | $150.00 | +$0.00 / +$0.00 / +$150.00 |');
    expect(report).toContain(
      '| test | `aws_eks_node_group.system` | on-demand nodes (m6i.large, m6a.large) | $146.00 (1460 instance-hour) | $146.00 (1460 instance-hour) | +$0.00 / +$0.00 / +$146.00 |',
    );
    expect(report).not.toContain('[!WARNING]');
  });

  test("GIVEN a Spot group's maxSize raised tenfold THEN the maximum delta is positive (Spot priced from the catalog), never +$0.00", () => {
    const delta = costDelta(estimate(nodeGroup(4, 'SPOT', ['m6i.large'])), estimate(nodeGroup(40, 'SPOT', ['m6i.large'])));
    // 36 more nodes at m6i.large 0.10 at the family's lowest discount (50 %), and their 20 GB volumes
    expect(delta.delta.max).toBeCloseTo(36 * 730 * 0.05 + 36 * 20 * 0.1, 6);
    expect(delta.delta.max).toBeGreaterThan(0);
    expect([delta.delta.min, delta.delta.expected]).toEqual([0, 0]);
    expect(delta.unknown).toBe(0);
    expect(renderCostDelta([delta]).join('\n')).toContain('| test | $69.70 | $69.70 | +$0.00 / +$0.00 / +$1,386.00 |');
  });

  test("GIVEN an unpriced Spot group's maxSize raised tenfold THEN its delta reads unknown, never +$0.00, and the totals are lower bounds", () => {
    const delta = costDelta(estimate(nodeGroup(4, 'SPOT', ['c6i.large'])), estimate(nodeGroup(40, 'SPOT', ['c6i.large'])));
    expect(delta.unknown).toBe(1);
    const report = renderCostDelta([delta]).join('\n');
    expect(report).toContain('| test | ≥ $4.00 | ≥ $4.00 | unknown: 1 changed line not priced (priced lines +$0.00 / +$0.00 / +$72.00) |');
    expect(report).toContain('| test | `aws_eks_node_group.system` | Spot nodes (c6i.large) | not priced (1460 instance-hour) | not priced (1460 instance-hour) | unknown |');
    expect(report).not.toMatch(/Spot nodes.*\+\$0\.00 \/ \+\$0\.00 \/ \+\$0\.00/);
  });

  test('GIVEN a service switched from FARGATE_SPOT to FARGATE THEN the Spot line goes, the on-demand line comes, and the delta is the lost discount', () => {
    const before = estimate(fargateService([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }], { desired: 2 }));
    const after = estimate(fargateService([{ capacity_provider: 'FARGATE', weight: 1 }], { desired: 2 }));
    const delta = costDelta(before, after);
    // 2 tasks × 730 h: on demand × 0.048 = 70.08; on Spot at the Fargate Spot price × 0.0144 = 21.024
    for (const bound of ['min', 'expected', 'max'] as const) expect(delta.delta[bound]).toBeCloseTo(70.08 - 21.024, 6);
    expect(delta.changes.map((c) => [c.before?.component, c.after?.component])).toEqual([
      ['Fargate Spot tasks (1 vCPU, 2 GB, x86)', undefined],
      [undefined, 'Fargate tasks (1 vCPU, 2 GB, x86)'],
    ]);
    expect(renderCostDelta([delta]).join('\n')).toContain('| test | $21.02 | $70.08 | +$49.06 / +$49.06 / +$49.06 |');
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
    expect(renderCostDelta([delta]).join('\n')).toMatch(/\| not priced \(1460 instance-hour\) \| unknown \|/);
  });

  test('GIVEN no priced change THEN the report has no cost section', () => {
    expect(renderCostDelta([costDelta(estimate(nodeGroup(4)), estimate(nodeGroup(4)))])).toEqual([]);
  });
});
