import type { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import type { ImageReference } from './image-reference';

/**
 * The Terraform variable that pins the Envoy image when `envoy.image` names
 * only a tag: the first deploy passes `-var envoy_image_digest=sha256:…` (the
 * digest the warmed pull through cache reports, docs/ecs.md), then writes that
 * digest into `envoy.image` (tools/deploy/envoy-image-pin.ts), so later
 * syntheses declare no variable. Terraform refuses to plan without a
 * well-formed one; the cdktf CLI, which cannot pass it, refuses an unpinned
 * environment at synth (lib/synth/cdktf-cli-run.ts).
 */
export const ENVOY_IMAGE_DIGEST_VARIABLE = 'envoy_image_digest';

/** A manifest digest as registries and ECS write it. */
export const IMAGE_DIGEST_PATTERN = '^sha256:[0-9a-f]{64}$';

/**
 * The digest the Envoy sidecars run: the one pinned in `envoy.image`
 * (`…:v1.38.9@sha256:…`), else the required variable above. Never a tag: a
 * tag of a public image can be pushed again, and ECS resolves a tag to a
 * digest only per service revision, again for the next one
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html#deployment-container-image-stability),
 * so the reviewed task definition would not say which bytes run.
 */
export function envoyImageDigest(scope: Construct, upstream: ImageReference): string {
  if (upstream.digest) return upstream.digest;
  const variable = new TerraformVariable(scope, 'envoy-image-digest', {
    type: 'string',
    nullable: false,
    description: `Manifest digest (sha256:…) of ${upstream.repository}:${upstream.tag} in the pull through cache; envoy.image names no digest`,
    validation: [
      {
        condition: `\${can(regex("${IMAGE_DIGEST_PATTERN}", var.${ENVOY_IMAGE_DIGEST_VARIABLE}))}`,
        errorMessage: `Expected the image's manifest digest, sha256: and 64 hex digits (aws ecr describe-images --image-ids imageTag=${upstream.tag}).`,
      },
    ],
  });
  // A stable name the deploy can pass, instead of a hashed construct path.
  variable.overrideLogicalId(ENVOY_IMAGE_DIGEST_VARIABLE);
  return variable.stringValue;
}

/** Name of the output listing the Envoy images of the pull through cache: what the deploy warms (tools/deploy/). */
export const ENVOY_IMAGE_CACHE_OUTPUT = 'envoy_image_cache';

/** One Envoy image as the deploy finds it in the synthesized stack's `envoy_image_cache` output. */
export interface CachedEnvoyImage {
  /** The cache repository, `<prefix>/envoyproxy/envoy`. */
  readonly repository: string;
  /** The upstream tag: what warms the cache (a first pull by digest of an uncached image fails, aws/containers-roadmap#2837). */
  readonly tag: string;
  /** The digest pinned in `envoy.image`; empty when the `envoy_image_digest` variable pins it. */
  readonly digest: string;
}

/**
 * Records, in the synthesized stack, which cache repository and tag each
 * Envoy image comes from: the deploy warms the cache by that tag and reads
 * the digest the `envoy_image_digest` variable needs, without a second reading
 * of the environment file. Constants only: the output reads no resource.
 */
export function envoyImageCacheOutput(scope: Construct, images: readonly CachedEnvoyImage[]): TerraformOutput {
  const output = new TerraformOutput(scope, 'envoy-image-cache', {
    value: images.map((image) => ({ repository: image.repository, tag: image.tag, digest: image.digest })),
    description: 'Envoy images of the pull through cache: cache repository, upstream tag to warm it with, digest pinned in envoy.image (empty: var.envoy_image_digest)',
  });
  output.overrideLogicalId(ENVOY_IMAGE_CACHE_OUTPUT);
  return output;
}
