import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMAGE_DIGEST_PATTERN } from '../../lib/ecs/envoy-image';
import {
  callerAccountCommand,
  deploySteps,
  describeImageCommand,
  DIGEST_CAPTURE,
  listVersionsCommand,
  registryLoginCommand,
  registryLogoutCommand,
  synthCommand,
  warmPullCommand,
  type CacheImage,
  type DeployStep,
  type SecretFill,
  type StepOptions,
} from './deploy-steps';
import { capture, formatCommand, runCommand, tryCapture, type Command, type RunOptions } from '../process/run-command';
import { pinEnvoyImageInFile } from './envoy-image-pin';
import { readSynthesizedEnvironment, type SynthesizedEnvironment } from './synthesized-environment';
import { checkNoChanges, checkRollouts, waitServicesStable, type RolloutPolling, type WaiterOutcome } from './verify-deploy';
import { UserError } from '../../lib/util/user-error';
import { checkAddons } from '../stack-plan/addon-preflight';

export interface DeployOptions extends StepOptions, RunOptions {
  readonly environment: string;
  /** Generate missing TLS pairs and HMAC keys. @default true */
  readonly generate?: boolean;
  /**
   * Write the digest read for an unpinned Envoy image into environments/<env>.yaml
   * (tools/deploy/envoy-image-pin.ts). False in CI, whose checkout is thrown away:
   * the deploy then stops before the platform apply with the line to commit. @default true
   */
  readonly writePin?: boolean;
  /** Progress lines. @default process.stdout */
  readonly log?: (line: string) => void;
  /** How the rollout check polls a rollout still IN_PROGRESS. @default 15 s apart, for 15 minutes */
  readonly rolloutPolling?: RolloutPolling;
}

/**
 * `npm run deploy -- <env>`: runs `deploySteps` in order and stops at the
 * first failure. The secret step checks each proxy secret for an AWSCURRENT
 * version with the aws CLI (ids and stages only; no value is read), generates
 * the ones any value will do for, and refuses with one line per secret a
 * person must fill, so the platform apply never starts tasks on an empty
 * secret. The Docker Hub credential of the Envoy image's pull through cache
 * is one of them (put from DOCKERHUB_USERNAME/DOCKERHUB_TOKEN when set). The
 * image step then warms the cache by tag, keeps the digest it reads for
 * the platform apply's `-var envoy_image_digest=`, and writes it into the
 * environment file's `envoy.image` (or, with `writePin: false`, stops with the
 * line to commit). After the apply, each
 * service must have rolled out to the task definition it set, and a second
 * plan must find nothing to change (tools/deploy/verify-deploy.ts).
 */
export function deployEnvironment(options: DeployOptions): SynthesizedEnvironment {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Outputs kept by commands with captureAs (the Envoy image digest), for later `$NAME` arguments.
  const kept: Record<string, string> = {};
  const run = (command: Command) => runCommand(command, options, kept);
  const synth = synthCommand(options.environment);
  log(`==> 1. Synthesize ${options.environment}: ${formatCommand(synth)}`);
  run(synth);
  const env = readSynthesizedEnvironment(options.root, 'cdktf.out', options.environment);
  const steps = deploySteps(env, options);
  let waiter: WaiterOutcome | undefined;
  steps.slice(1).forEach((step, index) => {
    log(`==> ${index + 2}. ${step.title}`);
    if (step.account) checkAccount(env, options);
    else if (step.addons && env.eksAddons) checkAddons(env.environment, env.region, env.eksAddons, options, log);
    else if (step.secrets) checkSecrets(env, step, options, log);
    else if (step.images) ensureImages(env, step.images, options, kept, log);
    else if (step.verify === 'services-stable') waiter = waitServicesStable(step.commands, options);
    else if (step.verify === 'rollouts') checkRollouts(env, options, log, waiter, options.rolloutPolling);
    else if (step.verify === 'no-changes') checkNoChanges(env, step.commands[0], options, kept, log);
    else for (const command of step.commands) run(command);
  });
  if (env.dashboardUrl) log(`    dashboard: ${env.dashboardUrl}`);
  log(`==> ${options.environment} deployed`);
  return env;
}

/** The aws CLI must act in the environment's account: it puts secrets there, and Terraform's provider refuses any other. */
export function checkAccount(env: SynthesizedEnvironment, options: RunOptions): void {
  const account = capture(callerAccountCommand(env.region), options).trim();
  if (account !== env.accountId) {
    throw new UserError(`the aws CLI's credentials are account ${account}'s, but ${env.environment} is account ${env.accountId}: use a profile of that account (AWS_PROFILE=…)`);
  }
}

function checkSecrets(env: SynthesizedEnvironment, step: DeployStep, options: DeployOptions, log: (line: string) => void): void {
  const missing: string[] = [];
  const variables = options.env ?? process.env;
  for (const fill of step.secrets ?? []) {
    const { name } = fill.secret;
    if (hasCurrentVersion(env, name, options)) {
      log(`    ${name}: has a value`);
    } else if (fill.fromEnvironment && fill.fromEnvironment.every((variable) => variables[variable])) {
      log(`    ${name}: empty, putting it from ${fill.fromEnvironment.join(' and ')}`);
      putDockerHubCredential(env, fill, variables, options);
      if (!hasCurrentVersion(env, name, options)) throw new UserError(`${name}: still no AWSCURRENT version after putting it from ${fill.fromEnvironment.join(' and ')}`);
    } else if (fill.generate && options.generate !== false) {
      log(`    ${name}: empty, generating: ${fill.command}`);
      runCommand(fill.generate, options);
      if (!hasCurrentVersion(env, name, options)) throw new UserError(`${name}: still no AWSCURRENT version after ${fill.command}`);
    } else {
      const ci = fill.fromEnvironment ? ` (or set ${fill.fromEnvironment.join(' and ')} for npm run deploy)` : '';
      missing.push(`${name}: no value (no AWSCURRENT version); fill it with: ${fill.command}${ci}`);
    }
  }
  if (missing.length > 0) {
    throw new UserError(
      [`${env.platformStack} not applied: its tasks would fail to start (ResourceInitializationError) on empty secrets.`, ...missing, `then run npm run deploy -- ${env.environment} again.`].join(
        '\n',
      ),
    );
  }
}

/**
 * Puts `{"username", "accessToken"}` (the keys ECR reads:
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-secret.html)
 * from the environment, as scripts/put-docker-hub-credential.sh does: through
 * a file in a private temporary folder, as file://, removed at once; the token
 * is never an argument of any process.
 */
function putDockerHubCredential(env: SynthesizedEnvironment, fill: SecretFill, variables: NodeJS.ProcessEnv, options: DeployOptions): void {
  const [username, token] = (fill.fromEnvironment ?? []).map((variable) => variables[variable]!);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-secret-'));
  try {
    fs.chmodSync(folder, 0o700);
    const file = path.join(folder, 'secret.json');
    fs.writeFileSync(file, JSON.stringify({ username, accessToken: token }), { mode: 0o600 });
    capture(
      {
        program: 'aws',
        args: ['secretsmanager', 'put-secret-value', '--region', env.region, '--secret-id', fill.secret.name, '--secret-string', `file://${file}`, '--query', 'VersionId', '--output', 'text'],
      },
      options,
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Each Envoy image in the pull through cache. An image pinned in envoy.image
 * is looked up by digest and warmed by its tag only when missing (a first pull
 * by digest is not imported: aws/containers-roadmap#2837); an unpinned one is
 * warmed by tag, its digest kept for the platform apply and pinned in the
 * environment file. Warming is a
 * `docker pull` by tag: whether ECR's API alone (BatchGetImage) imports from
 * upstream is not documented, a registry pull is (docs/deploy.md).
 */
function ensureImages(env: SynthesizedEnvironment, images: readonly CacheImage[], options: DeployOptions, kept: Record<string, string>, log: (line: string) => void): void {
  const warm = (image: CacheImage) => {
    log(`    ${image.repository}:${image.tag}: pulling by tag through the cache`);
    runCommand(registryLoginCommand(image), options, kept);
    try {
      runCommand(warmPullCommand(image), options, kept);
    } finally {
      runCommand(registryLogoutCommand(image), options, kept);
    }
  };
  for (const image of images) {
    if (image.digest) {
      const lookup = describeImageCommand(image, { digest: image.digest });
      if (tryCapture(lookup, options) === undefined) {
        warm(image);
        if (tryCapture(lookup, options) === undefined) {
          throw new UserError(
            `${image.repository}: ${image.digest} (envoy.image) is not in the cache after pulling ${image.tag}: the tag no longer points at that digest upstream; pin the tag's current digest in envoy.image`,
          );
        }
      }
      log(`    ${image.repository}@${image.digest}: in the cache`);
    } else {
      warm(image);
      const digest = cachedDigest(image, options);
      kept[DIGEST_CAPTURE] = digest;
      log(`    ${image.repository}:${image.tag}: ${digest}`);
      // From now on the file names the digest: the next synth declares no envoy_image_digest, so cdktf diff and deploy need no variable.
      const pin = pinEnvoyImageInFile(options.root, env.environment, image.tag, digest, options.writePin !== false);
      if (pin.changed) log(`    environments/${env.environment}.yaml:${pin.line}: envoy.image pinned to ${pin.image}: commit it`);
    }
  }
}

/**
 * The digest the pull through cache holds for an image's tag (`aws ecr
 * describe-images`, read only): what the platform apply pins. The deploy reads
 * it after warming the cache; the deploy workflow's plan job reads it as the
 * last deploy left it (npm run plan:stack -- --digest-from-cache).
 */
export function cachedDigest(image: CacheImage, options: RunOptions): string {
  const digest = capture(describeImageCommand(image, { tag: image.tag }), options).trim();
  if (!new RegExp(IMAGE_DIGEST_PATTERN).test(digest)) {
    throw new UserError(`${formatCommand(describeImageCommand(image, { tag: image.tag }))}: expected the image's digest, sha256: and 64 hex digits, got ${JSON.stringify(digest.slice(0, 100))}`);
  }
  return digest;
}

function hasCurrentVersion(env: SynthesizedEnvironment, secretName: string, options: DeployOptions): boolean {
  const output = capture(listVersionsCommand(secretName, env.region), options);
  let versions: { VersionStages?: string[] }[];
  try {
    versions = JSON.parse(output).Versions ?? [];
  } catch {
    throw new UserError(`aws secretsmanager list-secret-version-ids --secret-id ${secretName}: expected JSON, got ${JSON.stringify(output.slice(0, 200))}`);
  }
  return versions.some((version) => (version.VersionStages ?? []).includes('AWSCURRENT'));
}
