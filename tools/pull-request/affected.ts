import { createHash } from 'crypto';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { SynthesizedStack, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import type { StackOutput } from '../../lib/terraform-json/synth-output';
import type { PlanMatrixEntry } from '../stack-plan/plan-stack';
import { costDelta, type EnvironmentCostDelta, type LineChange } from '../cost/cost-delta';
import type { Range } from '../cost/estimate';
import { estimateSynthesis, type SynthesisEstimateOptions } from '../cost/estimate-synthesis';

/**
 * Change detection, as Atlantis autoplan and Terramate do it, but on what was
 * synthesized rather than on which files changed: a stack is affected when its
 * normalized `cdk.tf.json` or one of its asset files (the Envoy bundles) differ
 * between the base and the head synthesis, or when it exists on one side only.
 * An edit to a shared construct therefore affects every stack it changes, and
 * an Envoy-only edit only the stack that ships that bundle. When what
 * synthesizes and plans them changed (the npm lockfile, cdktf.json, the
 * Terraform version: tools/pull-request/toolchain.ts), every stack is affected.
 */

export type AffectedReason = 'added' | 'removed' | 'terraform' | 'assets' | 'toolchain';

export interface AffectedStack {
  readonly stack: string;
  readonly environment: string;
  /** Why: the stack is new or gone, its Terraform changed, or only its assets (Envoy bundles) did. */
  readonly reasons: readonly AffectedReason[];
  /** The asset files (`<asset id>/<path>`) that differ. */
  readonly assets: readonly string[];
  /** With the `toolchain` reason: what changed (toolchainChanges). */
  readonly toolchain?: readonly string[];
}

/**
 * The stack's document without cdktf's metadata noise: every `//` key (construct
 * paths, stack metadata with the cdktf version and backend notes), which a
 * refactor moves without changing what Terraform does.
 */
export function normalizedStack(document: unknown): unknown {
  if (Array.isArray(document)) return document.map(normalizedStack);
  if (document && typeof document === 'object') {
    return Object.fromEntries(
      Object.entries(document as Record<string, unknown>)
        .filter(([key]) => key !== '//')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => [key, normalizedStack(value)]),
    );
  }
  return document;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * The stacks whose synthesis differs between base and head, sorted by stack
 * id; with `toolchain` (what synthesizes or plans them changed), every stack
 * of the head too.
 */
export function affectedStacks(base: readonly StackOutput[], head: readonly StackOutput[], toolchain: readonly string[] = []): AffectedStack[] {
  const before = new Map(base.map((s) => [s.id, s]));
  const after = new Map(head.map((s) => [s.id, s]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids.flatMap((id): AffectedStack[] => {
    const [b, h] = [before.get(id), after.get(id)];
    const environment = (h ?? b)!.environment;
    if (!b) return [{ stack: id, environment, reasons: ['added'], assets: [...h!.assets.keys()] }];
    if (!h) return [{ stack: id, environment, reasons: ['removed'], assets: [...b.assets.keys()] }];
    const reasons: AffectedReason[] = [];
    if (digest(normalizedStack(b.document)) !== digest(normalizedStack(h.document))) reasons.push('terraform');
    const files = [...new Set([...b.assets.keys(), ...h.assets.keys()])].sort();
    const assets = files.filter((file) => {
      const [x, y] = [b.assets.get(file), h.assets.get(file)];
      return !x || !y || !x.equals(y);
    });
    if (assets.length > 0) reasons.push('assets');
    if (toolchain.length > 0) reasons.push('toolchain');
    return reasons.length > 0 ? [{ stack: id, environment, reasons, assets, ...(toolchain.length > 0 ? { toolchain } : {}) }] : [];
  });
}

/**
 * Every stack of a synthesis, as the list the drift check plans (npm run
 * affected -- --all): no base to compare with, so no reasons.
 */
export function allStacks(head: readonly StackOutput[]): AffectedStack[] {
  return head.map((s) => ({ stack: s.id, environment: s.environment, reasons: [], assets: [] })).sort((a, b) => a.stack.localeCompare(b.stack));
}

/** An affected stack the matrix leaves out, and why. */
export interface NotPlanned {
  readonly stack: string;
  readonly reason: string;
}

export interface PlanMatrix {
  readonly include: readonly PlanMatrixEntry[];
  readonly notPlanned: readonly NotPlanned[];
}

/**
 * The plan jobs for the affected stacks of the head synthesis. Left out, with
 * the reason: a removed stack (nothing to plan from the head; its resources
 * stay until it is destroyed by hand), a stack on local state (the bootstrap
 * stack, applied once by hand: CI has no state to plan against) and an
 * environment without `account.planRoleArn`.
 */
export function planMatrix(affected: readonly AffectedStack[], head: readonly StackOutput[], configs: readonly EnvironmentConfig[]): PlanMatrix {
  const stacks = new Map(head.map((s) => [s.id, s]));
  const byName = new Map(configs.map((c) => [c.name, c]));
  const include: PlanMatrixEntry[] = [];
  const notPlanned: NotPlanned[] = [];
  for (const { stack, environment, reasons } of affected) {
    const output = stacks.get(stack);
    const config = byName.get(environment);
    const backend = output && Object.keys(SynthesizedStack.of(output.document).terraform.backend ?? {})[0];
    if (reasons.includes('removed') || !output) notPlanned.push({ stack, reason: 'removed from the synthesis: nothing to plan; its resources stay until the stack is destroyed by hand' });
    else if (backend !== 's3') notPlanned.push({ stack, reason: `${backend ?? 'no'} backend: CI has no state to plan it against (applied by hand, docs/deploy.md)` });
    else if (!config) notPlanned.push({ stack, reason: `no environments/${environment}.yaml` });
    else if (!config.account.planRoleArn) notPlanned.push({ stack, reason: `${config.sourceFile}: account.planRoleArn is not set: CI has no read-only role to plan ${environment} with` });
    else include.push({ environment, stack, 'plan-role': config.account.planRoleArn, region: config.account.region });
  }
  return { include, notPlanned };
}

/** `$GITHUB_OUTPUT` lines: the matrix (`{"include":[…]}`) and how many jobs it has. */
export function githubOutput(matrix: PlanMatrix): string {
  return `matrix=${JSON.stringify({ include: matrix.include })}\ncount=${matrix.include.length}\n`;
}

/** The affected stacks for a person (stderr / job summary). */
export function describeAffected(affected: readonly AffectedStack[], matrix: PlanMatrix): string {
  if (affected.length === 0) return 'No stack is affected: nothing to plan.\n';
  const lines = affected.map((a) => {
    const why = a.reasons.map((r) => (r === 'assets' ? `assets (${a.assets.join(', ')})` : r === 'toolchain' ? `toolchain (${(a.toolchain ?? []).join(', ')})` : r)).join(', ');
    const skipped = matrix.notPlanned.find((n) => n.stack === a.stack);
    return `${a.stack}${why ? `: ${why}` : ''}${skipped ? ` (not planned: ${skipped.reason})` : ''}`;
  });
  return `${affected.length} affected stack${affected.length === 1 ? '' : 's'}, ${matrix.include.length} to plan:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** The changed cost lines of one stack, and what they add up to. */
export interface StackCostDelta {
  readonly stack: string;
  /** The sum of the priced changed lines (min / expected / max). */
  readonly delta: Range;
  /** Changed lines without a price on one side or both: listed as "not priced", never counted as zero. */
  readonly notPriced: number;
  readonly changes: readonly LineChange[];
  /**
   * Changed lines whose resource differs only in attributes under its
   * `lifecycle.ignore_changes` (an autoscaled ECS `desired_count`): the plan
   * changes nothing there (the autoscaler owns the value), so neither does the
   * cost; shown as such, never in the delta.
   */
  readonly ignored: readonly IgnoredCostChange[];
}

export interface IgnoredCostChange {
  readonly change: LineChange;
  /** The attributes that differ, all under ignore_changes. */
  readonly attributes: readonly string[];
}

/**
 * One environment's monthly cost delta (tools/cost/cost-delta.ts) split by
 * stack: a line belongs to the stack that has a resource with its address and
 * construct path. Usage lines of the environment (NAT data, internet egress:
 * `address` is `assumption`) belong to no stack and count in the environment's
 * total only.
 */
export interface EnvironmentPlanCost extends EnvironmentCostDelta {
  readonly stacks: readonly StackCostDelta[];
}

/** What `npm run affected -- --cost FILE` writes and `npm run plan:comment -- --cost FILE` reads. */
export interface PlanCostFile {
  readonly environments: readonly EnvironmentPlanCost[];
}

const ZERO_RANGE: Range = { min: 0, expected: 0, max: 0 };
const plus = (a: Range, b: Range): Range => ({ min: a.min + b.min, expected: a.expected + b.expected, max: a.max + b.max });
const minus = (a: Range, b: Range): Range => ({ min: a.min - b.min, expected: a.expected - b.expected, max: a.max - b.max });

/**
 * The monthly cost delta of base → head per environment and stack: both sides
 * estimated (estimateSynthesis) with the same usage assumptions, so the delta
 * is what the infrastructure change costs. Environments without a changed line
 * are left out.
 */
export function planCost(base: readonly StackOutput[], head: readonly StackOutput[], options: SynthesisEstimateOptions): PlanCostFile {
  const before = new Map(estimateSynthesis(base, options).map((e) => [e.environment, e]));
  const after = new Map(estimateSynthesis(head, options).map((e) => [e.environment, e]));
  // `address construct-path` → stack, the head's first: addresses repeat across stacks, with the path they do not.
  const stackOf = new Map<string, string>();
  const blocks = { base: new Map<string, SynthesizedBlock>(), head: new Map<string, SynthesizedBlock>() };
  for (const [side, outputs] of [
    ['base', base],
    ['head', head],
  ] as const) {
    for (const output of outputs) {
      for (const block of SynthesizedStack.of(output.document).resources()) {
        stackOf.set(`${output.environment} ${block.address} ${block.path}`, output.id);
        blocks[side].set(`${output.environment} ${block.address} ${block.path}`, block);
      }
    }
  }
  /** The attributes that differ, when every one is under the head's ignore_changes; else undefined. */
  const ignoredOnly = (id: string): string[] | undefined => {
    const [b, h] = [blocks.base.get(id), blocks.head.get(id)];
    if (!b || !h) return undefined;
    const keys = [...new Set([...Object.keys(b.values), ...Object.keys(h.values)])].filter((k) => JSON.stringify(b.values[k]) !== JSON.stringify(h.values[k]));
    const ignore: unknown = h.values.lifecycle?.ignore_changes;
    const ignored = Array.isArray(ignore) ? new Set(ignore.map(String)) : new Set<string>();
    return keys.length > 0 && keys.every((k) => ignored.has(k)) ? keys.sort() : undefined;
  };
  const environments = [...new Set([...before.keys(), ...after.keys()])].sort().flatMap((environment): EnvironmentPlanCost[] => {
    const full = costDelta(before.get(environment), after.get(environment));
    if (full.changes.length === 0) return [];
    const byStack = new Map<string, { changes: LineChange[]; ignored: IgnoredCostChange[] }>();
    const ignoredChanges = new Set<LineChange>();
    for (const change of full.changes) {
      const line = (change.after ?? change.before)!;
      // A Fargate service's line per capacity provider has the path `<service path>#<provider>`.
      const id = `${environment} ${line.address} ${line.path.replace(/#.*$/, '')}`;
      const stack = stackOf.get(id);
      const attributes = ignoredOnly(id);
      if (attributes) ignoredChanges.add(change);
      if (!stack) continue;
      const entry = byStack.get(stack) ?? { changes: [], ignored: [] };
      if (attributes) entry.ignored.push({ change, attributes });
      else entry.changes.push(change);
      byStack.set(stack, entry);
    }
    // What the plan does not change does not change the cost: out of the delta and the head's total.
    const ignoredDelta = [...ignoredChanges].reduce((sum, c) => (c.delta ? plus(sum, c.delta) : sum), ZERO_RANGE);
    const delta: EnvironmentCostDelta = {
      ...full,
      after: minus(full.after, ignoredDelta),
      delta: minus(full.delta, ignoredDelta),
      changes: full.changes.filter((c) => !ignoredChanges.has(c)),
    };
    const stacks = [...byStack]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([stack, { changes, ignored }]) => ({
        stack,
        delta: changes.reduce((sum, c) => (c.delta ? plus(sum, c.delta) : sum), ZERO_RANGE),
        notPriced: changes.filter((c) => !c.delta).length,
        changes,
        ignored,
      }));
    return [{ ...delta, stacks }];
  });
  return { environments };
}
