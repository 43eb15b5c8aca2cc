import { changeCells, costCallout, signedUsd } from '../cost/cost-delta';
import type { Range } from '../cost/estimate';
import { usd } from '../cost/render';
import { fitForComment } from '../github-comment/comment-fit';
import type { EnvironmentPlanCost, NotPlanned, PlanCostFile } from './affected';
import type { PlanMatrixEntry } from '../stack-plan/plan-stack';
import type { PlanFailure } from '../stack-plan/plan-stack';
import type { PlanResult, ResourcePlan, StackPlanSummary } from '../stack-plan/plan-summary';

/**
 * The plan comment of a pull request: a summary table per stack, every
 * destroyed or replaced resource above the fold, then per environment one
 * collapsible section per stack listing its resources by action, with what
 * forces each replacement. The comment is the report fitted to GitHub's limit
 * (tools/github-comment/comment-fit.ts); the report itself is the artifact.
 */

/** Where the workflow keeps the full report and each stack's plan summary (.github/workflows/pull-request.yml). */
export const PLAN_ARTIFACTS = "the `plan-report` artifact of this workflow run (plan-report.md), and each stack's `plan-<stack>` artifact (summary.json and metadata.json)";

export interface PlanCommentOptions {
  /** The commit the pull request's head is at: what the comment names. */
  readonly commit: string;
  /**
   * The commit planned, when not the head: a pull_request run checks out
   * GitHub's merge of the head into the base branch (`github.sha`), and the
   * plan job records that commit. @default - commit
   */
  readonly mergeCommit?: string;
  /** What `npm run affected` decided: the stacks it asked plans for, and those it left out with why. */
  readonly affected?: { readonly include: readonly PlanMatrixEntry[]; readonly notPlanned: readonly NotPlanned[] };
  /** The workflow run, linked from the comment. */
  readonly runUrl?: string;
  /** `npm run affected -- --cost FILE`: the monthly cost delta per environment and stack. Without it the cost column points to the synth diff. */
  readonly cost?: PlanCostFile;
}

const TITLE = '## Terraform plans';

/** Terraform's `action_reason` values (json-format docs), said for people. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'an attribute cannot be updated in place',
  replace_because_tainted: 'the resource is tainted',
  replace_by_request: 'requested with -replace',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_no_module: 'its module is gone',
  delete_because_wrong_repetition: 'count/for_each changed shape',
  delete_because_count_index: 'outside the new count',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'moved block target missing',
  read_because_config_unknown: 'configuration known after apply',
  read_because_dependency_pending: 'a dependency changes',
};

const short = (commit: string) => commit.slice(0, 7);
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const stackOf = (r: PlanResult) => (r.kind === 'plan' ? r.summary.metadata.stack : r.failure.stack);
const environmentOf = (r: PlanResult) => (r.kind === 'plan' ? r.summary.metadata.environment : r.failure.environment);

/** The full report (the artifact) and the comment (the report fitted to GitHub's limit). */
export function renderPlanReport(results: readonly PlanResult[], options: PlanCommentOptions): { report: string; comment: string } {
  const lines = [`${TITLE} at ${code(short(options.commit))}`, '', ...mergeNote(options), ''];
  const missing = (options.affected?.include ?? []).filter((entry) => !results.some((r) => stackOf(r) === entry.stack));
  if (results.length === 0 && missing.length === 0) {
    lines.push("No stack's synthesized Terraform or Envoy bundles changed against the base branch: nothing to plan.", '');
  } else {
    lines.push(...summaryTable(results, missing, options.cost), '', ...costSummary(options.cost), ...cautions(results, options.mergeCommit ?? options.commit), ...notes(results));
  }
  const notPlanned = options.affected?.notPlanned ?? [];
  if (notPlanned.length > 0) lines.push(`**Affected but not planned** (${notPlanned.length})`, '', ...notPlanned.map((n) => `- ${code(n.stack)}: ${n.reason}`), '');
  for (const environment of [...new Set([...results.map(environmentOf), ...(options.cost?.environments.map((e) => e.environment) ?? [])])]) {
    lines.push(`### ${environment}`, '');
    const stacks = results.filter((r) => environmentOf(r) === environment);
    const cost = options.cost?.environments.find((e) => e.environment === environment);
    // Cost lines of no shown stack: the usage assumptions, and stacks without a plan here.
    const shown = new Set(cost?.stacks.filter((s) => stacks.some((r) => stackOf(r) === s.stack)).flatMap((s) => s.changes.map((c) => c.key)));
    const other = cost?.changes.filter((c) => !shown.has(c.key)) ?? [];
    if (other.length > 0) lines.push(`**Monthly cost, other changed lines** (${other.length}: usage assumptions, stacks not planned here)`, '', ...costTable(other), '');
    for (const result of stacks) {
      const stackCost = cost?.stacks.find((s) => s.stack === stackOf(result));
      lines.push(...(result.kind === 'plan' ? stackSection(result.summary, stackCost) : failureSection(result.failure, stackCost)), '');
    }
  }
  if (options.runUrl) lines.push(`[Workflow run](${options.runUrl})`, '');
  const report = `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
  return { report, comment: fitForComment(report, { fullReport: PLAN_ARTIFACTS }) };
}

/**
 * The comment when a step of the workflow failed before any plan could be
 * shown: which step, at which commit, and nothing from an earlier push.
 */
export function renderFailureComment(options: { readonly step: string; readonly commit: string; readonly mergeCommit?: string; readonly runUrl?: string; readonly title?: string }): string {
  const merge = options.mergeCommit && options.mergeCommit !== options.commit ? ` (run on its merge with the base branch, ${code(short(options.mergeCommit))})` : '';
  return [
    `${options.title ?? TITLE} at ${code(short(options.commit))}`,
    '',
    '> [!CAUTION]',
    `> **${options.step} failed** at commit ${code(options.commit)}${merge}.`,
    '> Nothing is shown for this commit, and nothing from an earlier push is kept here: fix the step and push again.',
    ...(options.runUrl ? [`> See the [workflow run](${options.runUrl}) for its output.`] : []),
    '',
  ].join('\n');
}

/** Which commit the plans are of: GitHub's merge of the head into the base, not the head alone. */
function mergeNote(options: PlanCommentOptions): string[] {
  if (!options.mergeCommit || options.mergeCommit === options.commit) return [];
  return [`_Planned from ${code(short(options.mergeCommit))}, GitHub's merge of ${code(short(options.commit))} into the base branch: what the base would become if merged now._`];
}

function summaryTable(results: readonly PlanResult[], missing: readonly PlanMatrixEntry[], cost: PlanCostFile | undefined): string[] {
  const costCell = (environment: string, stack: string, withoutCost = '') => {
    if (!cost) return withoutCost;
    const s = cost.environments.find((e) => e.environment === environment)?.stacks.find((x) => x.stack === stack);
    if (!s) return 'no change';
    const autoscaled = (s.ignored ?? []).length > 0 ? `autoscaled: ${[...new Set(s.ignored.flatMap((i) => i.attributes))].map(code).join(', ')} (not a change of this plan)` : '';
    if (s.changes.length === 0) return autoscaled ? `no change; ${autoscaled}` : 'no change';
    const priced = s.changes.length > s.notPriced ? rangeText(s.delta) : '';
    return [priced, s.notPriced > 0 ? `${s.notPriced} line${s.notPriced === 1 ? '' : 's'} not priced` : '', autoscaled].filter(Boolean).join(', ');
  };
  const row = (cells: readonly string[]) => `|${cells.map((c) => (c ? ` ${c} ` : ' ')).join('|')}|`;
  const rows = results.map((r) => {
    if (r.kind === 'failure') return row([r.failure.environment, code(r.failure.stack), `❌ terraform ${r.failure.step} failed`, '', '', '', costCell(r.failure.environment, r.failure.stack)]);
    const s = r.summary;
    const flag = (n: number) => (n > 0 ? `⚠️ ${n}` : '0');
    return row([s.metadata.environment, code(s.metadata.stack), `${s.add}`, `${s.change}`, flag(s.destroy), flag(s.replace), costCell(s.metadata.environment, s.metadata.stack, 'see synth diff')]);
  });
  rows.push(...missing.map((m) => row([m.environment, code(m.stack), '❌ no plan: the plan job did not finish', '', '', '', costCell(m.environment, m.stack)])));
  return [
    `| environment | stack | add | change | destroy | replace | ${cost ? 'monthly cost delta' : 'cost delta'} |`,
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    cost
      ? '_Counted as Terraform counts them: a replacement is one add and one destroy. Monthly cost in USD from the synthesized base and head (docs/cost.md): expected, with the minimum and maximum configuration where they differ._'
      : '_Counted as Terraform counts them: a replacement is one add and one destroy. The monthly cost delta is in the synth-diff comment._',
  ];
}

/**
 * `+$24.53`, or `+$24.53 (min +$49.06, max +$0.00)` when the delta at the
 * minimum or maximum configuration (min/max sizes and counts) differs from the
 * expected one; these are the bounds of the configuration, not of the amount.
 */
export function rangeText(r: Range): string {
  const same = (a: number, b: number) => Math.abs(a - b) < 0.005;
  return same(r.min, r.expected) && same(r.max, r.expected) ? signedUsd(r.expected) : `${signedUsd(r.expected)} (min ${signedUsd(r.min)}, max ${signedUsd(r.max)})`;
}

/** Per environment the monthly total before and after, the delta, and the callout above `cost.deltaAlertUsdPerMonth` (the synth diff's, tools/cost/cost-delta.ts). */
function costSummary(cost: PlanCostFile | undefined): string[] {
  if (!cost || cost.environments.length === 0) return [];
  const notPriced = (e: EnvironmentPlanCost) => e.changes.filter((c) => !c.delta).length;
  return [
    '**Monthly cost** (USD, expected)',
    '',
    ...cost.environments.map((e) => {
      const n = notPriced(e);
      return `- **${e.environment}**: ${usd(e.before.expected)} → ${usd(e.after.expected)}, ${rangeText(e.delta)}${n > 0 ? `; ${n} changed line${n === 1 ? '' : 's'} not priced, not in the delta` : ''}`;
    }),
    '',
    ...cost.environments.flatMap(costCallout),
  ];
}

/** Changed cost lines, as the synth diff lists them; a side without a price says "not priced". */
function costTable(changes: EnvironmentPlanCost['changes']): string[] {
  return ['| resource | component | before | after | delta (min / expected / max) |', '| --- | --- | --- | --- | --- |', ...changes.map((c) => `| ${changeCells(c).join(' | ')} |`)];
}

/** Every destroy and replacement, across stacks, and plans of another commit: never below the fold. */
function cautions(results: readonly PlanResult[], commit: string): string[] {
  const lines: string[] = [];
  const destructive = results.flatMap((r) =>
    r.kind === 'plan'
      ? r.summary.resources
          .filter((res) => (res.action === 'delete' || res.action === 'replace') && !res.placeholderOnly)
          .map(
            (res) =>
              `${code(res.address)} in ${code(r.summary.metadata.stack)} is ${res.action === 'delete' ? 'destroyed' : `replaced${res.replacePaths.length > 0 ? ` (${res.replacePaths.map(code).join(', ')})` : ''}`}`,
          )
      : [],
  );
  if (destructive.length > 0) {
    lines.push('> [!CAUTION]', `> **${destructive.length} destructive change${destructive.length === 1 ? '' : 's'}**`, ...destructive.map((d) => `> - ${d}`), '');
  }
  const failed = results.filter((r): r is Extract<PlanResult, { kind: 'failure' }> => r.kind === 'failure');
  if (failed.length > 0) {
    lines.push(
      '> [!CAUTION]',
      `> **${failed.length} plan${failed.length === 1 ? '' : 's'} failed** at commit ${code(commit)}: ${failed.map((f) => `${code(f.failure.stack)} (terraform ${f.failure.step})`).join(', ')}.`,
      '',
    );
  }
  const stale = results.filter((r) => r.kind === 'plan' && r.summary.metadata.commit !== commit);
  if (stale.length > 0) {
    lines.push(
      '> [!WARNING]',
      `> Planned at another commit than ${code(short(commit))}: ${stale.map((r) => `${code(stackOf(r))} (${code(short((r as Extract<PlanResult, { kind: 'plan' }>).summary.metadata.commit))})`).join(', ')}.`,
      '',
    );
  }
  return lines;
}

function notes(results: readonly PlanResult[]): string[] {
  const plans = results.flatMap((r) => (r.kind === 'plan' ? [r.summary] : []));
  const lines: string[] = [];
  const offline = plans.filter((p) => p.metadata.offline);
  if (offline.length > 0) {
    lines.push('> [!NOTE]', `> Planned offline (local state, fake credentials, no refresh): ${offline.map((p) => code(p.metadata.stack)).join(', ')}. Such a plan is never applied.`, '');
  }
  const placeholder = plans.filter((p) => p.metadata.placeholders.length > 0);
  if (placeholder.length > 0) {
    lines.push(
      '> [!NOTE]',
      `> ${placeholder.map((p) => `${code(p.metadata.stack)}: ${p.metadata.placeholders.map(code).join(', ')}`).join('; ')} planned with a placeholder value (no digest in the state to reuse; the deploy reads the real one): resources using it show as changed.`,
      '',
    );
    const fake = placeholder.flatMap((p) => p.resources.filter((r) => r.placeholderOnly).map((r) => `${code(r.address)} in ${code(p.metadata.stack)}`));
    if (fake.length > 0) {
      lines.push(
        '> [!NOTE]',
        `> **${fake.length} replacement${fake.length === 1 ? ' is' : 's are'} not real**: caused only by the placeholder Envoy image digest (nothing else in \`container_definitions\` changes), so ${fake.length === 1 ? 'it is' : 'they are'} left out of the destructive changes above. Counted in the table as Terraform counts ${fake.length === 1 ? 'it' : 'them'}.`,
        ...fake.map((f) => `> - ${f}`),
        '',
      );
    }
  }
  return lines;
}

function headline(s: StackPlanSummary): string {
  if (s.resources.length === 0 && s.outputs.length === 0) return 'no changes';
  return `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${s.replace > 0 ? ` (${s.replace} replaced)` : ''}`;
}

type StackCost = EnvironmentPlanCost['stacks'][number];

/** A stack's changed cost lines, in its details section. */
function costLines(cost: StackCost | undefined): string[] {
  if (!cost) return [];
  const lines = cost.changes.length > 0 ? [`**Monthly cost**: ${cost.changes.length} changed line${cost.changes.length === 1 ? '' : 's'}`, '', ...costTable(cost.changes), ''] : [];
  // One entry per resource: a Fargate service has a cost line per capacity provider.
  const ignored = new Map((cost.ignored ?? []).map((i) => [(i.change.after ?? i.change.before)!.address, i.attributes]));
  if (ignored.size > 0) {
    lines.push(
      `**Autoscaled, not a cost change of this plan** (${ignored.size}): the configuration changed only attributes under \`ignore_changes\`, which the autoscaler sets; the plan changes nothing there.`,
      '',
      ...[...ignored].map(([address, attributes]) => `- ${code(address)}: ${attributes.map(code).join(', ')}`),
      '',
    );
  }
  return lines;
}

function stackSection(s: StackPlanSummary, cost?: StackCost): string[] {
  const lines = [`<details><summary><code>${s.metadata.stack}</code>: ${headline(s)}</summary>`, ''];
  const of = (action: ResourcePlan['action']) => s.resources.filter((r) => r.action === action);
  const replaced = of('replace');
  if (replaced.length > 0) {
    lines.push(`**Replace** (${replaced.length})`, '', '| resource | forced by | why | order |', '| --- | --- | --- | --- |');
    for (const r of replaced) {
      const order = r.order === 'create-first' ? 'create, then destroy (`create_before_destroy`)' : 'destroy, then create';
      const why = r.placeholderOnly ? 'only the placeholder `envoy_image_digest`: not real' : r.reason ? (REASONS[r.reason] ?? code(r.reason)) : '–';
      lines.push(`| ${code(r.address)} | ${r.replacePaths.map(code).join(', ') || '–'} | ${why} | ${order} |`);
    }
    lines.push('');
  }
  const destroyed = of('delete');
  if (destroyed.length > 0) lines.push(`**Destroy** (${destroyed.length})`, '', ...destroyed.map((r) => `- ${code(r.address)}${r.reason ? `: ${REASONS[r.reason] ?? r.reason}` : ''}`), '');
  const updated = of('update');
  if (updated.length > 0) {
    lines.push(
      `**Update in place** (${updated.length})`,
      '',
      '| resource | attributes |',
      '| --- | --- |',
      ...updated.map((r) => `| ${code(r.address)} | ${r.changedAttributes.map(code).join(', ')} |`),
      '',
    );
  }
  const created = of('create');
  if (created.length > 0) lines.push(`**Create** (${created.length})`, '', ...created.map((r) => `- ${code(r.address)}`), '');
  const forgotten = of('forget');
  if (forgotten.length > 0) lines.push(`**Forget** (removed from state, not destroyed) (${forgotten.length})`, '', ...forgotten.map((r) => `- ${code(r.address)}`), '');
  if (s.outputs.length > 0) lines.push(`**Outputs changed**: ${s.outputs.map(code).join(', ')}`, '');
  lines.push(...costLines(cost));
  if (s.metadata.envoyImageDigestSource === 'state') lines.push('_`envoy_image_digest`: the digest the task definitions run today, read from the state._', '');
  lines.push(`<sub>plan file sha256 ${code(s.metadata.planSha256.slice(0, 16))}…, Terraform ${s.metadata.terraformVersion}, ${s.metadata.createdAt}</sub>`, '', '</details>');
  return lines;
}

function failureSection(f: PlanFailure, cost?: StackCost): string[] {
  return [`<details><summary>❌ <code>${f.stack}</code>: terraform ${f.step} failed</summary>`, '', '```text', f.output.replace(/```/g, "'''"), '```', '', ...costLines(cost), '</details>'];
}
