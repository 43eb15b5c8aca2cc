import { Construct } from 'constructs';
import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import type { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { boundedName } from '../construct-support/naming';
import type { ImageReference } from './image-reference';
import { fillSecretCommand, PROXY_SECRET_KIND_TAG, secretValueCheck } from './proxy-secrets';
import { invalidProps } from '../util/user-error';

/** The registry URL ECR's pull through cache expects for Docker Hub (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html). */
export const DOCKER_HUB_REGISTRY_URL = 'registry-1.docker.io';

/** ECR only accepts upstream credentials from secrets whose name starts with this (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html). */
export const PULL_THROUGH_CACHE_SECRET_PREFIX = 'ecr-pullthroughcache/';

/** An image a container runs, with what its execution role needs to pull it. */
export interface ContainerImage {
  /** What the task definition names: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:…`. */
  readonly uri: string;
  /** The ECR repository pulled from. */
  readonly repositoryArn: string;
  /** The repository is a pull through cache: a pull may import the image from upstream (`ecr:BatchImportUpstreamImage`). */
  readonly pullThroughCache: boolean;
}

export interface DockerHubPullThroughCacheProps {
  /** `<project>-<env>`: namespace of the cache repositories and name of the credential secret. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Docker Hub repositories to cache, e.g. `envoyproxy/envoy`; each gets its ECR repository here. */
  readonly repositories: readonly string[];
  /** @default 30 - the longest window, to undo an accidental deletion */
  readonly recoveryWindowDays?: number;
  /**
   * Delete the cache repositories with their images on destroy (otherwise RepositoryNotEmptyException once an image
   * is cached: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html).
   * @default false
   */
  readonly forceDelete?: boolean;
}

/**
 * Docker Hub images through this account's ECR: a pull through cache rule
 * for Docker Hub, the Secrets Manager secret with the Docker Hub credential it
 * pulls with, and the cache repository of each image.
 *
 * Why: Docker Hub limits pulls per source address
 * (https://docs.docker.com/docker-hub/usage/pulls/), and every Fargate task of
 * every private subnet pulls through the same NAT address; a rolling
 * deployment at 200 %, a scale-out or a crash loop exhausts it and tasks stop
 * with `toomanyrequests`. ECR imports the image once, with the account's
 * credential, and tasks pull from ECR
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html).
 *
 * The secret is created without a value (`{"username": …, "accessToken": …}`
 * is put once outside Terraform, by `npm run deploy` or
 * scripts/put-docker-hub-credential.sh, docs/deploy.md) and tagged like the
 * proxy secrets, so the deploy fills it in the same phase. ECR reads it when
 * the rule is created, so the rule depends on the secret's guard
 * (`credentialCheck`, the proxy secrets' check): an apply on an empty secret
 * stops with the command that fills it, not with ECR's
 * UnableToAccessSecretException. The repositories are created here rather than by
 * the first pull, so the execution roles need no `ecr:CreateRepository`, and
 * they get no lifecycle policy: a pinned digest must stay in the cache even
 * when the upstream tag moves on.
 */
export class DockerHubPullThroughCache extends Construct {
  /** `<prefix>/docker-hub`, at most 30 characters (the API's limit). */
  public readonly ecrRepositoryPrefix: string;
  public readonly credentialSecret: SecretsmanagerSecret;
  /** Fails the apply while the credential secret has no AWSCURRENT version; the rule depends on it. */
  public readonly credentialCheck: DataAwsSecretsmanagerSecretVersions;
  public readonly rule: EcrPullThroughCacheRule;
  /** The cache repository of each Docker Hub repository, by its Docker Hub name. */
  public readonly repositories: Readonly<Record<string, EcrRepository>>;
  /** The cache repository's name, `<prefix>/<Docker Hub repository>`, by its Docker Hub name. */
  public readonly repositoryNames: Readonly<Record<string, string>>;
  /** ARN of the credential secret by secret name, the shape of ProxySecrets.arns: every secret that needs a value before the first deploy. */
  public readonly arns: Readonly<Record<string, string>>;
  private readonly registry: string;

  constructor(scope: Construct, id: string, props: DockerHubPullThroughCacheProps) {
    super(scope, id);
    // The prefix allows 2-30 characters; the namespace keeps environments sharing an account and region apart.
    const forceDelete = props.forceDelete ?? false;
    this.ecrRepositoryPrefix = `${boundedName([props.namePrefix], 30 - '/docker-hub'.length)}/docker-hub`;
    this.registry = `${props.accountId}.dkr.ecr.${props.region}.amazonaws.com`;

    const secretName = `${PULL_THROUGH_CACHE_SECRET_PREFIX}${props.namePrefix}/docker-hub`;
    this.credentialSecret = new SecretsmanagerSecret(this, 'credential', {
      name: secretName,
      description: 'Docker Hub username and access token ECR pulls through with (JSON keys username, accessToken); value put outside Terraform',
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      tags: { [PROXY_SECRET_KIND_TAG]: 'docker-hub-credential' },
    });
    this.arns = { [secretName]: this.credentialSecret.arn };
    this.credentialCheck = secretValueCheck(this, 'credential-has-value', this.credentialSecret, secretName, fillSecretCommand('docker-hub-credential', secretName, props.region));

    this.rule = new EcrPullThroughCacheRule(this, 'rule', {
      ecrRepositoryPrefix: this.ecrRepositoryPrefix,
      upstreamRegistryUrl: DOCKER_HUB_REGISTRY_URL,
      credentialArn: this.credentialSecret.arn,
      dependsOn: [this.credentialCheck],
    });

    const upstreams = [...new Set(props.repositories)].sort();
    // Docker Hub official images live under library/ (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-working.html).
    this.repositoryNames = Object.fromEntries(upstreams.map((repository) => [repository, `${this.ecrRepositoryPrefix}/${repository.includes('/') ? repository : `library/${repository}`}`]));
    this.repositories = Object.fromEntries(
      upstreams.map((repository) => [
        repository,
        new EcrRepository(this, `repository-${repository.replace(/[^a-z0-9-]/g, '-')}`, {
          name: this.repositoryNames[repository],
          // Tags follow upstream (ECR re-checks a cached tag against Docker Hub); tasks pull by digest.
          imageTagMutability: 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: 'AES256' }],
          forceDelete,
          dependsOn: [this.rule],
        }),
      ]),
    );
  }

  /** The cached copy of a Docker Hub image, pinned to `digest` (`sha256:…`, or a Terraform expression that yields one). */
  image(upstream: ImageReference, digest: string): ContainerImage {
    const repository = upstream.registry === undefined ? this.repositories[upstream.repository] : undefined;
    if (!repository) {
      throw invalidProps(
        'DockerHubPullThroughCache',
        `${upstream.registry ?? 'docker.io'}/${upstream.repository} is not a Docker Hub repository this cache holds (${Object.keys(this.repositories).join(', ')})`,
      );
    }
    return {
      // By digest alone: ECS accepts `repository@digest` (or `repository:tag`), and the digest is what is pinned.
      uri: `${this.registry}/${this.repositoryNames[upstream.repository]}@${digest}`,
      repositoryArn: repository.arn,
      pullThroughCache: true,
    };
  }
}
