import { ECS_TASK_DEFINITIONS_OUTPUT } from '../../lib/ecs/task-definitions-output';
import { capture, failed, formatCommand, spawn, substitute, type Command, type RunOptions } from '../process/run-command';
import type { SynthesizedEnvironment } from './synthesized-environment';
import { UserError } from '../../lib/util/user-error';

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
  services?: {
    serviceName: string;
    deployments?: { status?: string; taskDefinition?: string; rolloutState?: string; rolloutStateReason?: string }[];
    /** The alarms the service's deployments watch (lib/observability/service-alarms.ts, docs/operations.md). */
    deploymentConfiguration?: { alarms?: { alarmNames?: string[]; enable?: boolean; rollback?: boolean } };
  }[];
  failures?: { arn?: string; reason?: string }[];
}

/** The names, of those given, of the alarms in state ALARM (DescribeAlarms takes up to 100 names). */
export function alarmsInAlarmCommand(region: string, alarmNames: readonly string[]): Command {
  return {
    program: 'aws',
    args: ['cloudwatch', 'describe-alarms', '--region', region, '--alarm-names', ...alarmNames, '--state-value', 'ALARM', '--query', 'MetricAlarms[].AlarmName', '--output', 'json'],
  };
}

/**
 * Why a rolled-back service was rolled back, when its deployment watches alarms: the ones in ALARM name the cause
 * (ECS rolls back when one of them fires during the deployment); none in ALARM means the circuit breaker did it, or the
 * alarm recovered once the old revision was back: its history says which.
 */
function rollbackAlarms(region: string, alarmNames: readonly string[] | undefined, options: RunOptions): string {
  if (!alarmNames || alarmNames.length === 0) return '';
  const command = alarmsInAlarmCommand(region, alarmNames);
  const firing = parseJson<string[] | null>(command, capture(command, options)) ?? [];
  if (firing.length > 0) return `; rolled back on alarm ${firing.join(', ')}`;
  return `; none of its deployment alarms (${alarmNames.join(', ')}) is in ALARM now (the circuit breaker, or an alarm that recovered after the rollback: aws cloudwatch describe-alarm-history --region ${region} --alarm-name <name>)`;
}

/** How long the rollout check polls, and how it waits: injectable so tests never sleep. */
export interface RolloutPolling {
  /** Seconds from the first poll until a rollout still IN_PROGRESS counts as stuck. @default ROLLOUT_DEADLINE_SECONDS */
  readonly deadlineSeconds?: number;
  /** Seconds between polls. @default ROLLOUT_POLL_SECONDS */
  readonly intervalSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default - blocks the thread for that long */
  readonly sleep?: (milliseconds: number) => void;
}

/**
 * The services-stable waiter returns once the desired count of tasks is RUNNING; a rollout is COMPLETED only once the
 * new tasks also passed the load balancer's health checks (the target group's healthy threshold times its interval,
 * after the service's grace period), which may take minutes more
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html, rolloutState).
 */
export const ROLLOUT_DEADLINE_SECONDS = 900;
export const ROLLOUT_POLL_SECONDS = 15;

/** What the waiter said when it gave up: reported with each unsettled service's diagnostics instead of alone. */
export interface WaiterOutcome {
  readonly failures: readonly string[];
}

/**
 * `aws ecs wait services-stable` for every batch of services. A waiter that gives up (it polls 40 times, 15 s apart:
 * "Waiter ServicesStable failed: Max attempts exceeded") does not stop the deploy here: the rollout check that follows
 * says, per service, what ECS reports, with the waiter's message.
 */
export function waitServicesStable(commands: readonly Command[], options: RunOptions): WaiterOutcome {
  const failures: string[] = [];
  for (const command of commands) {
    const result = spawn(command, options, 'pipe');
    if (result.status !== 0) failures.push(`${formatCommand(command)} gave up (${result.error?.message ?? `exit ${result.status}`}${result.stderr?.trim() ? `: ${result.stderr.trim()}` : ''})`);
  }
  return { failures };
}

/** One service's rollout as DescribeServices reports it: settled (done or failed) or still in progress. */
type RolloutVerdict = { readonly settled: true; readonly problem?: string; readonly done?: string } | { readonly settled: false; readonly state: string };

/**
 * Each service's PRIMARY deployment must be COMPLETED on the task definition
 * the apply set. After a circuit breaker or alarm rollback the waiter succeeds too, on
 * a PRIMARY deployment of the previous revision: only the revision shows it.
 * The deployment alarms in ALARM name an alarm-triggered rollback's cause.
 * A rollout still IN_PROGRESS (the waiter returned before the load balancer
 * found the new tasks healthy) is polled again until it is COMPLETED or
 * FAILED, or until the deadline. `npm run deploy` and `npm run apply:plan`
 * both run this, after waitServicesStable.
 */
export function checkRollouts(env: SynthesizedEnvironment, options: RunOptions, log: (line: string) => void, waiter: WaiterOutcome = { failures: [] }, polling: RolloutPolling = {}): void {
  if (!env.ecs) return;
  const { cluster, services } = env.ecs;
  const outputCommand = taskDefinitionsCommand(env.platformDir);
  const applied = parseJson<Record<string, string>>(outputCommand, capture(outputCommand, options));
  const now = polling.now ?? Date.now;
  const sleep = polling.sleep ?? sleepSync;
  const deadline = now() + (polling.deadlineSeconds ?? ROLLOUT_DEADLINE_SECONDS) * 1000;
  const problems: string[] = [];
  let pending = [...services];
  for (;;) {
    const unsettled: { name: string; state: string }[] = [];
    for (const batch of serviceBatches(pending)) {
      const command = describeServicesCommand(env.region, cluster, batch);
      const described = parseJson<DescribedServices>(command, capture(command, options));
      for (const name of batch) {
        const verdict = rolloutVerdict(name, described, applied[name], cluster, env.region, options);
        if (!verdict.settled) unsettled.push({ name, state: verdict.state });
        else if (verdict.problem) problems.push(verdict.problem);
        else if (verdict.done) log(`    ${verdict.done}`);
      }
    }
    pending = unsettled.map((service) => service.name);
    if (pending.length === 0) break;
    if (now() >= deadline) {
      const minutes = Math.round((polling.deadlineSeconds ?? ROLLOUT_DEADLINE_SECONDS) / 60);
      for (const { name, state } of unsettled) {
        problems.push(
          `${name}: the rollout of ${revision(applied[name])} is still ${state} after ${minutes} minutes of polling; why: ${formatCommand(describeServicesCommand(env.region, cluster, [name], 'services[].events[:5]'))}`,
        );
      }
      break;
    }
    log(`    ${unsettled.map(({ name, state }) => `${name}: ${state}`).join(', ')}; polling again in ${polling.intervalSeconds ?? ROLLOUT_POLL_SECONDS} s`);
    sleep((polling.intervalSeconds ?? ROLLOUT_POLL_SECONDS) * 1000);
  }
  if (problems.length > 0) {
    throw new UserError([`${env.platformStack} applied, but not every ECS service runs the task definition it set:`, ...waiter.failures.map((failure) => `(${failure})`), ...problems].join('\n'));
  }
  if (waiter.failures.length > 0) log(`    every rollout completed, although ${waiter.failures.join('; ')}`);
}

function rolloutVerdict(name: string, described: DescribedServices, expected: string | undefined, cluster: string, region: string, options: RunOptions): RolloutVerdict {
  const events = formatCommand(describeServicesCommand(region, cluster, [name], 'services[].events[:5]'));
  const service = described.services?.find((s) => s.serviceName === name);
  const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
  if (!service || !expected || !primary) {
    const why = !service
      ? `not in cluster ${cluster} (${described.failures?.find((f) => f.arn?.endsWith(`/${name}`))?.reason ?? 'no such service'})`
      : !expected
        ? `output ${ECS_TASK_DEFINITIONS_OUTPUT} names no task definition for it`
        : 'no PRIMARY deployment';
    return { settled: true, problem: `${name}: ${why}; look at: ${events}` };
  }
  const state = `rolloutState ${primary.rolloutState ?? 'none'}${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : ''}`;
  if (primary.taskDefinition !== expected) {
    // A worker's block is switched off (enable false) yet names an alarm (lib/observability/service-alarms.ts): not a cause.
    const watched = service.deploymentConfiguration?.alarms;
    const alarms = rollbackAlarms(region, watched?.enable === true ? watched.alarmNames : undefined, options);
    return {
      settled: true,
      problem: `${name}: rolled back: its PRIMARY deployment runs ${revision(primary.taskDefinition)}, not ${revision(expected)} that the apply set (${state})${alarms}; why: ${events}`,
    };
  }
  if (primary.rolloutState === 'IN_PROGRESS') return { settled: false, state: 'IN_PROGRESS' };
  if (primary.rolloutState !== 'COMPLETED') return { settled: true, problem: `${name}: the rollout of ${revision(expected)} did not complete (${state}); why: ${events}` };
  return { settled: true, done: `${name}: ${revision(expected)} rolled out` };
}

/** Blocks the (synchronous) deploy between polls. */
function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** A plan after the apply must find nothing to change: a change now is a perpetual diff, which every deploy would apply again. */
export function checkNoChanges(env: SynthesizedEnvironment, command: Command, options: RunOptions, kept: Readonly<Record<string, string>>, log: (line: string) => void): void {
  const result = spawn(substitute(command, kept), options, options.stdio ?? 'inherit');
  if (result.status === 2) {
    throw new UserError(`${env.platformStack} applied, but ${formatCommand(command)} still finds changes (exit 2): a perpetual diff, a bug in the stack; report it with the plan above`);
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
