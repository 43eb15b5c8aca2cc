import * as fs from 'fs';
import * as path from 'path';
import { ENVOY_IMAGE_DIGEST_VARIABLE } from '../../lib/ecs/envoy-image';
import { OFFLINE_VARIABLE_VALUES } from '../offline-plan/offline-plan';
import { replacedOnlyByPlaceholder } from './deployed-digest';
import { FAILURE_FILE, METADATA_FILE, PLAN_JSON, SUMMARY_FILE, type PlanFailure, type PlanMetadata } from './plan-stack';
import { formatKeyPath } from '../../lib/util/key-path';

/**
 * What one stack's plan does, read from `terraform show -json` of its plan
 * file (https://developer.hashicorp.com/terraform/internals/json-format):
 * each `resource_changes` entry by its `change.actions`, with the attributes
 * that force a replacement (`change.replace_paths`) and Terraform's reason
 * (`action_reason`).
 *
 * The summary holds no attribute values (addresses, actions, attribute names,
 * counts, output names), so a pull request's plan artifact keeps it as
 * `summary.json` instead of the plan (`npm run plan:stack -- --summary-only`).
 */

export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read';

export interface ResourcePlan {
  readonly address: string;
  readonly action: PlanAction;
  /** For a replacement: `delete` then `create`, or `create_before_destroy` (`create` then `delete`). */
  readonly order?: 'destroy-first' | 'create-first';
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Attribute paths that force the replacement (`replace_paths`), dotted. */
  readonly replacePaths: readonly string[];
  /** Top-level attributes whose value changes (updates and replacements); `(known after apply)` ones included. */
  readonly changedAttributes: readonly string[];
  /** A replacement the placeholder `envoy_image_digest` alone causes (tools/stack-plan/deployed-digest.ts): not what the pull request does. */
  readonly placeholderOnly?: true;
}

export interface StackPlanSummary {
  readonly metadata: PlanMetadata;
  readonly resources: readonly ResourcePlan[];
  /** As Terraform counts them: a replacement is one add and one destroy. */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  /** Output values that change. */
  readonly outputs: readonly string[];
}

/** One plan folder: a plan, or the failure of the step that made none. */
export type PlanResult = { readonly kind: 'plan'; readonly summary: StackPlanSummary } | { readonly kind: 'failure'; readonly failure: PlanFailure };

function actionOf(actions: readonly string[]): Pick<ResourcePlan, 'action' | 'order'> | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
    case 'forget':
    case 'read':
      return { action: key };
    case 'delete,create':
      return { action: 'replace', order: 'destroy-first' };
    case 'create,delete':
      return { action: 'replace', order: 'create-first' };
    default:
      return undefined; // no-op
  }
}

/** Anything under `sensitive` marked true (Terraform's `before_sensitive` / `after_sensitive` mirror the value's shape). */
function anySensitive(sensitive: unknown): boolean {
  if (sensitive === true) return true;
  if (Array.isArray(sensitive)) return sensitive.some(anySensitive);
  if (sensitive && typeof sensitive === 'object') return Object.values(sensitive).some(anySensitive);
  return false;
}

/** What a value shows as: JSON, cut at this many characters (a policy or container definition fills a screen). */
export const VALUE_LIMIT = 200;
export const SENSITIVE_VALUE = '(sensitive)';
export const UNKNOWN_VALUE = '(known after apply)';

/** One top-level attribute's value before and after a change, as shown to people. */
export interface AttributeValueChange {
  readonly attribute: string;
  /** JSON of the value, `(sensitive)` when Terraform marks any part of it sensitive, cut at VALUE_LIMIT. */
  readonly before: string;
  readonly after: string;
}

function shown(value: unknown, sensitive: unknown): string {
  if (anySensitive(sensitive)) return SENSITIVE_VALUE;
  const text = JSON.stringify(value ?? null);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT)}…` : text;
}

/**
 * The before and after values of `attributes` of one `change` of `terraform
 * show -json`, secrets redacted: an attribute any part of which Terraform
 * marks sensitive (`before_sensitive` / `after_sensitive`,
 * https://developer.hashicorp.com/terraform/internals/json-format#change-representation)
 * shows as `(sensitive)`, an unknown one as `(known after apply)`.
 */
export function attributeValues(change: Record<string, any>, attributes: readonly string[]): AttributeValueChange[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  // `true` for a whole resource marked sensitive, else an object shaped like the value.
  const sensitiveAt = (sensitive: unknown, attribute: string): unknown => sensitive === true || (sensitive as Record<string, unknown> | null | undefined)?.[attribute];
  return attributes.map((attribute) => ({
    attribute,
    before: shown(before[attribute], sensitiveAt(change.before_sensitive, attribute)),
    after: unknown[attribute] === true ? UNKNOWN_VALUE : shown(after[attribute], sensitiveAt(change.after_sensitive, attribute)),
  }));
}

export function changedAttributes(change: Record<string, any>): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys]
    .filter((key) => key !== 'id' && key !== 'tags_all')
    .filter((key) => unknown[key] === true || JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .sort();
}

/** The summary of `terraform show -json` output. */
export function summarizePlan(plan: Record<string, any>, metadata: PlanMetadata): StackPlanSummary {
  const resources: ResourcePlan[] = [];
  const placeholderDigest = metadata.placeholders.includes(ENVOY_IMAGE_DIGEST_VARIABLE) ? OFFLINE_VARIABLE_VALUES[ENVOY_IMAGE_DIGEST_VARIABLE] : undefined;
  for (const rc of (plan.resource_changes ?? []) as Record<string, any>[]) {
    if (rc.mode === 'data') continue;
    const action = actionOf(rc.change?.actions ?? []);
    if (!action) continue;
    const replacePaths = ((rc.change.replace_paths ?? []) as (string | number)[][]).map(formatKeyPath);
    resources.push({
      address: rc.address,
      ...action,
      ...(rc.action_reason ? { reason: rc.action_reason as string } : {}),
      replacePaths,
      changedAttributes: action.action === 'update' || action.action === 'replace' ? changedAttributes(rc.change) : [],
      ...(action.action === 'replace' && placeholderDigest && replacedOnlyByPlaceholder(rc.change, replacePaths, placeholderDigest) ? { placeholderOnly: true as const } : {}),
    });
  }
  const count = (action: PlanAction) => resources.filter((r) => r.action === action).length;
  const outputs = Object.entries((plan.output_changes ?? {}) as Record<string, { actions: string[] }>)
    .filter(([, change]) => !change.actions.every((a) => a === 'no-op'))
    .map(([name]) => name)
    .sort();
  return {
    metadata,
    resources,
    add: count('create') + count('replace'),
    change: count('update'),
    destroy: count('delete') + count('replace'),
    replace: count('replace'),
    outputs,
  };
}

/** Whether applying the plan changes anything: a resource or an output (a no-change plan needs no approval). */
export const planHasChanges = (summary: StackPlanSummary): boolean => summary.resources.length + summary.outputs.length > 0;

/**
 * The plan folders under `dirs`: a folder with metadata.json or failure.json
 * is one; any other folder is searched one level down (a downloaded artifact
 * folder per stack). Sorted by stack. A folder's summary is its summary.json
 * (`--summary-only`, the pull-request plans) when it has one, else made from
 * its plan.json.
 */
export function readPlanResults(dirs: readonly string[]): PlanResult[] {
  const results: PlanResult[] = [];
  const visit = (dir: string, depth: number) => {
    if (fs.existsSync(path.join(dir, METADATA_FILE))) {
      const metadata = JSON.parse(fs.readFileSync(path.join(dir, METADATA_FILE), 'utf8')) as PlanMetadata;
      const summaryFile = path.join(dir, SUMMARY_FILE);
      if (fs.existsSync(summaryFile)) {
        // metadata.json stays the record of the plan; the summary's copy is the same.
        const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as StackPlanSummary;
        results.push({ kind: 'plan', summary: { ...summary, metadata } });
      } else {
        const plan = JSON.parse(fs.readFileSync(path.join(dir, PLAN_JSON), 'utf8'));
        results.push({ kind: 'plan', summary: summarizePlan(plan, metadata) });
      }
    } else if (fs.existsSync(path.join(dir, FAILURE_FILE))) {
      results.push({ kind: 'failure', failure: JSON.parse(fs.readFileSync(path.join(dir, FAILURE_FILE), 'utf8')) as PlanFailure });
    } else if (depth === 0 && fs.existsSync(dir) && fs.statSync(dir).isDirectory()) {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isDirectory()) visit(path.join(dir, entry.name), depth + 1);
      }
    }
  };
  for (const dir of dirs) visit(dir, 0);
  const stackOf = (r: PlanResult) => (r.kind === 'plan' ? r.summary.metadata.stack : r.failure.stack);
  return results.sort((a, b) => stackOf(a).localeCompare(stackOf(b)));
}
