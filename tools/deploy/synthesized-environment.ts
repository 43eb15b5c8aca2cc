import * as fs from 'fs';
import * as path from 'path';
import { ENVOY_IMAGE_CACHE_OUTPUT, ENVOY_IMAGE_DIGEST_VARIABLE, type CachedEnvoyImage } from '../../lib/ecs/envoy-image';
import { PROXY_SECRET_KIND_TAG, type SecretKind } from '../../lib/ecs/proxy-secrets';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { DASHBOARD_URL_OUTPUT } from '../../lib/observability/environment-dashboard';
import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { synthesizedAddons, type SynthesizedAddons } from '../stack-plan/addon-preflight';

/** A secret created without a value (a proxy secret or the Docker Hub credential), as the synthesized platform stack declares it. */
export interface SynthesizedSecret {
  /** Terraform address, for `-target`. */
  readonly address: string;
  readonly name: string;
  readonly kind: SecretKind;
}

/** The ECR pull through cache the Envoy image comes through (lib/ecs/image-pull-cache.ts). */
export interface SynthesizedImageCache {
  /** Terraform addresses of the pull through cache rule and its cache repositories, for `-target`. */
  readonly addresses: readonly string[];
  /** `<account>.dkr.ecr.<region>.amazonaws.com` */
  readonly registry: string;
  /** The Envoy images in the cache, from the stack's envoy_image_cache output. */
  readonly images: readonly CachedEnvoyImage[];
}

/** What a deploy needs to know of one environment's synthesized stacks. */
export interface SynthesizedEnvironment {
  readonly environment: string;
  readonly bootstrapStack: string;
  readonly platformStack: string;
  /** Stack folders, relative to the project root. */
  readonly bootstrapDir: string;
  readonly platformDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateBucket: string;
  /** The state bucket's region (the S3 backend's). */
  readonly stateRegion: string;
  /** Sorted by name. */
  readonly secrets: readonly SynthesizedSecret[];
  /** The Envoy image's pull through cache, when a service has a sidecar. */
  readonly imageCache?: SynthesizedImageCache;
  /** The stack declares the required variable envoy_image_digest (envoy.image names no digest): the platform apply needs -var. */
  readonly digestVariable: boolean;
  /** The ECS cluster and its services' names, when the environment has services. */
  readonly ecs?: { readonly cluster: string; readonly services: readonly string[] };
  /** The EKS cluster's Kubernetes version and the add-on builds it pins, when it has a cluster with add-ons. */
  readonly eksAddons?: SynthesizedAddons;
  /** The environment dashboard's console link (output dashboard-url, known at synth), printed at the end of a deploy. */
  readonly dashboardUrl?: string;
}

/**
 * Reads `<synthDir>/stacks/<env>-bootstrap` and `<env>-platform` (cdk.tf.json)
 * of a cdktf output folder: the deploy works from what was synthesized, not
 * from a second reading of the environment file.
 * @param synthDir the cdktf output folder, relative to the project root (how stack folders are named in commands)
 */
export function readSynthesizedEnvironment(root: string, synthDir: string, environment: string): SynthesizedEnvironment {
  const bootstrapStack = `${environment}-bootstrap`;
  const platformStack = `${environment}-platform`;
  const bootstrapDir = path.join(synthDir, 'stacks', bootstrapStack);
  const platformDir = path.join(synthDir, 'stacks', platformStack);
  const read = (dir: string): SynthesizedStack => {
    const file = path.join(root, dir, 'cdk.tf.json');
    if (!fs.existsSync(file)) throw new Error(`${file}: not found; is ${environment} an environment (environments/${environment}.yaml)?`);
    return SynthesizedStack.parse(fs.readFileSync(file, 'utf8'));
  };
  const platform = read(platformDir);
  read(bootstrapDir);
  const provider = platform.provider('aws') ?? {};

  const secrets = platform
    .resources(SecretsmanagerSecret.tfResourceType)
    .map(({ address, values }) => ({ address, name: values.name as string, kind: values.tags?.[PROXY_SECRET_KIND_TAG] as SecretKind }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const secret of secrets) {
    if (!secret.kind) throw new Error(`${platformDir}: ${secret.address} (${secret.name}) has no ${PROXY_SECRET_KIND_TAG} tag: no one knows how to fill it`);
  }
  const accountId = ([] as string[]).concat(provider.allowed_account_ids ?? [])[0];
  const imageCache = readImageCache(platformDir, platform, `${accountId}.dkr.ecr.${provider.region}.amazonaws.com`);
  const digestVariable = platform.variables[ENVOY_IMAGE_DIGEST_VARIABLE] !== undefined;
  const unpinned = imageCache?.images.filter((image) => !image.digest) ?? [];
  if (unpinned.length !== (digestVariable ? 1 : 0)) {
    throw new Error(
      `${platformDir}: expected variable ${ENVOY_IMAGE_DIGEST_VARIABLE} exactly when one Envoy image names no digest, got the variable ${digestVariable ? 'declared' : 'not declared'} and ${unpinned.length} such images`,
    );
  }
  const clusters = platform.resources(EcsCluster.tfResourceType);
  const services = platform
    .resources(EcsService.tfResourceType)
    .map(({ values }) => values.name as string)
    .sort();
  const eksAddons = synthesizedAddons(platform);
  return {
    environment,
    bootstrapStack,
    platformStack,
    bootstrapDir,
    platformDir,
    region: provider.region,
    accountId,
    stateBucket: platform.terraform.backend?.s3?.bucket,
    stateRegion: platform.terraform.backend?.s3?.region,
    secrets,
    ...(imageCache ? { imageCache } : {}),
    digestVariable,
    ...(clusters.length === 1 && services.length > 0 ? { ecs: { cluster: clusters[0].values.name as string, services } } : {}),
    ...(eksAddons ? { eksAddons } : {}),
    ...(typeof platform.outputs[DASHBOARD_URL_OUTPUT]?.value === 'string' ? { dashboardUrl: platform.outputs[DASHBOARD_URL_OUTPUT].value as string } : {}),
  };
}

/**
 * The pull through cache rule (by resource type), the repositories under its
 * prefix (ECR's own rule: a repository named `<prefix>/…` is a cache
 * repository of that rule), and the images of the envoy_image_cache output.
 */
function readImageCache(platformDir: string, platform: SynthesizedStack, registry: string): SynthesizedImageCache | undefined {
  const rules = platform.resources(EcrPullThroughCacheRule.tfResourceType);
  if (rules.length === 0) return undefined;
  const prefixes = rules.map(({ values }) => `${values.ecr_repository_prefix}/`);
  const repositories = platform.resources(EcrRepository.tfResourceType).filter(({ values }) => prefixes.some((prefix) => (values.name as string).startsWith(prefix)));
  const images = (platform.outputs[ENVOY_IMAGE_CACHE_OUTPUT]?.value ?? []) as CachedEnvoyImage[];
  for (const image of images) {
    if (!repositories.some(({ values }) => values.name === image.repository)) {
      throw new Error(
        `${platformDir}: output ${ENVOY_IMAGE_CACHE_OUTPUT} names ${image.repository}, expected one of the cache repositories (${repositories.map(({ values }) => values.name).join(', ')})`,
      );
    }
  }
  return {
    addresses: [...rules, ...repositories].map(({ address }) => address),
    registry,
    images,
  };
}
