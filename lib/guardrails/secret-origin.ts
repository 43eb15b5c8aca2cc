import type { ConfigLocation } from '../config/config-error';
import type { EnvironmentConfig } from '../config/environment-schema';

/** Where an environment file wrote a value that the secret scan found in `file` (relative to the synth output). */
export type SecretValueLocator = (value: string, file: string) => ConfigLocation | undefined;

/**
 * Kept apart from the scan's detectors (secret-scan.ts): the scan calls this
 * for each value it flags, so a hit on a value that came from an environment
 * file names that value's `environments/<file>:line:col: key`.
 */
export function withOrigin<Hit extends { readonly file: string; readonly origin?: ConfigLocation }>(hits: Hit[], value: string, locate: SecretValueLocator | undefined): Hit[] {
  if (hits.length === 0 || !locate) return hits;
  return hits.map((hit) => {
    const origin = locate(value, hit.file);
    return origin ? { ...hit, origin } : hit;
  });
}

/**
 * Looks a flagged value up in the environment files: first in the file of
 * the environment whose stack the output file belongs to
 * (`stacks/<stack id>/…`), else in every file, in order. Each file's written
 * strings are listed once, from the tree the loader kept (EnvironmentConfig.locateValue).
 */
export function secretValueLocator(environments: readonly { readonly config: EnvironmentConfig; readonly stacks: Readonly<Record<string, string>> }[]): SecretValueLocator {
  const byStack = new Map(environments.flatMap(({ config, stacks }) => Object.values(stacks).map((stack) => [stack, config] as const)));
  return (value, file) => {
    const [folder, stack] = file.split(/[\\/]/);
    const own = folder === 'stacks' ? byStack.get(stack) : undefined;
    if (own) return own.locateValue(value);
    for (const { config } of environments) {
      const origin = config.locateValue(value);
      if (origin) return origin;
    }
    return undefined;
  };
}
