import * as path from 'path';
import { cachedDigest } from './deploy-environment';
import { cacheImages } from './deploy-steps';
import { readSynthesizedEnvironment } from './synthesized-environment';
import { UserError } from '../../lib/util/user-error';

/**
 * The Envoy image digest a real plan of the platform stack needs
 * (envoy_image_digest has no default when envoy.image names no digest), read
 * as `npm run deploy` reads it: the digest ECR's pull through cache holds for
 * the image's tag (tools/deploy/deploy-environment.ts, cachedDigest). The
 * deploy warms the cache first; a plan job does not (it runs with the
 * read-only plan role), so it pins what the last deploy pulled: a newer
 * upstream image under the same tag reaches the stack through `npm run
 * deploy` or a digest pinned in envoy.image (docs/deploy.md).
 * Undefined when the stack needs no digest.
 */
export function digestFromCache(root: string, synthDir: string, environment: string, env: NodeJS.ProcessEnv): string | undefined {
  const synthesized = readSynthesizedEnvironment(root, path.relative(root, synthDir), environment);
  if (!synthesized.digestVariable) return undefined;
  const images = cacheImages(synthesized).filter((image) => !image.digest);
  if (images.length === 0) throw new UserError(`${synthesized.platformStack}: envoy_image_digest has no default but no unpinned image is in the pull through cache`);
  const digests = new Set<string>();
  for (const image of images) {
    try {
      digests.add(cachedDigest(image, { root, stdio: 'pipe', env }));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(
        `${image.repository}:${image.tag} is not in the pull through cache (${error.message.split('\n')[0]}): the approved-plan path is for an environment deployed once; run npm run deploy -- ${environment} first (docs/deploy.md)`,
      );
    }
  }
  if (digests.size > 1) throw new UserError(`${synthesized.platformStack}: the cached Envoy images have different digests (${[...digests].join(', ')}): one envoy_image_digest cannot pin them`);
  return [...digests][0];
}
