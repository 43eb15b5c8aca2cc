import * as fs from 'fs';
import * as path from 'path';
import { formatLocation } from '../config/config-error';
import type { EnvironmentConfig } from '../config/environment-schema';
import { environmentIdentifiers } from '../config/environment-identifiers';
import { reviewedNotSecretNames } from '../config/plaintext-secrets';
import { originOf, type ConfigKeyPath } from '../construct-support/config-origin';
import { blockingFindings, describeFinding, evaluateStack, type StackPolicyReport, type Suppression } from './evaluate-stack';
import { scanForSecrets } from './secret-scan';
import { SynthesizedStack } from '../terraform-json/synthesized-stack';
import { readSynthManifest } from '../terraform-json/synth-output';
import { accountNameClashes, type EnvironmentStackNames } from './account-name-clashes';
import { secretValueLocator } from './secret-origin';
import { guardrailError } from './guardrail-error';

export interface SynthesizedEnvironment {
  readonly config: EnvironmentConfig;
  /** `tier: production` (the resolved model's `production`): production-only rules apply. */
  readonly production: boolean;
  /** Layer name (`platform`, `bootstrap`) → stack id. */
  readonly stacks: Readonly<Record<string, string>>;
  /**
   * Per stack id, the environment-file entry each construct was built from, by construct path below the stack
   * (lib/construct-support/config-origin.ts, recorded by the stacks). @default - findings point at the file alone
   */
  readonly origins?: Readonly<Record<string, ReadonlyMap<string, ConfigKeyPath>>>;
}

/**
 * Runs the policy pack over every synthesized stack, the check of names AWS
 * keeps unique across the environments of one account (account-name-clashes.ts)
 * and the secret scan over the whole output. Throws UserError listing every blocking finding,
 * stale suppression and secret, each at the environment file's
 * `line:col: key` it comes from where known; returns the reports otherwise.
 */
export function checkSynthesis(outdir: string, environments: readonly SynthesizedEnvironment[], today: Date): StackPolicyReport[] {
  const manifest = readSynthManifest(outdir);
  const problems: string[] = [];
  const reports: StackPolicyReport[] = [];
  const named: EnvironmentStackNames[] = [];
  for (const { config, production, stacks, origins } of environments) {
    for (const [layer, stack] of Object.entries(stacks)) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, manifest.stacks[stack].synthesizedStackPath), 'utf8'));
      const stackOrigins = origins?.[stack] ?? new Map<string, ConfigKeyPath>();
      // A resource built from no entry points at the file alone.
      const originAt = (resourcePath: string) => config.locate(originOf(stackOrigins, resourcePath) ?? []);
      named.push({ config, stack: SynthesizedStack.of(json), originOf: originAt });
      const report = evaluateStack(json, {
        environment: config.name,
        production,
        stack,
        layer,
        stateBucket: config.state.bucket,
        suppressions: config.guardrails.suppressions,
        reviewedNotSecretNames: reviewedNotSecretNames(config.guardrails.notSecrets),
        today,
        originOf: originAt,
      });
      reports.push(report);
      problems.push(...blockingFindings(report).map((finding) => describeFinding(stack, finding)));
      problems.push(
        ...report.unusedSuppressions.map((s) => {
          const where = formatLocation(config.locate(['guardrails', 'suppressions', (config.guardrails.suppressions as readonly Suppression[]).indexOf(s)]));
          return `${where}: ${s.rule} for ${s.stack}/${s.resource} matches no non-compliant resource; remove it`;
        }),
      );
    }
  }
  problems.push(...accountNameClashes(named));
  problems.push(
    ...scanForSecrets(
      outdir,
      secretValueLocator(environments),
      new Set(environments.flatMap(({ config }) => [...reviewedNotSecretNames(config.guardrails.notSecrets)])),
      environments.flatMap(({ config }) => environmentIdentifiers(config)),
    ).map((hit) => `${hit.origin ? `${formatLocation(hit.origin)}: ` : ''}secret scan: ${hit.file}: ${hit.keyPath}: ${hit.reason}`),
  );
  if (problems.length > 0) throw guardrailError(problems);
  return reports;
}
