import { ENVOY_IMAGE_DIGEST_VARIABLE, type CachedEnvoyImage } from '../../lib/ecs/envoy-image';
import { fillSecretCommand, type SecretKind } from '../../lib/ecs/proxy-secrets';
import { OFFLINE_VARIABLE_VALUES } from '../offline-plan/offline-plan';
import { formatCommand, type Command } from '../process/run-command';
import type { SynthesizedEnvironment, SynthesizedSecret } from './synthesized-environment';
import { describeServicesCommand, noChangesPlanCommand, serviceBatches, taskDefinitionsCommand } from './verify-deploy';
import { addonVersionsCommand } from '../stack-plan/addon-preflight';

// Re-exported: callers of the step list format and build commands from here.

/** How a secret gets its value when it has none. */
export interface SecretFill {
  readonly secret: SynthesizedSecret;
  /** The command that fills it, as printed. */
  readonly command: string;
  /** Run by the deploy when the secret is empty; absent when a person or CI must supply the value. */
  readonly generate?: Command;
  /** Environment variables the deploy fills the empty secret from when all are set (CI); else it stops with `command`. */
  readonly fromEnvironment?: readonly string[];
}

/** An Envoy image the deploy makes sure is in the pull through cache. */
export interface CacheImage extends CachedEnvoyImage {
  readonly registry: string;
  readonly region: string;
}

export interface DeployStep {
  readonly title: string;
  readonly commands: readonly Command[];
  /** What the step waits for before the next one starts. */
  readonly waitsFor: string;
  /** The secret check of the secrets step: each secret must have an AWSCURRENT version. */
  readonly secrets?: readonly SecretFill[];
  /** The credentials check: the account the aws CLI's credentials must belong to. */
  readonly account?: string;
  /** The add-on step: each pinned EKS add-on build must be one EKS lists for the cluster's Kubernetes version. */
  readonly addons?: boolean;
  /** The image step: each image must be in the cache; a pinned one is warmed only when missing, an unpinned one always, and its digest read. */
  readonly images?: readonly CacheImage[];
  /** A check after the platform apply (tools/deploy/verify-deploy.ts): the services-stable waiters, each service rolled out, or a plan without changes. */
  readonly verify?: 'services-stable' | 'rollouts' | 'no-changes';
}

export interface StepOptions {
  /** Add -auto-approve to the applies (CI). @default false - Terraform asks before each apply */
  readonly autoApprove?: boolean;
  /** Leave out the bootstrap step: the state bucket exists. @default false */
  readonly skipBootstrap?: boolean;
}

/** Secret kinds the deploy may generate: any value of the right shape works, so no person needs to choose one. */
const GENERATED: Readonly<Record<SecretKind, string | undefined>> = {
  'tls-pair': 'scripts/put-envoy-tls-secret.sh',
  'oauth2-hmac-key': 'scripts/put-random-secret.sh',
  'oauth2-client-secret': undefined,
  'docker-hub-credential': undefined,
};

/** Where CI keeps the Docker Hub credential (GitHub secrets of the environment, .github/workflows/deploy-environment.yml). */
export const DOCKER_HUB_ENVIRONMENT = { username: 'DOCKERHUB_USERNAME', token: 'DOCKERHUB_TOKEN' } as const;

/** What the image step keeps the digest it read under, and the platform apply passes as `-var envoy_image_digest=`. */
export const DIGEST_CAPTURE = 'ENVOY_IMAGE_DIGEST';

/**
 * The value given to envoy_image_digest by the targeted applies before the
 * digest is known: Terraform requires a value for every root variable without
 * a default even when no targeted resource reads it, and none does (only the
 * task definitions do, in the full apply). Visibly not real: a digest of zeros.
 */
export const PLACEHOLDER_DIGEST = OFFLINE_VARIABLE_VALUES[ENVOY_IMAGE_DIGEST_VARIABLE];

/** The Envoy images of the environment's pull through cache, with its registry and region (none without a cache). */
export function cacheImages(env: SynthesizedEnvironment): CacheImage[] {
  const cache = env.imageCache;
  return cache ? cache.images.map((image) => ({ ...image, registry: cache.registry, region: env.region })) : [];
}

/** `aws ecs wait services-stable` for the environment's ECS services, at most 10 per call (none without services). */
export function servicesStableCommands(env: SynthesizedEnvironment): Command[] {
  const ecs = env.ecs;
  if (!ecs) return [];
  return serviceBatches(ecs.services).map((batch) => ({ program: 'aws', args: ['ecs', 'wait', 'services-stable', '--region', env.region, '--cluster', ecs.cluster, '--services', ...batch] }));
}

/** The command that synthesizes one environment into cdktf.out. */
export function synthCommand(environment: string): Command {
  return { program: 'npm', args: ['run', 'synth'], env: { ENVIRONMENTS: environment } };
}

/** `aws secretsmanager list-secret-version-ids`: version ids and stages, never a value. */
export function listVersionsCommand(secretName: string, region: string): Command {
  return { program: 'aws', args: ['secretsmanager', 'list-secret-version-ids', '--region', region, '--secret-id', secretName, '--output', 'json'] };
}

/** Docker's login to the account's registry, the password piped from the aws CLI (never an argument). */
export function registryLoginCommand(image: CacheImage): Command {
  return {
    program: 'docker',
    args: ['login', '--username', 'AWS', '--password-stdin', image.registry],
    stdinFrom: { program: 'aws', args: ['ecr', 'get-login-password', '--region', image.region] },
  };
}

/** A pull by tag through the cache: on a miss ECR imports the image from Docker Hub (a pull by digest would not, aws/containers-roadmap#2837). */
export function warmPullCommand(image: CacheImage): Command {
  return { program: 'docker', args: ['pull', `${image.registry}/${image.repository}:${image.tag}`] };
}

export function registryLogoutCommand(image: CacheImage): Command {
  return { program: 'docker', args: ['logout', image.registry] };
}

/** The digest ECR holds for a tag or a digest of the cache repository (fails with ImageNotFoundException when it holds none). */
export function describeImageCommand(image: CacheImage, id: { tag: string } | { digest: string }, captureAs?: string): Command {
  return {
    program: 'aws',
    args: [
      'ecr',
      'describe-images',
      '--region',
      image.region,
      '--repository-name',
      image.repository,
      '--image-ids',
      'tag' in id ? `imageTag=${id.tag}` : `imageDigest=${id.digest}`,
      '--query',
      'imageDetails[0].imageDigest',
      '--output',
      'text',
    ],
    ...(captureAs ? { captureAs } : {}),
  };
}

export function callerAccountCommand(region: string): Command {
  return { program: 'aws', args: ['sts', 'get-caller-identity', '--region', region, '--query', 'Account', '--output', 'text'] };
}

/**
 * The first deploy of an environment, in order (also every later deploy, with
 * `skipBootstrap`): synth; the credentials' account; the bootstrap stack (state bucket); only the secret
 * containers of the platform stack (`-target`), so they exist before anything
 * reads them; a value in each secret (generated where any value will do,
 * refused with the command to run where a person must supply it); the whole
 * platform stack; the ECS services at steady state and on the task
 * definitions just applied; a plan that finds no change left.
 * https://developer.hashicorp.com/terraform/cli/commands/plan#resource-targeting
 */
export function deploySteps(env: SynthesizedEnvironment, options: StepOptions = {}): DeployStep[] {
  const approve = options.autoApprove ? ['-auto-approve'] : [];
  // Targeted applies run before the digest is known; see PLACEHOLDER_DIGEST.
  const placeholder = env.digestVariable ? ['-var', `${ENVOY_IMAGE_DIGEST_VARIABLE}=${PLACEHOLDER_DIGEST}`] : [];
  const terraform = (dir: string, ...args: string[]): Command => ({ program: 'terraform', args: [`-chdir=${dir}`, ...args] });
  const steps: DeployStep[] = [
    {
      title: `Synthesize ${env.environment}`,
      commands: [synthCommand(env.environment)],
      waitsFor: `cdktf.out/stacks/${env.bootstrapStack} and cdktf.out/stacks/${env.platformStack}, checked by the policy pack`,
    },
    {
      title: `Credentials of account ${env.accountId}`,
      commands: [callerAccountCommand(env.region)],
      waitsFor: `the aws CLI's credentials belong to account ${env.accountId} (the AWS provider refuses any other, too)`,
      account: env.accountId,
    },
  ];
  if (env.eksAddons) {
    const { kubernetesVersion, addons } = env.eksAddons;
    steps.push({
      title: `EKS add-on builds for Kubernetes ${kubernetesVersion}`,
      commands: addons.map((addon) => addonVersionsCommand(env.region, kubernetesVersion, addon.name)),
      waitsFor:
        `EKS lists each pinned build (${addons.map((addon) => `${addon.name} ${addon.version}`).join(', ')}) for Kubernetes ${kubernetesVersion}: ` +
        'a build it does not list fails CreateAddon only after the cluster was created, and the node groups never come up; ' +
        'the deploy stops before anything is applied, with one line per add-on naming the builds EKS lists',
      addons: true,
    });
  }
  if (!options.skipBootstrap) {
    steps.push({
      title: `Bootstrap (${env.bootstrapStack}): the state bucket`,
      commands: [terraform(env.bootstrapDir, 'init', '-input=false'), terraform(env.bootstrapDir, 'apply', '-input=false', ...approve)],
      waitsFor:
        `the state bucket ${env.stateBucket}. The bootstrap state stays local, in terraform.${env.bootstrapStack}.tfstate ` +
        'at the project root: keep it, or migrate it into the bucket (docs/state.md)',
    });
  }
  if (env.secrets.length > 0) {
    steps.push({
      title: `Secret containers of ${env.platformStack}, without values`,
      commands: [
        terraform(env.platformDir, 'init', '-input=false'),
        terraform(env.platformDir, 'apply', '-input=false', ...approve, ...placeholder, ...env.secrets.map((s) => `-target=${s.address}`)),
      ],
      waitsFor:
        `the secrets ${env.secrets.map((s) => s.name).join(', ')} exist (nothing reads them yet)` +
        (env.digestVariable ? `. ${ENVOY_IMAGE_DIGEST_VARIABLE} is a digest of zeros here: Terraform wants every variable set, and no targeted resource reads it` : ''),
    });
    steps.push({
      title: 'Secret values',
      commands: env.secrets.map((s) => listVersionsCommand(s.name, env.region)),
      waitsFor:
        'every secret has an AWSCURRENT version. ' +
        'Missing TLS pairs and HMAC keys are generated, the Docker Hub credential is put from ' +
        `${DOCKER_HUB_ENVIRONMENT.username} and ${DOCKER_HUB_ENVIRONMENT.token} when both are set (CI); ` +
        'anything else stops the deploy with one line per empty secret and the command that fills it',
      secrets: env.secrets.map((secret) => secretFill(secret, env.region)),
    });
  }
  const cache = env.imageCache;
  if (cache) {
    steps.push({
      title: 'Envoy image cache: the pull through cache rule and repository',
      commands: [terraform(env.platformDir, 'apply', '-input=false', ...approve, ...placeholder, ...cache.addresses.map((address) => `-target=${address}`))],
      waitsFor: 'the rule, created with the Docker Hub credential (the stack checks it has a value first), and the cache repository',
    });
    const images = cacheImages(env);
    const commands: Command[] = [];
    for (const image of images) {
      if (image.digest) commands.push(describeImageCommand(image, { digest: image.digest }));
      else commands.push(registryLoginCommand(image), warmPullCommand(image), registryLogoutCommand(image), describeImageCommand(image, { tag: image.tag }, DIGEST_CAPTURE));
    }
    const pinned = images.filter((image) => image.digest).map((image) => `${image.repository}:${image.tag}`);
    const unpinned = images.filter((image) => !image.digest).map((image) => `${image.repository}:${image.tag}`);
    steps.push({
      title: unpinned.length > 0 ? 'Envoy image: warm the cache by tag, read the digest' : 'Envoy image: the pinned digest in the cache',
      commands,
      waitsFor: [
        ...(unpinned.length > 0
          ? [
              `ECR has imported ${unpinned.join(', ')} from Docker Hub (a first pull by digest of an uncached image fails: aws/containers-roadmap#2837) and reports its digest, which the platform apply pins. ` +
                `npm run deploy then writes it into environments/${env.environment}.yaml as envoy.image: …@<digest> (only that line changes; commit it), so the next synth needs no ${ENVOY_IMAGE_DIGEST_VARIABLE} ` +
                'and cdktf diff and cdktf deploy work bare; with --no-write-pin (CI) it stops here with the line to commit',
            ]
          : []),
        ...(pinned.length > 0 ? [`the digest of envoy.image is in the cache (${pinned.join(', ')}); when it is not, the deploy warms it by tag as above and checks again`] : []),
      ].join('; '),
      images,
    });
  }
  const variables = env.digestVariable ? ['-var', `${ENVOY_IMAGE_DIGEST_VARIABLE}=$${DIGEST_CAPTURE}`] : [];
  steps.push({
    title: `Platform (${env.platformStack})`,
    commands: [...(env.secrets.length > 0 ? [] : [terraform(env.platformDir, 'init', '-input=false')]), terraform(env.platformDir, 'apply', '-input=false', ...approve, ...variables)],
    waitsFor:
      'every resource of the stack; an ECS service is created only once the secrets it reads have a value (the stack checks, too)' +
      (env.digestVariable ? `; the Envoy task image pinned to the digest read above (${ENVOY_IMAGE_DIGEST_VARIABLE} has no default)` : ''),
  });
  if (env.ecs) {
    const { cluster, services } = env.ecs;
    steps.push({
      title: `ECS services at steady state (${services.join(', ')})`,
      commands: servicesStableCommands(env),
      waitsFor:
        'every service running its desired count with one deployment (the waiter gives up after 10 minutes; then the next step still runs, ' +
        'so each service that did not settle is named with its rollout state and events)',
      verify: 'services-stable',
    });
    steps.push({
      title: 'ECS rollouts: each service on the task definition just applied',
      commands: [taskDefinitionsCommand(env.platformDir), ...serviceBatches(services).map((batch) => describeServicesCommand(env.region, cluster, batch))],
      waitsFor:
        "each service's PRIMARY deployment has rolloutState COMPLETED and the task definition the apply set (output ecs_task_definitions): " +
        'the waiter above also succeeds after the deployment circuit breaker or a deployment alarm rolled a service back to its previous task definition, and returns once tasks run, ' +
        'before the load balancer found them healthy, so a rollout still IN_PROGRESS is polled every 15 s until COMPLETED or FAILED, for at most 15 minutes. ' +
        "Anything else stops the deploy with one line per service: its rollout state and reason, after a rollback the deployment alarms in ALARM (aws cloudwatch describe-alarms), and the command that shows its last events (--query 'services[].events[:5]')",
      verify: 'rollouts',
    });
  }
  steps.push({
    title: `No changes after the apply (${env.platformStack})`,
    commands: [noChangesPlanCommand(env.platformDir, variables)],
    waitsFor:
      'a plan with the variables of the apply finds nothing to change (exit 0). Exit 2 stops the deploy: a change right after a successful apply is a perpetual diff, ' +
      'a bug in the stack to report with the plan; exit 1 is an error' +
      (env.ecs ? '. After the rollout check, so a service the circuit breaker is rolling back shows up there, not as a change' : ''),
    verify: 'no-changes',
  });
  return steps;
}

function secretFill(secret: SynthesizedSecret, region: string): SecretFill {
  const script = GENERATED[secret.kind];
  return {
    secret,
    command: fillSecretCommand(secret.kind, secret.name, region),
    ...(script ? { generate: { program: script, args: [secret.name], env: { AWS_REGION: region } } } : {}),
    ...(secret.kind === 'docker-hub-credential' ? { fromEnvironment: [DOCKER_HUB_ENVIRONMENT.username, DOCKER_HUB_ENVIRONMENT.token] } : {}),
  };
}

/** The steps as Markdown: what `npm run deploy:steps -- <env>` prints and the README shows for dev. */
export function formatSteps(env: SynthesizedEnvironment, steps: readonly DeployStep[]): string {
  const lines = [
    `\`npm run deploy -- ${env.environment}\` runs these steps in order and stops at the first that fails`,
    '(`--auto-approve` in CI; `--skip-bootstrap` once the state bucket exists):',
    '',
  ];
  steps.forEach((step, index) => {
    const marker = `${index + 1}. `;
    // Continuation lines indented to the item's text, so a code block stays in the item from 10. on (CommonMark list items).
    const indent = ' '.repeat(marker.length);
    lines.push(`${marker}**${step.title}**`, '', `${indent}\`\`\`sh`);
    for (const command of step.commands) lines.push(`${indent}${formatCommand(command)}`);
    lines.push(`${indent}\`\`\``, '');
    for (const fill of step.secrets ?? []) {
      const how = fill.generate
        ? 'generated when empty'
        : fill.fromEnvironment
          ? `put from ${fill.fromEnvironment.join(' and ')} when set (CI), else supplied once by a person`
          : 'supplied once by a person or CI';
      lines.push(`${indent}- \`${fill.secret.name}\` (${fill.secret.kind}), ${how}: \`${fill.command}\``);
    }
    if (step.secrets) lines.push('');
    lines.push(`${indent}Waits for: ${step.waitsFor}.`, '');
  });
  lines.push('Why this order, what the platform stack checks by itself, and rotating the secrets: [docs/deploy.md](docs/deploy.md).');
  return `${lines.join('\n').trimEnd()}\n`;
}
