import { TerraformStack } from 'cdktf';
import { DockerHubPullThroughCache, PULL_THROUGH_CACHE_SECRET_PREFIX } from '../../lib/ecs/image-pull-cache';
import { parseImageReference, type ImageReference } from '../../lib/ecs/image-reference';
import { testingApp } from '../helpers/scratch';

const cacheOf = (namePrefix = 'acme-dev', repositories = ['envoyproxy/envoy']) =>
  new DockerHubPullThroughCache(new TerraformStack(testingApp(), 'stack'), 'cache', { namePrefix, accountId: '123456789012', region: 'eu-west-1', repositories });
const reference = (image: string) => parseImageReference(image) as ImageReference;

describe('DockerHubPullThroughCache', () => {
  test('GIVEN a cache THEN arns lists its credential secret by name, like ProxySecrets.arns, for the first-deploy check of secrets that need a value', () => {
    const cache = cacheOf();
    expect(Object.keys(cache.arns)).toEqual(['ecr-pullthroughcache/acme-dev/docker-hub']);
    expect(Object.keys(cache.arns)[0].startsWith(PULL_THROUGH_CACHE_SECRET_PREFIX)).toBe(true);
  });

  test('GIVEN a long environment prefix THEN the repository prefix stays within the API limit of 30 characters', () => {
    const cache = cacheOf('a-very-long-project-name-staging-eu');
    expect(cache.ecrRepositoryPrefix.length).toBeLessThanOrEqual(30);
    expect(cache.ecrRepositoryPrefix).toMatch(/^[a-z0-9-]+\/docker-hub$/);
  });

  test('GIVEN an image THEN its cached URI is pinned by the digest given, and an image the cache does not hold is an error', () => {
    const cache = cacheOf();
    expect(cache.image(reference('envoyproxy/envoy:v1.38.9'), `sha256:${'d'.repeat(64)}`)).toMatchObject({
      uri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/docker-hub/envoyproxy/envoy@sha256:${'d'.repeat(64)}`,
      pullThroughCache: true,
    });
    expect(() => cache.image(reference('ghcr.io/envoyproxy/envoy:v1.38.9'), 'sha256:x')).toThrow(/ghcr\.io\/envoyproxy\/envoy is not a Docker Hub repository this cache holds \(envoyproxy\/envoy\)/);
  });

  test('GIVEN an official image THEN its cache repository is under library/', () => {
    expect(cacheOf('acme-dev', ['busybox']).repositoryNames).toEqual({ busybox: 'acme-dev/docker-hub/library/busybox' });
  });
});
