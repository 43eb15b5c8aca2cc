import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment-schema';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { checkSynthesis, type SynthesizedEnvironment } from '../guardrails/check-synthesis';
import type { StackPolicyReport } from '../guardrails/evaluate-stack';
import { renderPolicyReport } from '../guardrails/policy-report';
import { skipTokenCreationStacks } from './token-creation-stacks';
import { carryTerraformWorkingFiles } from './terraform-working-files';

/** Written beside the stacks in the synth output, for review. */
export const POLICY_REPORT_FILE = 'policy-report.md';

export interface SynthesizeOptions {
  /** The day date-based policy rules (EKS support windows) are checked against. @default - the current date */
  readonly today?: Date;
  /**
   * The cdktf CLI runs the app (lib/synth/cdktf-cli-run.ts): leave an empty
   * folder for each stack folder this synth no longer produces, for the CLI
   * to remove itself (it fails on a folder that is gone). @default false
   */
  readonly byCdktfCli?: boolean;
}

/**
 * Synthesizes the environments into `outdir`, all or nothing: the app writes
 * into a staging folder beside it, the policy pack and secret scan check it,
 * and only then does it replace `outdir`, so a failure never leaves
 * half-written or non-compliant output. Terraform's working files in the old
 * output (`.terraform/`, the lock file, local state) move into the new one
 * first, also those of stacks not synthesized this time (other environments
 * than ENVIRONMENTS selects): see lib/synth/terraform-working-files.ts.
 */
export function synthesizeEnvironments(configs: readonly EnvironmentConfig[], outdir: string, options: SynthesizeOptions = {}): StackPolicyReport[] {
  const staging = `${outdir.replace(/[\\/]+$/, '')}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const { app, environments } = buildApp(configs, staging);
    app.synth();
    const reports = checkSynthesis(staging, environments, options.today ?? new Date());
    fs.writeFileSync(path.join(staging, POLICY_REPORT_FILE), renderPolicyReport(reports));
    const removedStacks = carryTerraformWorkingFiles(outdir, staging);
    if (options.byCdktfCli) {
      for (const stack of removedStacks) fs.mkdirSync(path.join(staging, 'stacks', stack), { recursive: true });
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return reports;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Builds the construct tree of the environments without writing anything but the empty outdir. */
export function buildApp(configs: readonly EnvironmentConfig[], outdir: string): { app: App; environments: SynthesizedEnvironment[] } {
  skipTokenCreationStacks();
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  const environments = configs.map((config) => {
    const stacks = addEnvironmentStacks(app, config);
    return {
      config,
      stacks: Object.fromEntries(Object.entries(stacks).map(([layer, stack]) => [layer, stack.node.id])),
    };
  });
  return { app, environments };
}
