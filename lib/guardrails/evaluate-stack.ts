import { formatLocation, type ConfigLocation } from '../config/config-error';
import { SynthesizedStack } from '../terraform-json/synthesized-stack';
import { POLICY_PACK } from './policy-pack';
import type { PolicyRule, RuleContext, RuleVerdict, SynthesizedResource } from './policy-rule';

/** A written exception to one rule for one resource, from the environment file. */
export interface Suppression {
  readonly rule: string;
  /** Stack layer, e.g. `platform`. */
  readonly stack: string;
  /** Construct path of the resource below the stack (e.g. `edge/alb`), or `terraform` for the backend. */
  readonly resource: string;
  readonly reason: string;
}

export interface Finding {
  readonly rule: PolicyRule;
  readonly resource: Pick<SynthesizedResource, 'type' | 'path'>;
  readonly verdict: RuleVerdict;
  readonly suppressedBy?: Suppression;
  /** Where the environment file configures the resource (non-compliant findings, when the caller knows the origins). */
  readonly origin?: ConfigLocation;
}

export interface StackPolicyReport {
  readonly environment: string;
  readonly stack: string;
  readonly findings: readonly Finding[];
  readonly unusedSuppressions: readonly Suppression[];
}

export interface EvaluateOptions {
  readonly environment: string;
  readonly production: boolean;
  /** Stack id, `<environment>-<layer>`. */
  readonly stack: string;
  readonly layer: string;
  readonly stateBucket: string;
  readonly suppressions: readonly Suppression[];
  /** Names guardrails.notSecrets reviewed as not secret (RuleContext.reviewedNotSecretNames). @default - none */
  readonly reviewedNotSecretNames?: ReadonlySet<string>;
  /** @default POLICY_PACK */
  readonly rules?: readonly PolicyRule[];
  /** The day of the synth, given to rules as `context.today`. */
  readonly today: Date;
  /**
   * Where the environment file configures the resource at a construct path (check-synthesis.ts, from the origins the
   * stacks record); asked for non-compliant findings only. @default - findings name no origin
   */
  readonly originOf?: (resourcePath: string) => ConfigLocation;
}

/** Applies the policy pack to one synthesized stack (its cdk.tf.json content). */
export function evaluateStack(stackJson: Record<string, any>, options: EvaluateOptions): StackPolicyReport {
  const stack = SynthesizedStack.of(stackJson);
  const context: RuleContext = {
    environment: options.environment,
    production: options.production,
    stack: options.stack,
    stateBucket: options.stateBucket,
    terraformBlock: stack.terraform,
    today: options.today,
    reviewedNotSecretNames: options.reviewedNotSecretNames,
    resourcesOfType: (type) => stack.resources(type),
    resources: () => stack.resources(),
    follow: (expression) => stack.follow(expression),
  };

  const suppressions = options.suppressions.filter((s) => s.stack === options.layer);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  const terraformPseudoResource: SynthesizedResource = { type: 'terraform', name: 'terraform', path: 'terraform', values: context.terraformBlock };
  for (const rule of options.rules ?? POLICY_PACK) {
    const targets = rule.resourceTypes.flatMap((type) => (type === 'terraform' ? [terraformPseudoResource] : context.resourcesOfType(type)));
    for (const resource of targets) {
      const verdict = rule.check(resource, context);
      if (verdict.status === 'not-applicable') continue;
      const suppressedBy = verdict.status === 'non-compliant' ? suppressions.find((s) => s.rule === rule.id && s.resource === resource.path) : undefined;
      if (suppressedBy) used.add(suppressedBy);
      const origin = verdict.status === 'non-compliant' ? options.originOf?.(resource.path) : undefined;
      findings.push({ rule, resource: { type: resource.type, path: resource.path }, verdict, suppressedBy, ...(origin ? { origin } : {}) });
    }
  }
  return {
    environment: options.environment,
    stack: options.stack,
    findings,
    unusedSuppressions: suppressions.filter((s) => !used.has(s)),
  };
}

/** Findings that stop synth: error-level, non-compliant, not suppressed. */
export function blockingFindings(report: StackPolicyReport): Finding[] {
  return report.findings.filter((f) => f.verdict.status === 'non-compliant' && !f.suppressedBy && f.rule.level === 'error');
}

/** `environments/<file>:line:col: key.path: <stack>: <rule>: <type> <path>: <reason> (why: …)`; without origin, from the stack on. */
export function describeFinding(stack: string, finding: Finding): string {
  const reason = finding.verdict.status === 'non-compliant' ? finding.verdict.reason : '';
  const where = finding.origin ? `${formatLocation(finding.origin)}: ` : '';
  return `${where}${stack}: ${finding.rule.id}: ${finding.resource.type} ${finding.resource.path}: ${reason} (why: ${finding.rule.why})`;
}
