import type { AttributeChange } from './attribute-changes';
import { sameValue } from './attribute-changes';
import { rulesFor, type ChangeEffect, type ChangeRule } from './replacement-rules';
import { valueAt } from './terraform-document';

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
export function directEffects(
  resourceType: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  changes: readonly AttributeChange[],
): EffectFinding[] {
  return rulesFor(resourceType).flatMap((rule) =>
    ruleApplies(rule, after)
      ? rule.attributes.filter((attribute) => triggered(rule, attribute, before, after, changes)).map((attribute) => ({ effect: rule.effect, rule, attribute }))
      : [],
  );
}

export function ruleApplies(rule: ChangeRule, values: Readonly<Record<string, unknown>>): boolean {
  return !rule.when || valueAt(values, rule.when.attribute) === rule.when.equals;
}

function triggered(
  rule: ChangeRule,
  attribute: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  changes: readonly AttributeChange[],
): boolean {
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
