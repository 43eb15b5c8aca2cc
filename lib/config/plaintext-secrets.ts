import type { z } from 'zod';
import { judgeSecret } from '../core/secret-detection';

/**
 * Plaintext credentials in an environment file, refused at load time at the
 * key that holds them, by the one detector (lib/core/secret-detection.ts)
 * that the synth-time scan, the `ecs-no-plaintext-secrets` rule and the
 * review redaction also use. Messages name the key, never the value.
 */

/** The parts of a parsed environment file that hold free text. */
export interface PlaintextSecretSources {
  readonly tags: Readonly<Record<string, string>>;
  readonly services: Readonly<Record<string, { readonly environment: Readonly<Record<string, string>> }>>;
  readonly envoy: { readonly overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
}

export function checkPlaintextSecrets(config: PlaintextSecretSources, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  for (const [name, service] of Object.entries(config.services)) {
    for (const [variable, value] of Object.entries(service.environment)) {
      const reason = judgeSecret(variable, value);
      if (reason) {
        issue(
          ['services', name, 'environment', variable],
          `a plaintext secret (${reason}): environment values are readable by anyone who can describe the task definition; ` +
            `store it in Secrets Manager and put the secret's ARN under services.${name}.secrets.${variable} instead`,
        );
      }
    }
  }
  for (const [key, value] of Object.entries(config.tags)) {
    const reason = judgeSecret(key, value);
    if (reason) {
      issue(
        ['tags', key],
        `a plaintext secret (${reason}): tags are copied onto every resource and readable by anyone who can list or describe it; ` +
          'remove it (a service reads credentials from Secrets Manager through services.<name>.secrets)',
      );
    }
  }
  for (const [template, values] of Object.entries(config.envoy.overrides)) {
    for (const [key, value] of Object.entries(values)) {
      const items = Array.isArray(value) ? value : [value];
      const reason = items.map((item) => judgeSecret(key, item)).find((found) => found !== undefined);
      if (reason) {
        issue(
          ['envoy', 'overrides', template, key],
          `a plaintext secret (${reason}): template values are rendered into the Envoy bundle in plain text; Envoy reads secrets from ` +
            'environment variables that ECS fills from Secrets Manager (envoy.tls.secretName, services.<name>.oauth2.clientSecretName and hmacSecretName)',
        );
      }
    }
  }
}
