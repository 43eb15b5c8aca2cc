/** Keys and indexes from the root of an Envoy config, e.g. `['static_resources', 'listeners', 0]`. */
export type ConfigPath = readonly (string | number)[];

/**
 * `static_resources.listeners[0].filter_chains[0]`, or `(root)`. Kept apart
 * from the environment loader's key paths so that lib/envoy, which the config
 * schema uses for template values, does not import the loader back.
 */
export function formatConfigPath(path: ConfigPath): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
