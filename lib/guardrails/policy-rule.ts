/**
 * The policy pack's vocabulary. A rule is a pure function of one synthesized
 * resource (plus read access to its stack, to follow references); it never
 * throws for bad input, it answers.
 */

import type { SynthesizedBlock } from '../terraform-json/synthesized-stack';

export type RuleLevel = 'error' | 'warning';

export type RuleVerdict = { readonly status: 'compliant' } | { readonly status: 'non-compliant'; readonly reason: string } | { readonly status: 'not-applicable' };

export const COMPLIANT: RuleVerdict = { status: 'compliant' };
export const NOT_APPLICABLE: RuleVerdict = { status: 'not-applicable' };
export function nonCompliant(reason: string): RuleVerdict {
  return { status: 'non-compliant', reason };
}

/**
 * One resource (or data source) of a synthesized stack, as lib/terraform-json/synthesized-stack.ts reads it;
 * `mode` and `address` are left out so the stack's `terraform` block can be checked as a pseudo-resource.
 */
export type SynthesizedResource = Pick<SynthesizedBlock, 'type' | 'name' | 'path' | 'values'>;

/** What a rule may know besides the resource itself. */
export interface RuleContext {
  readonly environment: string;
  readonly production: boolean;
  readonly stack: string;
  /** Name of the environment's state bucket. */
  readonly stateBucket: string;
  /** Resources of the stack of a type, e.g. to find the listeners of a load balancer. */
  resourcesOfType(type: string): readonly SynthesizedResource[];
  /** Every resource of the stack (not data sources), e.g. to walk dependencies from all create_before_destroy resources. */
  resources(): readonly SynthesizedResource[];
  /** The resource or data source a `${type.name.attr}` (or `${data.type.name.attr}`) expression names. */
  follow(expression: unknown): SynthesizedResource | undefined;
  /** The stack's `terraform` block (backend, required providers). */
  readonly terraformBlock: Readonly<Record<string, any>>;
  /** The day of the synth, for rules about dates (support windows); injected, never read from the clock by a rule. */
  readonly today: Date;
  /**
   * Names of values the environment file's guardrails.notSecrets reviewed as not secret (checked per key path at load
   * time, lib/config/plaintext-secrets.ts): the secret detector's name rule does not count them. @default - none
   */
  readonly reviewedNotSecretNames?: ReadonlySet<string>;
}

export interface PolicyRule {
  /** Kebab-case id used in reports and suppressions. */
  readonly id: string;
  readonly level: RuleLevel;
  /** One line: why the rule exists. */
  readonly why: string;
  /** Matching rule ids of other tools, for people who know them. */
  readonly equivalents?: { readonly checkov?: string; readonly cdkNag?: string };
  /** Resource types the rule looks at; `terraform` means the stack's terraform block (backend). */
  readonly resourceTypes: readonly string[];
  /**
   * Why no resource of the example environments (environments/*.yaml) passes this rule, when none does (e.g. the
   * rule is about a resource type the constructs never write). Without it, a test requires at least one.
   */
  readonly examplesMatchNothingBecause?: string;
  check(resource: SynthesizedResource, context: RuleContext): RuleVerdict;
}

/** Reads a nested block that cdktf writes either as an object or a one-element list. */
export function block(value: unknown): Record<string, any> | undefined {
  if (Array.isArray(value)) return value[0];
  return value && typeof value === 'object' ? (value as Record<string, any>) : undefined;
}

/** All blocks of a repeatable nested block. */
export function blocks(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value;
  return value && typeof value === 'object' ? [value as Record<string, any>] : [];
}

/** True for a `${...}` Terraform expression whose value is only known at apply. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('${') && value.endsWith('}');
}
