import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { containerDefinitions } from '../container-definitions';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../policy-rule';

/**
 * `@sha256:<digest>`, or `@${var.x}`: after "@" an image reference holds only
 * a digest (https://github.com/distribution/reference/blob/main/reference.go),
 * so ECS rejects the registration if the variable is anything else.
 */
const PINNED_BY_DIGEST = /@(sha256:[0-9a-f]{64}|\$\{var\.[A-Za-z0-9_-]+\})$/;

export const ecsImagePinnedDigest: PolicyRule = {
  id: 'ecs-image-pinned-digest',
  level: 'error',
  why:
    "An image from a pull through cache is a third party's (a sidecar such as Envoy): ECR re-syncs its tags from upstream (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html), " +
    'so by tag it could change under a running service; by digest every task and every rollback runs the bytes that were reviewed.',
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check(resource, context) {
    const containers = containerDefinitions(resource);
    if (typeof containers === 'string') return nonCompliant(containers);
    const prefixes = context
      .resourcesOfType(EcrPullThroughCacheRule.tfResourceType)
      .map((rule) => rule.values.ecr_repository_prefix)
      .filter((prefix): prefix is string => typeof prefix === 'string');
    const cached = containers.filter((c) => typeof c.image === 'string' && prefixes.some((prefix) => repositoryOf(c.image).startsWith(`${prefix.replace(/\/$/, '')}/`)));
    if (cached.length === 0) return NOT_APPLICABLE;
    const byTag = cached.filter((c) => !PINNED_BY_DIGEST.test(c.image));
    return byTag.length === 0 ? COMPLIANT : nonCompliant(`pull-through-cache images not pinned by digest: ${byTag.map((c) => `${c.name} (${c.image})`).join(', ')}`);
  },
};

/** The repository path of `host/repository[:tag][@digest]`. */
function repositoryOf(image: string): string {
  const path = image.slice(image.indexOf('/') + 1);
  return path.replace(/@.*$/, '').replace(/:[^/]*$/, '');
}
