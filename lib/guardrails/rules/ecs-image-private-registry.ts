import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>`: this or another account's private ECR registry. */
const PRIVATE_ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^\s]+$/;

export const ecsImagePrivateRegistry: PolicyRule = {
  id: 'ecs-image-private-registry',
  level: 'error',
  why:
    'Tasks pull through the NAT address, and public registries limit pulls per address (Docker Hub: https://docs.docker.com/docker-hub/usage/pulls/), so a 200 % rollout or a scale-out stops on toomanyrequests; ' +
    'a private ECR registry, with a pull through cache for public images (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html), has no such limit and stays up when the public registry is not.',
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) => checkContainers(resource, 'images not from a private ECR registry', (c) => (typeof c.image === 'string' && PRIVATE_ECR_IMAGE.test(c.image) ? [] : [`${c.name} (${c.image})`])),
};
