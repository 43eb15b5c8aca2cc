import { ECS_TASK_DEFINITIONS_OUTPUT } from '../../lib/ecs/task-definitions-output';
import { capture, failed, formatCommand, spawn, substitute, type Command, type RunOptions } from './run-command';
import type { SynthesizedEnvironment } from './synthesized-environment';
import { UserError } from '../../lib/core/user-error';

/**
 * The checks after the platform apply: every ECS service rolled out to the
 * task definition the apply set (not rolled back), and a second plan finds
 * nothing to change (no perpetual diff).
 */

/** DescribeServices, and so the services-stable waiter that polls it, takes at most 10 services per call. */
const DESCRIBE_SERVICES_LIMIT = 10;

/** The services in groups DescribeServices accepts. */
export function serviceBatches(services: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_LIMIT) batches.push(services.slice(i, i + DESCRIBE_SERVICES_LIMIT));
  return batches;
}

/** `{ <service>: <task definition ARN> }` as the apply left it (lib/ecs/task-definitions-output.ts). */
export function taskDefinitionsCommand(platformDir: string): Command {
  return { program: 'terraform', args: [`-chdir=${platformDir}`, 'output', '-json', ECS_TASK_DEFINITIONS_OUTPUT] };
}

export function describeServicesCommand(region: string, cluster: string, services: readonly string[], query?: string): Command {
  return {
    program: 'aws',
    args: ['ecs', 'describe-services', '--region', region, '--cluster', cluster, '--services', ...services, ...(query ? ['--query', query] : []), '--output', 'json'],
  };
}

/**
 * The plan after the apply, with the apply's `-var` arguments:
 * `-detailed-exitcode` exits 0 for no changes, 2 for changes, 1 for an error
 * (https://developer.hashicorp.com/terraform/cli/commands/plan#detailed-exitcode).
 */
export function noChangesPlanCommand(platformDir: string, variables: readonly string[]): Command {
  return { program: 'terraform', args: [`-chdir=${platformDir}`, 'plan', '-detailed-exitcode', '-input=false', ...variables] };
}

/** The fields of DescribeServices the rollout check reads (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html). */
interface DescribedServices {
  services?: { serviceName: string; deployments?: { status?: string; taskDefinition?: string; rolloutState?: string; rolloutStateReason?: string }[] }[];
  failures?: { arn?: string; reason?: string }[];
}

/**
 * Each service's PRIMARY deployment must be COMPLETED on the task definition
 * the apply set. After a circuit breaker rollback the waiter succeeds too, on
 * a PRIMARY deployment of the previous revision: only the revision shows it.
 */
export function checkRollouts(env: SynthesizedEnvironment, options: RunOptions, log: (line: string) => void): void {
  if (!env.ecs) return;
  const { cluster, services } = env.ecs;
  const outputCommand = taskDefinitionsCommand(env.platformDir);
  const applied = parseJson<Record<string, string>>(outputCommand, capture(outputCommand, options));
  const problems: string[] = [];
  for (const batch of serviceBatches(services)) {
    const command = describeServicesCommand(env.region, cluster, batch);
    const described = parseJson<DescribedServices>(command, capture(command, options));
    for (const name of batch) {
      const events = formatCommand(describeServicesCommand(env.region, cluster, [name], 'services[].events[:5]'));
      const service = described.services?.find((s) => s.serviceName === name);
      const expected = applied[name];
      const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
      if (!service || !expected || !primary) {
        const why = !service
          ? `not in cluster ${cluster} (${described.failures?.find((f) => f.arn?.endsWith(`/${name}`))?.reason ?? 'no such service'})`
          : !expected
            ? `output ${ECS_TASK_DEFINITIONS_OUTPUT} names no task definition for it`
            : 'no PRIMARY deployment';
        problems.push(`${name}: ${why}; look at: ${events}`);
        continue;
      }
      const state = `rolloutState ${primary.rolloutState ?? 'none'}${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : ''}`;
      if (primary.taskDefinition !== expected) {
        problems.push(`${name}: rolled back: its PRIMARY deployment runs ${revision(primary.taskDefinition)}, not ${revision(expected)} that the apply set (${state}); why: ${events}`);
      } else if (primary.rolloutState !== 'COMPLETED') {
        problems.push(`${name}: the rollout of ${revision(expected)} did not complete (${state}); why: ${events}`);
      } else {
        log(`    ${name}: ${revision(expected)} rolled out`);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError([`${env.platformStack} applied, but not every ECS service runs the task definition it set:`, ...problems].join('\n'));
  }
}

/** A plan after the apply must find nothing to change: a change now is a perpetual diff, which every deploy would apply again. */
export function checkNoChanges(env: SynthesizedEnvironment, command: Command, options: RunOptions, kept: Readonly<Record<string, string>>, log: (line: string) => void): void {
  const result = spawn(substitute(command, kept), options, options.stdio ?? 'inherit');
  if (result.status === 2) {
    throw new UserError(
      `${env.platformStack} applied, but ${formatCommand(command)} still finds changes (exit 2): a perpetual diff, a bug in the stack; report it with the plan above`,
    );
  }
  if (result.status !== 0) throw failed(command, result);
  log(`    ${env.platformStack}: no changes`);
}

/** `family:revision` of a task definition ARN. */
function revision(arn: string | undefined): string {
  return arn ? arn.replace(/^arn:[^:]+:ecs:[^:]+:\d+:task-definition\//, '') : 'no task definition';
}

function parseJson<T>(command: Command, output: string): T {
  try {
    return JSON.parse(output) as T;
  } catch {
    throw new UserError(`${formatCommand(command)}: expected JSON, got ${JSON.stringify(output.slice(0, 200))}`);
  }
}
