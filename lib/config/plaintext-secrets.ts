import type { z } from 'zod';
import { judgeSecretName, judgeSecretValue } from '../util/secret-detection';

/**
 * Plaintext credentials in an environment file, refused at load time at the
 * key that holds them, by the one detector (lib/util/secret-detection.ts)
 * that the synth-time scan, the `ecs-no-plaintext-secrets` rule and the
 * review redaction also use. Messages name the key, never the value.
 *
 * A refusal for the name alone can be overruled by a reviewed entry of
 * `guardrails.notSecrets` naming the key path; an entry that overrules
 * nothing is stale and refused at its own line:col, like a stale suppression.
 */

/** The parts of a parsed environment file that hold free text, and the reviewed exceptions. */
export interface PlaintextSecretSources {
  readonly tags: Readonly<Record<string, string>>;
  readonly services: Readonly<Record<string, { readonly environment: Readonly<Record<string, string>> }>>;
  readonly envoy: { readonly overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly guardrails: { readonly notSecrets: readonly { readonly key: string; readonly reason: string }[] };
}

/** Why a value is refused, and whether for its name alone (which a notSecrets entry may overrule). */
interface Judgement {
  readonly reason: string;
  readonly byName: boolean;
}

function judge(name: string, value: unknown): Judgement | undefined {
  const items = Array.isArray(value) ? value : [value];
  const shape = items.map((item) => judgeSecretValue(item)).find((found) => found !== undefined);
  if (shape) return { reason: shape, byName: false };
  const named = items.map((item) => judgeSecretName(name, item)).find((found) => found !== undefined);
  return named ? { reason: named, byName: true } : undefined;
}

export function checkPlaintextSecrets(config: PlaintextSecretSources, ctx: z.RefinementCtx): void {
  const reviewed = new Map(config.guardrails.notSecrets.map((entry, index) => [entry.key, index] as const));
  /** Per reviewed key, what the detector made of its value: overruled (by name), or refused for its shape. */
  const outcome = new Map<string, Judgement>();
  const check = (path: string[], value: unknown, advice: string) => {
    const found = judge(path[path.length - 1], value);
    const key = path.join('.');
    if (!found) return;
    if (reviewed.has(key)) outcome.set(key, found);
    if (found.byName && reviewed.has(key)) return;
    ctx.addIssue({ code: 'custom', path, message: `a plaintext secret (${found.reason}): ${advice}` });
  };
  for (const [name, service] of Object.entries(config.services)) {
    for (const [variable, value] of Object.entries(service.environment)) {
      check(
        ['services', name, 'environment', variable],
        value,
        `environment values are readable by anyone who can describe the task definition; store it in Secrets Manager and put the secret's ARN under services.${name}.secrets.${variable} instead`,
      );
    }
  }
  for (const [key, value] of Object.entries(config.tags)) {
    check(
      ['tags', key],
      value,
      'tags are copied onto every resource and readable by anyone who can list or describe it; remove it (a service reads credentials from Secrets Manager through services.<name>.secrets)',
    );
  }
  for (const [template, values] of Object.entries(config.envoy.overrides)) {
    for (const [key, value] of Object.entries(values)) {
      check(
        ['envoy', 'overrides', template, key],
        value,
        'template values are rendered into the Envoy bundle in plain text; Envoy reads secrets from environment variables that ECS fills from Secrets Manager ' +
          '(envoy.tls.secretName, services.<name>.oauth2.clientSecretName and hmacSecretName)',
      );
    }
  }
  for (const [key, index] of reviewed) {
    const found = outcome.get(key);
    if (found?.byName) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['guardrails', 'notSecrets', index, 'key'],
      message: found
        ? `${key} is refused for its value's shape (${found.reason}), which no entry can overrule: a reviewer can vouch for a name, not for key material; move the value to Secrets Manager`
        : `${key} matches no value refused for its name; remove the entry`,
    });
  }
}

/** The names of the values reviewed as not secret, for the synth-time scan and the ecs-no-plaintext-secrets rule. */
export function reviewedNotSecretNames(notSecrets: readonly { readonly key: string }[]): ReadonlySet<string> {
  return new Set(
    notSecrets.map((entry) =>
      entry.key
        .split('.')
        .slice(entry.key.startsWith('tags.') ? 1 : 3)
        .join('.'),
    ),
  );
}
