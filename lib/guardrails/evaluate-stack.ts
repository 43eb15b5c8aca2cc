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
  /** @default POLICY_PACK */
  readonly rules?: readonly PolicyRule[];
  /** The day of the synth, given to rules as `context.today`. */
  readonly today: Date;
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.\[\]]+\}$/;

/** Applies the policy pack to one synthesized stack (its cdk.tf.json content). */
export function evaluateStack(stackJson: Record<string, any>, options: EvaluateOptions): StackPolicyReport {
  const resources = collect(stackJson.resource ?? {});
  const dataSources = collect(stackJson.data ?? {});
  const byType = new Map<string, SynthesizedResource[]>();
  for (const resource of resources) byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);

  const context: RuleContext = {
    environment: options.environment,
    production: options.production,
    stack: options.stack,
    stateBucket: options.stateBucket,
    terraformBlock: stackJson.terraform ?? {},
    today: options.today,
    resourcesOfType: (type) => byType.get(type) ?? [],
    resources: () => resources,
    follow: (expression) => {
      const match = typeof expression === 'string' ? REFERENCE.exec(expression) : null;
      if (!match) return undefined;
      const pool = match[1] ? dataSources : byType.get(match[2]) ?? [];
      return pool.find((r) => r.type === match[2] && r.name === match[3]);
    },
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
      const suppressedBy =
        verdict.status === 'non-compliant' ? suppressions.find((s) => s.rule === rule.id && s.resource === resource.path) : undefined;
      if (suppressedBy) used.add(suppressedBy);
      findings.push({ rule, resource: { type: resource.type, path: resource.path }, verdict, suppressedBy });
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

export function warningFindings(report: StackPolicyReport): Finding[] {
  return report.findings.filter((f) => f.verdict.status === 'non-compliant' && !f.suppressedBy && f.rule.level === 'warning');
}

export function describeFinding(stack: string, finding: Finding): string {
  const reason = finding.verdict.status === 'non-compliant' ? finding.verdict.reason : '';
  return `${stack}: ${finding.rule.id}: ${finding.resource.type} ${finding.resource.path}: ${reason} (why: ${finding.rule.why})`;
}

function collect(block: Record<string, Record<string, any>>): SynthesizedResource[] {
  return Object.entries(block).flatMap(([type, entries]) =>
    Object.entries(entries).map(([name, values]) => {
      const path: string = values['//']?.metadata?.path ?? name;
      return { type, name, path: path.split('/').slice(1).join('/'), values };
    }),
  );
}
