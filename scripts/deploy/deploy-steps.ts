import { fillSecretCommand, type ProxySecretKind } from '../../lib/ecs/proxy-secrets';
import type { SynthesizedEnvironment, SynthesizedSecret } from './synthesized-environment';

/** One program run: what the deploy executes and what the steps print. */
export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  /** Variables set for this command only (printed in front of it). */
  readonly env?: Readonly<Record<string, string>>;
}

/** How a secret gets its value when it has none. */
export interface SecretFill {
  readonly secret: SynthesizedSecret;
  /** The command that fills it, as printed. */
  readonly command: string;
  /** Run by the deploy when the secret is empty; absent when a person or CI must supply the value. */
  readonly generate?: Command;
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
}

export interface StepOptions {
  /** Add -auto-approve to the applies (CI). @default false - Terraform asks before each apply */
  readonly autoApprove?: boolean;
  /** Leave out the bootstrap step: the state bucket exists. @default false */
  readonly skipBootstrap?: boolean;
}

/** Secret kinds the deploy may generate: any value of the right shape works, so no person needs to choose one. */
const GENERATED: Readonly<Record<ProxySecretKind, string | undefined>> = {
  'tls-pair': 'scripts/put-envoy-tls-secret.sh',
  'oauth2-hmac-key': 'scripts/put-random-secret.sh',
  'oauth2-client-secret': undefined,
};

/** The command that synthesizes one environment into cdktf.out. */
export function synthCommand(environment: string): Command {
  return { program: 'npm', args: ['run', 'synth'], env: { ENVIRONMENTS: environment } };
}

/** `aws secretsmanager list-secret-version-ids`: version ids and stages, never a value. */
export function listVersionsCommand(secretName: string, region: string): Command {
  return { program: 'aws', args: ['secretsmanager', 'list-secret-version-ids', '--region', region, '--secret-id', secretName, '--output', 'json'] };
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
 * platform stack; the ECS services at steady state.
 * https://developer.hashicorp.com/terraform/cli/commands/plan#resource-targeting
 */
export function deploySteps(env: SynthesizedEnvironment, options: StepOptions = {}): DeployStep[] {
  const approve = options.autoApprove ? ['-auto-approve'] : [];
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
        terraform(env.platformDir, 'apply', '-input=false', ...approve, ...env.secrets.map((s) => `-target=${s.address}`)),
      ],
      waitsFor: `the secrets ${env.secrets.map((s) => s.name).join(', ')} exist (nothing reads them yet)`,
    });
    steps.push({
      title: 'Secret values',
      commands: env.secrets.map((s) => listVersionsCommand(s.name, env.region)),
      waitsFor:
        'every secret has an AWSCURRENT version. ' +
        'Missing TLS pairs and HMAC keys are generated; anything else stops the deploy with one line per empty secret and the command that fills it',
      secrets: env.secrets.map((secret) => secretFill(secret, env.region)),
    });
  }
  steps.push({
    title: `Platform (${env.platformStack})`,
    commands: [...(env.secrets.length > 0 ? [] : [terraform(env.platformDir, 'init', '-input=false')]), terraform(env.platformDir, 'apply', '-input=false', ...approve)],
    waitsFor: 'every resource of the stack; an ECS service is created only once the secrets it reads have a value (the stack checks, too)',
  });
  if (env.ecs) {
    const waits: Command[] = [];
    // DescribeServices, which the waiter polls, takes at most 10 services per call.
    for (let i = 0; i < env.ecs.services.length; i += 10) {
      waits.push({ program: 'aws', args: ['ecs', 'wait', 'services-stable', '--region', env.region, '--cluster', env.ecs.cluster, '--services', ...env.ecs.services.slice(i, i + 10)] });
    }
    steps.push({
      title: `ECS services at steady state (${env.ecs.services.join(', ')})`,
      commands: waits,
      waitsFor: 'every service running its desired count of the new task definition (the waiter gives up after 10 minutes)',
    });
  }
  return steps;
}

function secretFill(secret: SynthesizedSecret, region: string): SecretFill {
  const script = GENERATED[secret.kind];
  return {
    secret,
    command: fillSecretCommand(secret.kind, secret.name, region),
    ...(script ? { generate: { program: script, args: [secret.name], env: { AWS_REGION: region } } } : {}),
  };
}

/** A command as a shell line. */
export function formatCommand(command: Command): string {
  const env = Object.entries(command.env ?? {}).map(([name, value]) => `${name}=${quote(value)}`);
  return [...env, command.program, ...command.args.map(quote)].join(' ');
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The steps as Markdown: what `npm run deploy:steps -- <env>` prints and the README shows for dev. */
export function formatSteps(env: SynthesizedEnvironment, steps: readonly DeployStep[]): string {
  const lines = [
    `\`npm run deploy -- ${env.environment}\` runs these steps in order and stops at the first that fails`,
    '(`--auto-approve` in CI; `--skip-bootstrap` once the state bucket exists):',
    '',
  ];
  steps.forEach((step, index) => {
    lines.push(`${index + 1}. **${step.title}**`, '', '   ```sh');
    for (const command of step.commands) lines.push(`   ${formatCommand(command)}`);
    lines.push('   ```', '');
    for (const fill of step.secrets ?? []) {
      lines.push(`   - \`${fill.secret.name}\` (${fill.secret.kind}), ${fill.generate ? 'generated when empty' : 'supplied once by a person or CI'}: \`${fill.command}\``);
    }
    if (step.secrets) lines.push('');
    lines.push(`   Waits for: ${step.waitsFor}.`, '');
  });
  lines.push('Why this order, what the platform stack checks by itself, and rotating the secrets: [docs/deploy.md](docs/deploy.md).');
  return `${lines.join('\n').trimEnd()}\n`;
}
