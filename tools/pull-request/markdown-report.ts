import { JSON_DOCUMENT, type AttributeChange } from './attribute-changes';
import { createsBeforeDestroy, type EffectFinding } from './change-effects';
import { rulesFor, type ChangeEffect } from './replacement-rules';
import { referencesIn, type Reference } from '../../lib/terraform-json/synthesized-stack';
import { REDACTED, redactValue } from './redaction';
import type { ResourceDiff, StackDiff } from './stack-diff';

export interface ReportOptions {
  /** What the head was compared with, e.g. `origin/main`. */
  readonly baseLabel: string;
  /** What was compared, e.g. `working tree`. */
  readonly headLabel: string;
  /** Mermaid topology of each environment (from the head), shown for changed environments. */
  readonly diagrams?: ReadonlyMap<string, string>;
  /** Markdown lines shown after the summary: the monthly cost delta (tools/cost/cost-delta.ts). */
  readonly costSection?: readonly string[];
}

const EFFECT_TITLE: Record<ChangeEffect, string> = {
  replace: '⚠️ **replaced**: destroyed, then created (downtime until the new one is up)',
  revision: '🔁 **new revision**',
  roll: '🔄 **rolling update**',
};

/** A replacement of a resource with `lifecycle.create_before_destroy`: Terraform creates the new one first. */
const REPLACED_CREATE_FIRST = '⚠️ **replaced**: new one created before the old is destroyed (`create_before_destroy`)';

const MAX_VALUE_LENGTH = 120;

/** The review report: a summary table, then per environment and stack the changes, warnings, file diffs and diagram. */
export function markdownReport(diffs: readonly StackDiff[], options: ReportOptions): string {
  const changed = diffs.filter((d) => d.status !== 'unchanged');
  const lines: string[] = [`## Synthesized Terraform: \`${options.baseLabel}\` → \`${options.headLabel}\``, ''];
  if (changed.length === 0) {
    lines.push(`No changes in the synthesized stacks (${diffs.length} compared).`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(...summaryTable(changed), '', ...destructiveSummary(changed), ...(options.costSection ?? []));
  for (const environment of [...new Set(changed.map((d) => d.environment))]) {
    lines.push(`### ${environment}`, '');
    for (const diff of changed.filter((d) => d.environment === environment)) lines.push(...stackSection(diff));
    const diagram = options.diagrams?.get(environment);
    if (diagram) {
      lines.push(`<details><summary>Topology of ${escapeHtml(environment)} after this change</summary>`, '', ...fenced('mermaid', diagram), '', '</details>', '');
    }
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function summaryTable(diffs: readonly StackDiff[]): string[] {
  const rows = diffs.map((d) => {
    const count = (status: ResourceDiff['status']) => d.resources.filter((r) => r.status === status).length;
    const replaced = d.resources.filter((r) => r.effects.some((e) => e.effect === 'replace')).length;
    const stack = d.status === 'changed' ? `\`${d.stackId}\`` : `\`${d.stackId}\` (${d.status})`;
    return `| ${d.environment} | ${stack} | ${count('added')} | ${count('changed')} | ${count('removed')} | ${replaced > 0 ? `⚠️ ${replaced}` : '0'} | ${d.files.length} |`;
  });
  return ['| environment | stack | added | changed | removed | replaced | files |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |', ...rows];
}

/** Everything that destroys something, across all stacks, so it cannot be missed below the fold. */
function destructiveSummary(diffs: readonly StackDiff[]): string[] {
  const items = diffs.flatMap((d) => [
    ...d.resources
      .filter((r) => r.effects.some((e) => e.effect === 'replace'))
      .map(
        (r) =>
          `\`${r.block.address}\` in \`${d.stackId}\` is replaced (${unique(r.effects.filter((e) => e.effect === 'replace').map((e) => `\`${e.attribute}\``)).join(', ')})${createsBeforeDestroy(r.block.values) ? ', new one first' : ''}`,
      ),
    ...d.resources.filter((r) => r.status === 'removed' && r.block.mode === 'managed').map((r) => `\`${r.block.address}\` in \`${d.stackId}\` is destroyed`),
  ]);
  if (items.length === 0) return [];
  return ['> [!CAUTION]', `> **${items.length} destructive change${items.length === 1 ? '' : 's'}**`, ...items.map((item) => `> - ${item}`), ''];
}

function stackSection(diff: StackDiff): string[] {
  const lines = [`#### \`${diff.stackId}\`${diff.status === 'changed' ? '' : ` (stack ${diff.status})`}`, ''];
  lines.push(...moveNotes(diff), ...renameWarnings(diff), ...settingsSection(diff));
  const added = diff.resources.filter((r) => r.status === 'added');
  const removed = diff.resources.filter((r) => r.status === 'removed');
  const changed = diff.resources.filter((r) => r.status === 'changed');
  if (added.length > 0) {
    lines.push(`**Added** (${added.length})`, '', '| address | construct |', '| --- | --- |', ...added.map((r) => `| \`${r.block.address}\` | ${code(r.block.path)} |`), '');
  }
  if (removed.length > 0) {
    lines.push(
      `**Removed** (${removed.length}): Terraform destroys the resources among these`,
      '',
      '| address | construct |',
      '| --- | --- |',
      ...removed.map((r) => `| \`${r.block.address}\` | ${code(r.block.path)} |`),
      '',
    );
  }
  if (changed.length > 0) {
    lines.push(`**Changed** (${changed.length})`, '');
    for (const resource of changed) lines.push(...changedResource(resource));
  }
  lines.push(...iamSection(diff), ...securityGroupSection(diff));
  if (diff.files.length > 0) lines.push(...filesSection(diff));
  return lines;
}

/**
 * Probable renames (a removed and an added resource of one type with mostly the same arguments), grouped by
 * the construct that was renamed. A `moved` block is suggested only for those it keeps: when a replacement
 * rule still fires between the two bodies (a changed name, a reference to something recreated), Terraform
 * replaces the resource anyway and the reason is given instead.
 */
function renameWarnings(diff: StackDiff): string[] {
  const lines: string[] = [];
  for (const group of unique(diff.renames.map((r) => r.group))) {
    const renames = diff.renames.filter((r) => r.group === group);
    const kept = renames.filter((r) => r.forcedBy.length === 0);
    const forced = renames.filter((r) => r.forcedBy.length > 0);
    lines.push('> [!WARNING]', `> ${code(group)} looks like a renamed construct: ${renames.length} resource${renames.length === 1 ? '' : 's'} removed and added again.`);
    for (const { from, to } of kept) lines.push(`> - Terraform **destroys** \`${from.address}\` and creates \`${to.address}\`; a \`moved\` block keeps it.`);
    for (const { from, to, forcedBy } of forced) {
      lines.push(
        `> - \`${from.address}\` → \`${to.address}\`: replaced anyway: ${unique(forcedBy.map((f) => (f.becauseOf ? `\`${f.attribute}\` references \`${f.becauseOf}\`, which is recreated` : `\`${f.attribute}\` forces replacement`))).join('; ')}, so no \`moved\` block.`,
      );
    }
    if (kept.length > 0) {
      lines.push(
        '>',
        '> If they are the same resources, keep them: add these `moved` blocks (in cdktf, `moveFromId` on the new resource;',
        '> for a renamed service or node group, `renamedFrom` in the environment file) or run `terraform state mv` before applying:',
        '> ```hcl',
        ...kept.flatMap(({ from, to }) => [`> moved {`, `>   from = ${from.address}`, `>   to   = ${to.address}`, `> }`]),
        '> ```',
      );
    }
    lines.push('');
  }
  return lines;
}

/**
 * Resources the head's `moved` blocks move: compared with their old address, so they are no remove and add.
 * What then happens to each is said as far as the report knows it: replaced by its own arguments (a name AWS
 * cannot change in place), following a resource that is replaced or whose referenced attribute changes (an
 * autoscaling policy named after the service), updated, or unchanged.
 */
function moveNotes(diff: StackDiff): string[] {
  if (diff.moves.length === 0) return [];
  const moved = diff.resources.filter((r) => r.movedFrom);
  const byAddress = new Map(diff.resources.map((r) => [r.block.address, r]));
  const changesWith = (ref: Reference) => {
    const target = byAddress.get(ref.address);
    if (!target) return false;
    const attribute = ref.attribute.split(/[.[]/)[0];
    return target.effects.some((e) => e.effect !== 'roll') || target.changes.some((c) => c.attribute.split('.')[0] === attribute);
  };
  const outcome = (r: ResourceDiff): string => {
    const replaced = r.effects.filter((e) => e.effect === 'replace');
    if (replaced.length > 0) return `⚠️ replaced anyway: ${unique(replaced.map((e) => (e.becauseOf ? `\`${e.attribute}\` (references \`${e.becauseOf}\`)` : `\`${e.attribute}\``))).join(', ')}`;
    const revision = r.effects.filter((e) => e.effect === 'revision');
    if (revision.length > 0) return `🔁 new revision: ${unique(revision.map((e) => `\`${e.attribute}\``)).join(', ')}`;
    const follows = unique(
      referencesIn(r.block.values)
        .filter(changesWith)
        .map((ref) => `\`${ref.address}.${ref.attribute}\``),
    );
    if (follows.length > 0) return `follows ${follows.join(', ')}, which changes: updated, or replaced where that argument forces it`;
    if (r.changes.length === 0) return 'unchanged';
    return rulesFor(r.block.type).length > 0 ? 'updated in place' : `changed (${unique(r.changes.map((c) => `\`${c.attribute}\``)).join(', ')})`;
  };
  const rows = moved.map((r) => ({ r, then: outcome(r) }));
  const kept = rows.filter(({ then }) => then === 'unchanged' || then === 'updated in place').length;
  return [
    '> [!NOTE]',
    `> ${moved.length} resource${moved.length === 1 ? '' : 's'} moved by \`moved\` blocks (\`renamedFrom\`): Terraform keeps their state under the new address. ${kept} of them ${kept === 1 ? 'is' : 'are'} kept as they are; the others change with the new name (an AWS name that cannot change in place is a replacement), as listed.`,
    '',
    '| moved from | to | then |',
    '| --- | --- | --- |',
    ...rows.map(({ r, then }) => `| \`${r.movedFrom}\` | \`${r.block.address}\` | ${then} |`),
    '',
  ];
}

function settingsSection(diff: StackDiff): string[] {
  if (diff.settings.length === 0) return [];
  const lines: string[] = [];
  const backend = diff.settings.filter((c) => c.path.startsWith('terraform.backend'));
  if (backend.length > 0 && diff.status === 'changed') {
    lines.push(
      '> [!CAUTION]',
      `> The state backend changed (${unique(backend.map((c) => `\`${c.path}\``)).join(', ')}): Terraform would start from another state.`,
      '> Move the state first (`terraform init -migrate-state`), or every resource of this stack is created again.',
      '',
    );
  }
  lines.push('**Stack settings** (backend, providers, outputs)', '', ...attributeTable(diff.settings), '');
  return lines;
}

function changedResource(resource: ResourceDiff): string[] {
  const lines = [`- \`${resource.block.address}\` (${code(resource.block.path)})${resource.movedFrom ? `, moved from \`${resource.movedFrom}\`` : ''}`];
  for (const rule of unique(resource.effects.map((e) => e.rule))) {
    lines.push(
      `  - ${effectLine(
        resource,
        resource.effects.filter((e) => e.rule === rule),
      )}`,
    );
  }
  if (resource.changes.length > 0) lines.push('', ...attributeTable(resource.changes).map((line) => `  ${line}`));
  lines.push('');
  return lines;
}

/** One line per rule: its effect, every cause, what it means, and the provider docs. */
function effectLine(resource: ResourceDiff, findings: readonly EffectFinding[]): string {
  const { rule } = findings[0];
  const causes = findings.map((f) => (f.becauseOf ? `\`${f.attribute}\` references \`${f.becauseOf}\`, which is replaced` : `\`${f.attribute}\` changed`));
  const createFirst = rule.effect === 'replace' && createsBeforeDestroy(resource.block.values);
  const title = createFirst ? REPLACED_CREATE_FIRST : EFFECT_TITLE[rule.effect];
  const impact = createFirst ? (rule.impactCreateFirst ?? rule.impact) : rule.impact;
  return `${title}: ${causes.join('; ')}. ${capitalize(impact)}. [${resource.block.type}](${rule.docs})`;
}

function attributeTable(changes: readonly AttributeChange[]): string[] {
  return [
    '| attribute | before | after |',
    '| --- | --- | --- |',
    ...changes.map((c) => {
      const keys = c.segments.flatMap((s) => (s === JSON_DOCUMENT ? [] : typeof s === 'object' ? [s.name] : [s]));
      return `| ${code(c.path)} | ${formatValue(redactValue(keys, c.before))} | ${formatValue(redactValue(keys, c.after))} |`;
    }),
  ];
}

function filesSection(diff: StackDiff): string[] {
  const lines = [`**Rendered files** (${diff.files.length}: Envoy bundle and other assets)`, ''];
  for (const file of diff.files) {
    const status = file.from ? `renamed from \`${file.from}\`` : file.status;
    if (file.patch) {
      lines.push(`\`${file.key}\` (${status})`, '', ...fenced('diff', file.patch), '');
    } else {
      lines.push(`\`${file.key}\` (${status}, binary: ${file.binary?.before ?? 'none'} → ${file.binary?.after ?? 'none'})`, '');
    }
  }
  return lines;
}

/** IAM statements added and removed, one row per statement, as `cdk diff` shows them. */
function iamSection(diff: StackDiff): string[] {
  if (diff.iamStatements.length === 0) return [];
  const list = (items: readonly string[]) => (items.length === 0 ? '–' : items.map((item) => code(item)).join('<br>'));
  return [
    `**IAM statement changes** (${diff.iamStatements.length})`,
    '',
    '| | document | effect | actions | resources | principals | conditions |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...diff.iamStatements.map(
      (s) => `| ${s.change === 'added' ? '+' : '−'} | ${code(s.document)} | ${s.effect} | ${list(s.actions)} | ${list(s.resources)} | ${list(s.principals)} | ${list(s.conditions)} |`,
    ),
    '',
  ];
}

/** Security group rules added and removed, one row per rule and peer. */
function securityGroupSection(diff: StackDiff): string[] {
  if (diff.securityGroupRules.length === 0) return [];
  return [
    `**Security group rule changes** (${diff.securityGroupRules.length})`,
    '',
    '| | security group | direction | protocol | ports | peer |',
    '| --- | --- | --- | --- | --- | --- |',
    ...diff.securityGroupRules.map((r) => `| ${r.change === 'added' ? '+' : '−'} | ${code(r.group)} | ${r.direction} | ${r.protocol} | ${r.ports} | ${code(r.peer)} |`),
    '',
  ];
}

/** A code fence longer than any backtick run in the text, so file content cannot close it. */
function fenced(language: string, text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, text.trimEnd(), fence];
}

function formatValue(value: unknown): string {
  if (value === undefined) return '<em>(none)</em>';
  if (value === REDACTED) return `<em>${REDACTED}</em>`;
  const text = JSON.stringify(value);
  return code(text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text);
}

/** Inline code that survives Markdown tables: HTML-escaped, pipes as entities. */
function code(text: string): string {
  return `<code>${escapeHtml(text).replace(/\|/g, '&#124;').replace(/\n/g, ' ')}</code>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
