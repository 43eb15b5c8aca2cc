import { attributeValues, type AttributeValueChange, type StackPlanSummary } from '../stack-plan/plan-summary';

/**
 * The planned values an approver reads before approving (the deploy
 * workflow's job summary, printed by npm run plan:seal before the plan is
 * encrypted): per changed resource, collapsed, each changed attribute before
 * and after, as `terraform show` would print it but with every value
 * Terraform marks sensitive redacted (attributeValues in plan-summary.ts).
 * A created resource shows the values it is created with; a destroyed one
 * only its address.
 */

/** GitHub cuts a step's job summary at 1 MiB: stop well before, saying so. */
export const VALUES_LIMIT = 512 * 1024;

const cell = (text: string) => `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ')}\``;

function table(values: readonly AttributeValueChange[], created: boolean): string[] {
  if (created) return ['| attribute | value |', '| --- | --- |', ...values.map((v) => `| ${cell(v.attribute)} | ${cell(v.after)} |`)];
  return ['| attribute | before | after |', '| --- | --- | --- |', ...values.map((v) => `| ${cell(v.attribute)} | ${cell(v.before)} | ${cell(v.after)} |`)];
}

/** The collapsed section of planned values for one plan: `plan` is its `terraform show -json`. */
export function renderPlannedValues(plan: Record<string, any>, summary: StackPlanSummary): string {
  const changes = new Map(((plan.resource_changes ?? []) as Record<string, any>[]).map((rc) => [rc.address as string, rc.change as Record<string, any>]));
  const sections: string[] = [];
  let size = 0;
  let cut = 0;
  for (const r of summary.resources) {
    const change = changes.get(r.address);
    if (!change) continue;
    const created = r.action === 'create';
    let attributes: string[] = [];
    if (created) {
      const after = (change.after ?? {}) as Record<string, unknown>;
      const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
      attributes = Object.keys({ ...after, ...unknown })
        .filter((k) => k !== 'tags_all' && (unknown[k] === true || (after[k] !== null && after[k] !== undefined)))
        .sort();
    } else if (r.action === 'update' || r.action === 'replace') {
      attributes = [...r.changedAttributes];
    }
    const body = attributes.length > 0 ? ['', ...table(attributeValues(change, attributes), created)] : [];
    const section = [`**${r.action}** ${cell(r.address)}`, ...body, ''].join('\n');
    if (size + section.length > VALUES_LIMIT) {
      cut++;
      continue;
    }
    size += section.length;
    sections.push(section);
  }
  if (sections.length === 0) return '';
  const note = cut > 0 ? `\n_${cut} more resource${cut === 1 ? '' : 's'} left out to fit the job summary: plan.txt in the plan artifact has them._\n` : '';
  return [
    `<details><summary>Planned values of <code>${summary.metadata.stack}</code> (${sections.length} resource${sections.length === 1 ? '' : 's'}; sensitive values redacted)</summary>`,
    '',
    ...sections,
    note,
    '</details>',
    '',
  ].join('\n');
}
