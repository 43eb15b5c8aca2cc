import type { AttributeChange } from './attribute-changes';
import { sameValue } from './attribute-changes';
import { rulesFor, type ChangeEffect, type ChangeRule } from './replacement-rules';
import { valueAt } from '../../lib/terraform-json/synthesized-stack';

/** A rule that applies to a changed resource. */
export interface EffectFinding {
  readonly effect: ChangeEffect;
  readonly rule: ChangeRule;
  /** The rule attribute that changed. */
  readonly attribute: string;
  /** The replaced resource whose new id or ARN this attribute references, when the effect is inherited. */
  readonly becauseOf?: string;
}

/** The effects the rules of `resourceType` give a change from `before` to `after`. */
export function directEffects(resourceType: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, changes: readonly AttributeChange[]): EffectFinding[] {
  return rulesFor(resourceType).flatMap((rule) =>
    watchedAttributes(rule, after)
      .filter((attribute) => triggered(rule, attribute, before, after, changes))
      .map((attribute) => ({ effect: rule.effect, rule, attribute })),
  );
}

/**
 * The attributes of a rule that count for a resource: none when the rule's
 * `when` does not hold, and never those in `lifecycle.ignore_changes`.
 */
export function watchedAttributes(rule: ChangeRule, values: Readonly<Record<string, unknown>>): readonly string[] {
  if (rule.when && valueAt(values, rule.when.attribute) !== rule.when.equals) return [];
  const ignored = ignoredChanges(values);
  return rule.attributes.filter((attribute) => !ignored.some((path) => path === '*' || attribute === path || attribute.startsWith(`${path}.`)));
}

/**
 * Attributes listed in `lifecycle.ignore_changes` (dotted, without indices):
 * Terraform does not act on their changes. `all` ignores every attribute, as `*`.
 */
function ignoredChanges(values: Readonly<Record<string, unknown>>): string[] {
  const ignore = valueAt(values, 'lifecycle.ignore_changes');
  if (ignore === 'all') return ['*'];
  return (Array.isArray(ignore) ? ignore : []).map((path) => String(path).replace(/\[\d+\]/g, ''));
}

/** Whether Terraform creates the replacement before it destroys the old resource. */
export function createsBeforeDestroy(values: Readonly<Record<string, unknown>>): boolean {
  return valueAt(values, 'lifecycle.create_before_destroy') === true;
}

function triggered(rule: ChangeRule, attribute: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, changes: readonly AttributeChange[]): boolean {
  switch (rule.trigger ?? 'any') {
    case 'any':
      return changes.some((change) => change.attribute === attribute || change.attribute.startsWith(`${attribute}.`));
    case 'element-removed': {
      const current = asList(valueAt(after, attribute));
      return asList(valueAt(before, attribute)).some((item) => !current.some((other) => sameValue(item, other)));
    }
    case 'set-from-empty':
      return asList(valueAt(before, attribute)).length === 0 && asList(valueAt(after, attribute)).length > 0;
  }
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
