import * as fs from 'fs';
import * as path from 'path';
import type { EnvironmentConfig } from '../config/environment-schema';
import { blockingFindings, describeFinding, evaluateStack, type StackPolicyReport } from './evaluate-stack';
import { GuardrailError } from './guardrail-error';
import { scanForSecrets } from './secret-scan';

export interface SynthesizedEnvironment {
  readonly config: EnvironmentConfig;
  /** Layer name (`platform`, `bootstrap`) → stack id. */
  readonly stacks: Readonly<Record<string, string>>;
}

/**
 * Runs the policy pack over every synthesized stack and the secret scan over
 * the whole output. Throws GuardrailError listing every blocking finding,
 * stale suppression and secret; returns the reports otherwise.
 */
export function checkSynthesis(outdir: string, environments: readonly SynthesizedEnvironment[], today: Date): StackPolicyReport[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const problems: string[] = [];
  const reports: StackPolicyReport[] = [];
  for (const { config, stacks } of environments) {
    for (const [layer, stack] of Object.entries(stacks)) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, manifest.stacks[stack].synthesizedStackPath), 'utf8'));
      const report = evaluateStack(json, {
        environment: config.name,
        production: config.tier === 'production',
        stack,
        layer,
        stateBucket: config.state.bucket,
        suppressions: config.guardrails.suppressions,
        today,
      });
      reports.push(report);
      problems.push(...blockingFindings(report).map((finding) => describeFinding(stack, finding)));
      problems.push(
        ...report.unusedSuppressions.map(
          (s) => `${config.sourceFile}: guardrails.suppressions: ${s.rule} for ${s.stack}/${s.resource} matches no non-compliant resource; remove it`,
        ),
      );
    }
  }
  problems.push(...scanForSecrets(outdir).map((hit) => `secret scan: ${hit.file}: ${hit.keyPath}: ${hit.reason}`));
  if (problems.length > 0) throw new GuardrailError(problems);
  return reports;
}
