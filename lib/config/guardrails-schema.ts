import { z } from 'zod';
import { POLICY_PACK } from '../guardrails/policy-pack';

const ruleIds = POLICY_PACK.map((rule) => rule.id) as [string, ...string[]];

/** Exceptions to the policy pack: each names one rule, one resource, and why. */
export const guardrailsSchema = z
  .strictObject({
    suppressions: z
      .array(
        z.strictObject({
          rule: z.enum(ruleIds),
          /** @default platform */
          stack: z.enum(['platform', 'bootstrap']).default('platform'),
          /** Construct path of the resource below the stack, as printed by `npm run policy`, or `terraform` for the backend. */
          resource: z.string().min(1),
          reason: z.string().trim().min(20, { error: 'expected a written reason of at least 20 characters' }),
        }),
      )
      .default([]),
  })
  .prefault({});

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;
