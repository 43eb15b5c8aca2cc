import { formatKeyPath } from '../../util/key-path';

/** Keys and indexes from the root of an Envoy config, e.g. `['static_resources', 'listeners', 0]`. */
export type ConfigPath = readonly (string | number)[];

/** `static_resources.listeners[0].filter_chains[0]`, or `(root)` for the whole config. */
export function formatConfigPath(path: ConfigPath): string {
  return path.length === 0 ? '(root)' : formatKeyPath(path);
}
