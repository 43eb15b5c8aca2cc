import type { PlanMetadata } from '../../../tools/stack-plan/plan-stack';

/** A plan's metadata.json as plan:stack writes it, for the stack `<environment>-<name>`; `changes` replace fields. */
export function planMetadata(stack: string, changes: Partial<PlanMetadata> = {}): PlanMetadata {
  return {
    environment: stack.split('-')[0],
    stack,
    commit: 'c'.repeat(40),
    planFile: 'plan.tfplan',
    planSha256: 'a'.repeat(64),
    configurationSha256: 'b'.repeat(64),
    createdAt: '2026-12-01T00:00:00.000Z',
    terraformVersion: '1.11.4',
    offline: false,
    placeholders: [],
    ...changes,
  };
}
