import type { IConstruct } from 'constructs';
import { TerraformBackend } from 'cdktf';

/** Keys and indexes from the root of an environment file, e.g. `['services', 'web']`. */
export type ConfigKeyPath = readonly (string | number)[];

/** The construct metadata type that carries an origin (cdktf writes no custom metadata into the synthesized JSON). */
const ORIGIN_METADATA = 'platform:config-origin';

/**
 * Records that `construct` was built from the environment-file entry at
 * `keyPath`; every resource below it shares that origin unless a construct
 * closer to it records its own. The stacks call this where they compose
 * constructs from configuration entries (constructs never see key paths), so
 * checks of the synthesized output can point back at the entry's line:col.
 */
export function recordConfigOrigin(construct: IConstruct | undefined, keyPath: ConfigKeyPath): void {
  construct?.node.addMetadata(ORIGIN_METADATA, [...keyPath]);
}

/** The path the policy pack gives a stack's `terraform` block (backend, providers): a backend's origin is that block's. */
export const TERRAFORM_BLOCK_PATH = 'terraform';

/** The recorded origins of a stack's constructs, by construct path below the stack (`ecs/service-web`). */
export function configOrigins(stack: IConstruct): ReadonlyMap<string, ConfigKeyPath> {
  const origins = new Map<string, ConfigKeyPath>();
  const prefix = stack.node.path.length + 1;
  for (const construct of stack.node.findAll()) {
    const entry = construct.node.metadata.find((metadata) => metadata.type === ORIGIN_METADATA);
    if (!entry || construct === stack) continue;
    origins.set(construct instanceof TerraformBackend ? TERRAFORM_BLOCK_PATH : construct.node.path.slice(prefix), entry.data as ConfigKeyPath);
  }
  return origins;
}

/**
 * The origin of the resource at `resourcePath` (a construct path below the
 * stack): that of the closest construct at or above it that has one.
 */
export function originOf(origins: ReadonlyMap<string, ConfigKeyPath>, resourcePath: string): ConfigKeyPath | undefined {
  for (let path = resourcePath; path; path = path.slice(0, Math.max(0, path.lastIndexOf('/')))) {
    const origin = origins.get(path);
    if (origin) return origin;
  }
  return undefined;
}
