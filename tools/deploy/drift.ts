import * as fs from 'fs';
import * as path from 'path';
import { GITHUB_COMMENT_LIMIT } from '../github-comment/comment-fit';
import type { PlanMatrixEntry } from '../stack-plan/plan-stack';
import { FAILURE_FILE, METADATA_FILE, type PlanFailure, type PlanMetadata } from '../stack-plan/plan-stack';
import { attributeValues, changedAttributes, summarizePlan, type AttributeValueChange, type ResourcePlan } from '../stack-plan/plan-summary';
import { githubApi, markerLine, type GitHubApiOptions } from '../github-comment/sticky-comment';

/**
 * Drift (issue 17, item 3): the scheduled workflow .github/workflows/drift.yml
 * runs `terraform plan -detailed-exitcode` of every stack on S3 state (npm run
 * plan:stack -- … --detailed-exitcode), and keeps ONE issue per environment:
 * opened (or reopened) with the drift summary when a plan has changes,
 * updated while it lasts, closed when every plan of the environment is clean,
 * and saying which step failed when a check could not run.
 *
 * The summary is read from the plan's `terraform show -json`
 * (https://developer.hashicorp.com/terraform/internals/json-format):
 * `resource_drift` lists what changed outside Terraform since the last apply
 * (found by the refresh), `resource_changes` what the next apply would do to
 * bring the real infrastructure back to the configuration.
 *
 * Only drift that matters counts. `resource_drift` lists every attribute the
 * refresh found changed, also those under `ignore_changes` that an autoscaler
 * moves all day (an ECS service's `desired_count`, a node group's
 * `desired_size`): redeploying changes nothing there. Terraform itself shows
 * only the drift in `relevant_attributes`, the attributes that contribute to
 * the plan (https://developer.hashicorp.com/terraform/internals/json-format#plan-representation),
 * and so does this: a drifted attribute counts when it is relevant; drift the
 * plan reverts shows as a change, with its values. The issue opens only for
 * changes, relevant drift, or a failed check.
 */

/** What a drift check keeps of a plan instead of plan.json, which holds sensitive values in plain text. */
export const DRIFT_FILE = 'drift.json';
export const DRIFT_LABEL = 'drift';
/** The drift workflow's artifact of a stack is `drift-<stack>` (.github/workflows/drift.yml). */
export const DRIFT_ARTIFACT_PREFIX = 'drift-';

export interface DriftSummary {
  readonly environment: string;
  readonly stack: string;
  readonly commit: string;
  readonly createdAt: string;
  /** Changed outside Terraform (`resource_drift`) in attributes relevant to the plan (`relevant_attributes`): `update` or `delete`. */
  readonly drifted: readonly DriftedResource[];
  /** What an apply would change (`resource_changes`, no-ops left out), with the values of updated attributes. */
  readonly changes: readonly DriftedResource[];
  /** `resource_drift` entries left out as not relevant to the plan (ignore_changes, autoscaled counts): addresses only. */
  readonly ignored: readonly string[];
  /** Output values that would change. */
  readonly outputs: readonly string[];
}

/** A resource of the drift summary, with the before and after values of its changed attributes (secrets redacted). */
export interface DriftedResource extends ResourcePlan {
  readonly values: readonly AttributeValueChange[];
}

/**
 * The top-level attributes of `address` that `relevant_attributes` names
 * (`undefined`: the whole resource is relevant; an attribute path counts by
 * its first step, so `tags.Name` makes `tags` relevant).
 */
function relevantAttributes(plan: Record<string, any>, address: string): Set<string> | undefined | null {
  const entries = ((plan.relevant_attributes ?? []) as { resource: string; attribute: (string | number)[] }[]).filter((r) => r.resource === address);
  if (entries.length === 0) return null;
  if (entries.some((r) => r.attribute.length === 0)) return undefined;
  return new Set(entries.map((r) => String(r.attribute[0])));
}

export function summarizeDrift(plan: Record<string, any>, metadata: PlanMetadata): DriftSummary {
  const planned = summarizePlan(plan, metadata);
  const withValues = (entries: readonly Record<string, any>[], resources: readonly ResourcePlan[]): DriftedResource[] =>
    resources.map((r) => ({ ...r, values: attributeValues(entries.find((e) => e.address === r.address)!.change, r.changedAttributes) }));
  const drift = ((plan.resource_drift ?? []) as Record<string, any>[]).filter((e) => e.mode !== 'data');
  const ignored: string[] = [];
  const relevant = drift.flatMap((entry): Record<string, any>[] => {
    const attributes = relevantAttributes(plan, entry.address);
    const changed = changedAttributes(entry.change);
    const kept = attributes === undefined ? changed : attributes === null ? [] : changed.filter((a) => attributes.has(a));
    // A resource deleted outside Terraform has no attributes left: relevant when anything of it is.
    if (kept.length === 0 && !(entry.change.actions?.includes('delete') && attributes !== null)) {
      ignored.push(entry.address);
      return [];
    }
    return [{ ...entry, relevant: kept }];
  });
  const drifted = summarizePlan({ resource_changes: relevant }, metadata).resources.map((r) => ({
    ...r,
    changedAttributes: relevant.find((e) => e.address === r.address)!.relevant as string[],
  }));
  const { environment, stack, commit, createdAt } = metadata;
  return {
    environment,
    stack,
    commit,
    createdAt,
    drifted: withValues(relevant, drifted),
    changes: withValues(plan.resource_changes ?? [], planned.resources),
    ignored,
    outputs: planned.outputs,
  };
}

export const hasDrift = (summary: DriftSummary) => summary.drifted.length + summary.changes.length + summary.outputs.length > 0;

/** One stack's drift check: its summary, the failed step, or nothing at all (the job died before its artifact). */
export type DriftResult =
  | { readonly kind: 'checked'; readonly stack: string; readonly summary: DriftSummary }
  | { readonly kind: 'failure'; readonly stack: string; readonly failure: PlanFailure }
  | { readonly kind: 'missing'; readonly stack: string };

/** The drift results of an environment's stacks, from the folders of the downloaded artifacts (`<dir>/<stack>/`). */
export function readDriftResults(dir: string, stacks: readonly string[]): DriftResult[] {
  return stacks.map((stack): DriftResult => {
    // npm run plan:stack's --out folder, or the downloaded `drift-<stack>` artifact.
    const folder = [path.join(dir, stack), path.join(dir, `${DRIFT_ARTIFACT_PREFIX}${stack}`)].find((f) => fs.existsSync(f)) ?? path.join(dir, stack);
    if (fs.existsSync(path.join(folder, FAILURE_FILE))) return { kind: 'failure', stack, failure: JSON.parse(fs.readFileSync(path.join(folder, FAILURE_FILE), 'utf8')) };
    if (fs.existsSync(path.join(folder, DRIFT_FILE)) && fs.existsSync(path.join(folder, METADATA_FILE))) {
      return { kind: 'checked', stack, summary: JSON.parse(fs.readFileSync(path.join(folder, DRIFT_FILE), 'utf8')) };
    }
    return { kind: 'missing', stack };
  });
}

/** The environments and their stacks of the drift matrix (npm run affected -- --all --json FILE). */
export function driftEnvironments(include: readonly PlanMatrixEntry[]): Map<string, string[]> {
  const environments = new Map<string, string[]>();
  for (const { environment, stack } of include) environments.set(environment, [...(environments.get(environment) ?? []), stack]);
  return environments;
}

export interface DriftIssueContent {
  readonly environment: string;
  /** open: drift or a failed check; closed: every stack checked clean. */
  readonly state: 'open' | 'closed';
  readonly title: string;
  readonly body: string;
}

export const driftMarker = (environment: string) => `drift:${environment}`;
export const driftTitle = (environment: string) => `Drift: ${environment}`;

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function resourceLines(resources: readonly DriftedResource[]): string[] {
  return resources.flatMap((r) => {
    const attributes = r.changedAttributes.length > 0 ? ` (${r.changedAttributes.map(code).join(', ')})` : '';
    const forced = r.replacePaths.length > 0 ? `, forced by ${r.replacePaths.map(code).join(', ')}` : '';
    // Values of updates only: a created or destroyed resource's every attribute is its whole definition.
    const values = r.action === 'update' || r.action === 'replace' ? (r.values ?? []).map((v) => `  - ${code(v.attribute)}: ${code(v.before)} → ${code(v.after)}`) : [];
    return [`- ${r.action} ${code(r.address)}${attributes}${forced}`, ...values];
  });
}

/** GitHub refuses an issue body over 65,536 characters: cut at a line, saying where the rest is. */
function fitBody(body: string, limit = GITHUB_COMMENT_LIMIT - 200): string {
  if (body.length <= limit) return body;
  const cut = body.lastIndexOf('\n', limit);
  return `${body.slice(0, cut)}\n\n_Cut to fit an issue: each stack's plan.txt is in its \`drift-<stack>\` artifact of the workflow run._\n`;
}

/** The issue of one environment from its stacks' results. */
export function renderDriftIssue(environment: string, results: readonly DriftResult[], options: { readonly commit: string; readonly runUrl?: string; readonly now?: Date }): DriftIssueContent {
  const when = (options.now ?? new Date()).toISOString();
  const failed = results.filter((r) => r.kind !== 'checked');
  const drifting = results.flatMap((r) => (r.kind === 'checked' && hasDrift(r.summary) ? [r.summary] : []));
  const lines = [`Drift check of **${environment}** at ${code(options.commit.slice(0, 7))}, ${when}${options.runUrl ? ` ([workflow run](${options.runUrl}))` : ''}.`, ''];
  lines.push('| stack | result | changed outside Terraform | an apply would change |', '| --- | --- | ---: | ---: |');
  for (const r of results) {
    if (r.kind === 'failure') lines.push(`| ${code(r.stack)} | ❌ the check failed at terraform ${r.failure.step} | | |`);
    else if (r.kind === 'missing') lines.push(`| ${code(r.stack)} | ❌ the check failed before terraform ran (no result; see the workflow run) | | |`);
    else lines.push(`| ${code(r.stack)} | ${hasDrift(r.summary) ? '⚠️ drift' : '✅ no drift'} | ${r.summary.drifted.length} | ${r.summary.changes.length} |`);
  }
  lines.push('');
  for (const summary of drifting) {
    lines.push(`### ${code(summary.stack)}`, '');
    if (summary.drifted.length > 0) lines.push('**Changed outside Terraform** (`resource_drift`):', '', ...resourceLines(summary.drifted), '');
    if (summary.changes.length > 0) lines.push('**An apply of the configuration would** (`resource_changes`):', '', ...resourceLines(summary.changes), '');
    if (summary.outputs.length > 0) lines.push(`Outputs that would change: ${summary.outputs.map(code).join(', ')}`, '');
  }
  for (const r of failed) {
    if (r.kind === 'failure')
      lines.push(`**${code(r.stack)}: the check failed at terraform ${r.failure.step}** (commit ${code(r.failure.commit.slice(0, 7))}):`, '', '```text', r.failure.output, '```', '');
  }
  if (drifting.length > 0) {
    lines.push(
      'Bring it back with the deploy workflow (it plans and applies the configuration), or take the change into the configuration. This issue is closed by the first check that finds no drift.',
      '',
    );
  }
  const state = drifting.length > 0 || failed.length > 0 ? 'open' : 'closed';
  if (state === 'closed') lines.push('No drift: every stack matches its configuration. Closed by the drift check.', '');
  return { environment, state, title: driftTitle(environment), body: fitBody(`${lines.join('\n').trimEnd()}\n`) };
}

export interface DriftIssueOptions extends GitHubApiOptions {
  /** `owner/name` (GITHUB_REPOSITORY). */
  readonly repository: string;
  readonly content: DriftIssueContent;
  /** The login that writes the issue. @default github-actions[bot] */
  readonly author?: string;
}

export interface DriftIssueResult {
  readonly action: 'created' | 'updated' | 'reopened' | 'closed' | 'none';
  readonly number?: number;
}

const PER_PAGE = 100;

/**
 * Opens, updates, reopens or closes the environment's one drift issue
 * (https://docs.github.com/en/rest/issues/issues): found among the issues
 * with the `drift` label that the bot opened, by the marker on the first line
 * of the body (`<!-- drift:<env> -->`); a clean check with no open issue
 * writes nothing.
 */
export async function upsertDriftIssue(options: DriftIssueOptions): Promise<DriftIssueResult> {
  const { content } = options;
  const author = options.author ?? 'github-actions[bot]';
  const api = githubApi(options);
  const base = `${api.url}/repos/${options.repository}/issues`;
  const marker = markerLine(driftMarker(content.environment));
  const body = `${marker}\n${content.body}`;
  type Issue = { number: number; state: string; body?: string; user?: { login?: string }; pull_request?: unknown };
  let existing: Issue | undefined;
  for (let page = 1; !existing; page++) {
    const issues = (await api.request('GET', `${base}?labels=${DRIFT_LABEL}&state=all&per_page=${PER_PAGE}&page=${page}`)) as Issue[];
    existing = issues.find((i) => !i.pull_request && i.user?.login === author && (i.body ?? '').startsWith(marker));
    if (issues.length < PER_PAGE) break;
  }
  if (content.state === 'closed') {
    if (!existing || existing.state === 'closed') return { action: 'none', ...(existing ? { number: existing.number } : {}) };
    await api.request('PATCH', `${base}/${existing.number}`, { body, state: 'closed', state_reason: 'completed' });
    return { action: 'closed', number: existing.number };
  }
  if (existing) {
    await api.request('PATCH', `${base}/${existing.number}`, { title: content.title, body, state: 'open' });
    return { action: existing.state === 'closed' ? 'reopened' : 'updated', number: existing.number };
  }
  const created = (await api.request('POST', base, { title: content.title, body, labels: [DRIFT_LABEL] })) as { number: number };
  return { action: 'created', number: created.number };
}
