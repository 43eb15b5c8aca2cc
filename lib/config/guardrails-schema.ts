import { z } from 'zod';
import { POLICY_RULE_IDS } from '../guardrails/rule-ids';

/** At least this long: a reason someone wrote, not `ok` or `n/a`. */
export const MIN_REASON = 20;

/** Exceptions to the policy pack (each names one rule, one resource, and why) and to the secret detector's name rule. */
export const guardrailsSchema = z
  .strictObject({
    suppressions: z
      .array(
        z.strictObject({
          rule: z.enum(POLICY_RULE_IDS),
          /** @default platform */
          stack: z.enum(['platform', 'bootstrap']).default('platform'),
          /** Construct path of the resource below the stack, as printed by `npm run policy`, or `terraform` for the backend. */
          resource: z.string().min(1),
          reason: z
            .string()
            .trim()
            .min(MIN_REASON, { error: `expected a written reason of at least ${MIN_REASON} characters` }),
        }),
      )
      .default([]),
    /**
     * Values the secret detector refuses for their name alone and a reviewer judged not secret (docs/secrets.md): the
     * key path as the refusal names it (`services.web.environment.TOKEN_ISSUER`, `tags.<key>`, `envoy.overrides.<template>.<key>`).
     * A value refused for its shape (a private key, an AWS access key id, a password in a URL) cannot be listed.
     */
    notSecrets: z
      .array(
        z.strictObject({
          key: z.string().trim().min(1),
          reason: z
            .string()
            .trim()
            .min(MIN_REASON, { error: `expected a written reason of at least ${MIN_REASON} characters` }),
        }),
      )
      .default([]),
  })
  .prefault({});

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;
