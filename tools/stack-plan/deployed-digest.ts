import { ENVOY_IMAGE_CACHE_OUTPUT, type CachedEnvoyImage } from '../../lib/ecs/envoy-image';

/**
 * The Envoy image digest a platform stack runs today, read from its state, so
 * that a pull request's plan passes the deployed digest as
 * `envoy_image_digest` instead of a fake one. A fake digest differs from the
 * deployed one in every Envoy container's `image`, and `container_definitions`
 * of `aws_ecs_task_definition` forces a new revision: every task definition
 * would show as replaced although the pull request changes none of them.
 *
 * The sidecars' image is `<registry>/<cache repository>@<digest>`
 * (lib/ecs/image-pull-cache.ts), the cache repository one of the
 * `envoy_image_cache` output's entries whose `digest` is empty (that entry is
 * the one `var.envoy_image_digest` pins, lib/ecs/envoy-image.ts). The state is
 * what `terraform state pull` prints (format version 4); it is only read.
 */

/** The cache repositories whose digest `var.envoy_image_digest` gives, from the synthesized stack's `envoy_image_cache` output. */
export function unpinnedEnvoyRepositories(stackJson: Record<string, any>): string[] {
  const images = (stackJson.output?.[ENVOY_IMAGE_CACHE_OUTPUT]?.value ?? []) as CachedEnvoyImage[];
  return images.filter((image) => !image.digest).map((image) => image.repository);
}

/**
 * The digest the state's task definitions run for those repositories; the
 * most common one when a half-finished deploy left several (ties: the first
 * in sort order); undefined for an empty state (a new environment) or one
 * without such a container.
 */
export function deployedEnvoyDigest(stateText: string, repositories: readonly string[]): string | undefined {
  if (stateText.trim() === '' || repositories.length === 0) return undefined;
  const state = JSON.parse(stateText) as { resources?: { mode?: string; type?: string; instances?: { attributes?: Record<string, unknown> }[] }[] };
  const counts = new Map<string, number>();
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'managed' || resource.type !== 'aws_ecs_task_definition') continue;
    for (const instance of resource.instances ?? []) {
      const definitions = instance.attributes?.container_definitions;
      if (typeof definitions !== 'string') continue;
      for (const container of JSON.parse(definitions) as { image?: unknown }[]) {
        const digest = typeof container.image === 'string' ? digestOf(container.image, repositories) : undefined;
        if (digest) counts.set(digest, (counts.get(digest) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b))[0]?.[0];
}

function digestOf(image: string, repositories: readonly string[]): string | undefined {
  const match = /^[^/]+\/(?<repository>.+)@(?<digest>sha256:[0-9a-f]{64})$/.exec(image);
  return match?.groups && repositories.includes(match.groups.repository) ? match.groups.digest : undefined;
}

/**
 * Whether a planned replacement comes only from the placeholder digest (a new
 * environment's plan, or a state without the Envoy image): the replacement is
 * forced by `container_definitions` alone, and the definitions before and
 * after are the same once each Envoy image at the placeholder digest is given
 * back the digest it had before (empty values dropped, key order ignored:
 * the provider stores the definitions normalized). Such a replacement is not
 * what the pull request does; any other difference keeps it real.
 */
export function replacedOnlyByPlaceholder(
  change: { readonly before?: Record<string, unknown>; readonly after?: Record<string, unknown> },
  replacePaths: readonly string[],
  placeholderDigest: string,
): boolean {
  if (replacePaths.length === 0 || replacePaths.some((p) => p !== 'container_definitions')) return false;
  const before = change.before?.container_definitions;
  const after = change.after?.container_definitions;
  if (typeof before !== 'string' || typeof after !== 'string' || !after.includes(`@${placeholderDigest}`)) return false;
  try {
    const old = JSON.parse(before) as Record<string, unknown>[];
    const restored = (JSON.parse(after) as Record<string, unknown>[]).map((container) => {
      const image = container.image;
      if (typeof image !== 'string' || !image.endsWith(`@${placeholderDigest}`)) return container;
      const repository = image.slice(0, -placeholderDigest.length - 1);
      const previous = old.find((c) => c.name === container.name)?.image;
      return typeof previous === 'string' && previous.startsWith(`${repository}@sha256:`) ? { ...container, image: previous } : container;
    });
    return canonical(old) === canonical(restored);
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip).filter((x) => !isEmpty(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, strip((v as Record<string, unknown>)[k])] as const)
          .filter(([, x]) => !isEmpty(x)),
      );
    }
    return v;
  };
  const containers = (strip(value) as Record<string, unknown>[]).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return JSON.stringify(containers);
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
}
