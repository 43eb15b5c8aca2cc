/**
 * A container image reference, parsed far enough to pin it and to scope the
 * image pull permissions: `[registry/]repository[:tag][@sha256:digest]`.
 */
export interface ImageReference {
  /** Registry host (with port); absent for Docker Hub short names such as `envoyproxy/envoy`. */
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** Set when the registry is a private ECR registry: what `ecr:BatchGetImage` is scoped to. */
  readonly ecr?: { readonly accountId: string; readonly region: string; readonly repositoryArn: string };
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(?:(?<registry>[a-zA-Z0-9.-]+(?::\\d+)?)/)?(?<repository>${COMPONENT}(?:/${COMPONENT})*)(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$`);
const ECR_REGISTRY = /^(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com$/;

/** The parsed reference, or why it is not a pinned image (no tag or digest, or `:latest`). */
export function parseImageReference(image: string): ImageReference | string {
  const match = REFERENCE.exec(image);
  if (!match?.groups) return `expected an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2, got "${image}"`;
  const groups = match.groups as Record<string, string | undefined>;
  let { registry, repository } = groups;
  const { tag, digest } = groups;
  // "host/repo" vs "user/repo": Docker treats the first part as a registry only with a dot, a port or "localhost".
  if (registry && !/[.:]/.test(registry) && registry !== 'localhost') {
    repository = `${registry}/${repository}`;
    registry = undefined;
  }
  if (!tag && !digest) return `expected an image pinned to a tag or a digest (…:1.4.2 or …@sha256:…), got "${image}"`;
  if (tag === 'latest' && !digest) return `expected a pinned tag or digest, not :latest (it changes under a running service and a rollback cannot restore it), got "${image}"`;
  const ecr = registry ? ECR_REGISTRY.exec(registry)?.groups : undefined;
  return {
    registry,
    repository: repository!,
    tag,
    digest,
    ecr: ecr && { accountId: ecr.account, region: ecr.region, repositoryArn: `arn:aws:ecr:${ecr.region}:${ecr.account}:repository/${repository}` },
  };
}
