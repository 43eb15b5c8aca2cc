import { JSON_DOCUMENT, type AttributeChange } from './attribute-changes';
import { createsBeforeDestroy, type EffectFinding } from './change-effects';
import type { ChangeEffect } from './replacement-rules';
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
  replace: '⚠️ **replaced** (destroy, then create)',
  revision: '🔁 **new revision**',
  roll: '🔄 **rolling update**',
};

const REPLACED_CREATE_FIRST = '⚠️ **replaced** (create, then destroy: `create_before_destroy`)';

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
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
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
      .map((r) => `\`${r.block.address}\` in \`${d.stackId}\` is replaced (${unique(r.effects.filter((e) => e.effect === 'replace').map((e) => `\`${e.attribute}\``)).join(', ')})`),
    ...d.resources.filter((r) => r.status === 'removed' && r.block.mode === 'managed').map((r) => `\`${r.block.address}\` in \`${d.stackId}\` is destroyed`),
  ]);
  if (items.length === 0) return [];
  return ['> [!CAUTION]', `> **${items.length} destructive change${items.length === 1 ? '' : 's'}**`, ...items.map((item) => `> - ${item}`), ''];
}

function stackSection(diff: StackDiff): string[] {
  const lines = [`#### \`${diff.stackId}\`${diff.status === 'changed' ? '' : ` (stack ${diff.status})`}`, ''];
  lines.push(...renameWarnings(diff), ...settingsSection(diff));
  const added = diff.resources.filter((r) => r.status === 'added');
  const removed = diff.resources.filter((r) => r.status === 'removed');
  const changed = diff.resources.filter((r) => r.status === 'changed');
  if (added.length > 0) {
    lines.push(`**Added** (${added.length})`, '', '| address | construct |', '| --- | --- |', ...added.map((r) => `| \`${r.block.address}\` | ${code(r.block.path)} |`), '');
  }
  if (removed.length > 0) {
    lines.push(`**Removed** (${removed.length}): Terraform destroys the resources among these`, '', '| address | construct |', '| --- | --- |', ...removed.map((r) => `| \`${r.block.address}\` | ${code(r.block.path)} |`), '');
  }
  if (changed.length > 0) {
    lines.push(`**Changed** (${changed.length})`, '');
    for (const resource of changed) lines.push(...changedResource(resource));
  }
  if (diff.files.length > 0) lines.push(...filesSection(diff));
  return lines;
}

function renameWarnings(diff: StackDiff): string[] {
  return diff.renames.flatMap(({ from, to }) => [
    '> [!WARNING]',
    `> \`${from.address}\` (${code(from.path)}) → \`${to.address}\` (${code(to.path)}) looks like a renamed construct id.`,
    `> Terraform **destroys** \`${from.address}\` and creates \`${to.address}\`. If it is the same ${from.type}, keep it:`,
    '> add a `moved` block (in cdktf, `moveFromId` on the new resource) or run `terraform state mv` before applying:',
    '> ```hcl',
    `> moved {`,
    `>   from = ${from.address}`,
    `>   to   = ${to.address}`,
    `> }`,
    '> ```',
    '',
  ]);
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
  const lines = [`- \`${resource.block.address}\` (${code(resource.block.path)})`];
  for (const rule of unique(resource.effects.map((e) => e.rule))) {
    lines.push(`  - ${effectLine(resource, resource.effects.filter((e) => e.rule === rule))}`);
  }
  if (resource.changes.length > 0) lines.push('', ...attributeTable(resource.changes).map((line) => `  ${line}`));
  lines.push('');
  return lines;
}

/** One line per rule: its effect, every cause, what it means, and the provider docs. */
function effectLine(resource: ResourceDiff, findings: readonly EffectFinding[]): string {
  const { rule } = findings[0];
  const causes = findings.map((f) =>
    f.becauseOf ? `\`${f.attribute}\` references \`${f.becauseOf}\`, which is replaced` : `\`${f.attribute}\` changed`,
  );
  const title = rule.effect === 'replace' && createsBeforeDestroy(resource.block.values) ? REPLACED_CREATE_FIRST : EFFECT_TITLE[rule.effect];
  return `${title}: ${causes.join('; ')}. ${capitalize(rule.impact)}. [${resource.block.type}](${rule.docs})`;
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
    if (file.patch) {
      lines.push(`\`${file.key}\` (${file.status})`, '', ...fenced('diff', file.patch), '');
    } else {
      lines.push(`\`${file.key}\` (${file.status}, binary: ${file.binary?.before ?? 'none'} → ${file.binary?.after ?? 'none'})`, '');
    }
  }
  return lines;
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
