import { evaluateStack, type Suppression } from '../../lib/guardrails/evaluate-stack';
import type { PolicyRule } from '../../lib/guardrails/policy-rule';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';

/** One resource of a hand-written stack: `type.name` at construct path `path`. */
export interface FixtureResource {
  readonly type: string;
  readonly name: string;
  readonly path?: string;
  readonly values: Record<string, any>;
  readonly data?: boolean;
}

/** A cdk.tf.json-shaped object from a few resources. */
export function fixtureStack(resources: readonly FixtureResource[], terraform: Record<string, any> = {}): Record<string, any> {
  const stack: Record<string, any> = { terraform, resource: {}, data: {} };
  for (const r of resources) {
    const block = r.data ? stack.data : stack.resource;
    block[r.type] ??= {};
    block[r.type][r.name] = { '//': { metadata: { path: `stack/${r.path ?? r.name}` } }, ...r.values };
  }
  return stack;
}

export interface EvaluateFixtureOptions {
  readonly production?: boolean;
  readonly suppressions?: readonly Suppression[];
  readonly terraform?: Record<string, any>;
  /** @default FIXTURE_TODAY */
  readonly today?: Date;
  readonly reviewedNotSecretNames?: ReadonlySet<string>;
}

/** Verdicts of one rule over a fixture stack, as `path: status` strings. */
export function verdictsOf(rule: PolicyRule, resources: readonly FixtureResource[], options: EvaluateFixtureOptions = {}): string[] {
  const report = evaluateStack(fixtureStack(resources, options.terraform), {
    environment: 'test',
    production: options.production ?? false,
    stack: 'test-platform',
    layer: 'platform',
    stateBucket: 'state-bucket',
    suppressions: options.suppressions ?? [],
    rules: [rule],
    today: options.today ?? FIXTURE_TODAY,
    reviewedNotSecretNames: options.reviewedNotSecretNames,
  });
  return report.findings.map((f) => `${f.resource.path}: ${f.verdict.status}${f.verdict.status === 'non-compliant' ? ` (${f.verdict.reason})` : ''}`);
}
