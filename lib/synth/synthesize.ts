import * as fs from 'fs';
import * as path from 'path';
import { App, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment-schema';
import { resolveEnvironment, type ResolvedEnvironment } from '../config/resolved-environment';
import type { EnvironmentEnvoy, EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import type { EnvoyRenderInputs } from '../envoy/render-service-proxy';
import { readEnvoyInputs } from '../envoy/template-files';
import { checkSynthesis, type SynthesizedEnvironment } from '../guardrails/check-synthesis';
import type { StackPolicyReport } from '../guardrails/evaluate-stack';
import { renderPolicyReport, type ReviewedNotSecret } from '../guardrails/policy-report';
import { configOrigins } from '../construct-support/config-origin';
import { removeEnvoyBundleSources, writeEnvoyBundle } from './envoy-bundles';
import { refuseUnpinnedEnvoyImages } from './cdktf-cli-run';
import { renderEnvoy } from './render-envoy';
import { skipTokenCreationStacks } from './token-creation-stacks';
import { carryTerraformWorkingFiles } from './terraform-working-files';
import { writeSynthRecord, type SynthInputs } from './synth-record';

/** Written beside the stacks in the synth output, for review. */
export const POLICY_REPORT_FILE = 'policy-report.md';

/**
 * Adds one environment's stacks to the app, by layer (`bootstrap`, `platform`).
 * The entry points pass stacks/environment-stacks.ts's addEnvironmentStacks:
 * lib/ never imports stacks/. Stacks do no I/O: what they need arrives here.
 */
export type EnvironmentStackBuilder = (app: App, environment: ResolvedEnvironment, envoy: EnvironmentEnvoy) => Readonly<Record<string, TerraformStack>>;

export interface SynthesizeOptions {
  /** The day date-based policy rules (EKS support windows) are checked against. @default - the current date */
  readonly today?: Date;
  /**
   * The cdktf CLI runs the app (lib/synth/cdktf-cli-run.ts): leave an empty
   * folder for each stack folder this synth no longer produces, for the CLI
   * to remove itself (it fails on a folder that is gone). @default false
   */
  readonly byCdktfCli?: boolean;
  /**
   * Refuse, before anything is written, an environment whose Envoy sidecars'
   * image names no digest (lib/synth/cdktf-cli-run.ts): main.ts sets it when
   * the cdktf CLI runs the app, which cannot give the stack envoy_image_digest.
   * @default false - the stack declares the variable and the deploy gives it
   */
  readonly requirePinnedEnvoyImage?: boolean;
  /**
   * What the synth is made from (synth-record.ts): recorded in the output with
   * the policy results, so commands can reuse it. @default - no record: a
   * command synthesizes again
   */
  readonly inputs?: SynthInputs;
}

/**
 * The pipeline: resolve each loaded environment, render and validate its Envoy
 * sidecars (templates read once), write their review bundles, build the stacks
 * with `buildStacks`, synthesize, check, and replace `outdir`, all or nothing:
 * the app writes into a staging folder beside it, the policy pack and secret
 * scan check it, and only then does it replace `outdir`, so a failure never
 * leaves half-written or non-compliant output. Terraform's working files in
 * the old output (`.terraform/`, the lock file, local state) move into the new
 * one first, also those of stacks not synthesized this time (other
 * environments than ENVIRONMENTS selects): see terraform-working-files.ts.
 */
export function synthesizeEnvironments(configs: readonly EnvironmentConfig[], outdir: string, buildStacks: EnvironmentStackBuilder, options: SynthesizeOptions = {}): StackPolicyReport[] {
  const staging = `${outdir.replace(/[\\/]+$/, '')}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const { app, environments, proxies } = buildApp(configs, staging, buildStacks);
    if (options.requirePinnedEnvoyImage) refuseUnpinnedEnvoyImages(configs, proxies);
    app.synth();
    removeEnvoyBundleSources(staging);
    const reports = checkSynthesis(staging, environments, options.today ?? new Date());
    fs.writeFileSync(path.join(staging, POLICY_REPORT_FILE), renderPolicyReport(reports, reviewedNotSecrets(configs)));
    if (options.inputs) writeSynthRecord(staging, options.inputs, reports);
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

/**
 * Builds the construct tree of the environments; writes only the Envoy bundle
 * sources into `outdir` (removed by synthesizeEnvironments after app.synth()).
 */
export function buildApp(
  configs: readonly EnvironmentConfig[],
  outdir: string,
  buildStacks: EnvironmentStackBuilder,
  envoyInputs: EnvoyRenderInputs = readEnvoyInputs(),
): { app: App; environments: SynthesizedEnvironment[]; proxies: Readonly<Record<string, Readonly<Record<string, EnvoyProxyBundle>>>> } {
  const resolved = configs.map(resolveEnvironment);
  const proxies = renderEnvoy(resolved, envoyInputs);
  skipTokenCreationStacks();
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  const environments = resolved.map((environment) => {
    const { config } = environment;
    const envoy: EnvironmentEnvoy = { proxies: proxies[config.name], bundle: writeEnvoyBundle(outdir, proxies[config.name]) };
    const stacks = buildStacks(app, environment, envoy);
    return {
      config,
      production: environment.production,
      stacks: Object.fromEntries(Object.entries(stacks).map(([layer, stack]) => [layer, stack.node.id])),
      // Read from the construct tree once, for the checks after synth to point findings at the environment file.
      origins: Object.fromEntries(Object.values(stacks).map((stack) => [stack.node.id, configOrigins(stack)])),
    };
  });
  return { app, environments, proxies };
}

/** Every environment's guardrails.notSecrets entries, for the policy report. */
function reviewedNotSecrets(configs: readonly EnvironmentConfig[]): ReviewedNotSecret[] {
  return configs.flatMap((config) =>
    config.guardrails.notSecrets.map((entry, index) => ({ environment: config.name, key: entry.key, reason: entry.reason, origin: config.locate(['guardrails', 'notSecrets', index]) })),
  );
}
