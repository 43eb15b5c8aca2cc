import { ENVIRONMENTS_VARIABLE } from '../config/environments';
import type { EnvironmentConfig } from '../config/environment-schema';
import { parseImageReference } from '../ecs/image-reference';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import { UserError } from '../util/user-error';
import { configError } from '../config/config-error';

/** How the cdktf CLI runs this app, read from the environment it passes (@cdktf/cli-core's synth-stack.js, cdktf 0.21). */
export interface CdktfCliRun {
  /**
   * The app runs under `cdktf synth`/`diff`/`deploy`. The CLI lists the stack
   * folders before it starts the app and afterwards removes those the new
   * manifest lacks, with `fs.rmSync` that fails on a folder already gone.
   */
  readonly byCli: boolean;
  /** `cdktf synth --hcl`: cdktf would write HCL (cdk.tf) instead of JSON. */
  readonly hcl: boolean;
}

export function readCdktfCliRun(env: NodeJS.ProcessEnv): CdktfCliRun {
  return {
    // Set by the CLI only ("we want to display the errors ourselves"), never by a person.
    byCli: env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined,
    // What cdktf's App and TerraformStack read to choose HCL output.
    hcl: env.SYNTH_HCL_OUTPUT === 'true' || env.SYNTH_HCL_OUTPUT === '1',
  };
}

/**
 * HCL output is refused rather than half supported: the policy pack, the
 * secret scan, the review diff and the offline plans all read the JSON
 * (cdk.tf.json) that synth writes; Terraform reads that JSON as it reads HCL.
 */
export function refuseHclOutput(run: CdktfCliRun): void {
  if (run.hcl) {
    throw new UserError('HCL output (cdktf synth --hcl, SYNTH_HCL_OUTPUT) is not supported: the policy pack and secret scan check the JSON output; run cdktf synth without --hcl');
  }
}

/**
 * Under the cdktf CLI every environment whose services run an Envoy sidecar
 * must pin the image's digest in its file (`envoy.image: …:<tag>@sha256:…`).
 * Without a pin the platform stack declares the Terraform variable
 * envoy_image_digest (lib/ecs/envoy-image.ts), which `cdktf diff` and
 * `cdktf deploy` have no value for: Terraform would stop only at the plan,
 * after `init`, with "No value for required variable". The app cannot see
 * whether one is coming (cdktf removes every TF_VAR_ from the synth's
 * environment, @cdktf/cli-core synth-stack.js) nor which command runs it
 * (synth, diff and deploy start it alike), so it refuses every CLI run, before
 * Terraform starts, at the file's `envoy.image`, naming the command that
 * writes the pin, and, when other environments do pin it (a team that deployed
 * dev but not prod yet), the `ENVIRONMENTS=<those> cdktf …` that leaves the
 * unpinned ones out. `npm run synth` is no CLI run: the deploy synthesizes the
 * unpinned stack and passes the digest it reads itself.
 */
export function refuseUnpinnedEnvoyImages(configs: readonly EnvironmentConfig[], proxies: Readonly<Record<string, Readonly<Record<string, EnvoyProxyBundle>>>>): void {
  const unpinnedOf = (config: EnvironmentConfig) => [...new Set(Object.values(proxies[config.name] ?? {}).map((bundle) => bundle.image))].filter((image) => !pinnedDigest(image));
  // The CLI synthesizes every environment: one unpinned (not deployed yet) blocks the others, so name the way to leave it out.
  const ready = configs.filter((config) => unpinnedOf(config).length === 0).map((config) => config.name);
  const wayOut =
    ready.length > 0 ? `; or leave the environments without a digest out: ${ENVIRONMENTS_VARIABLE}=${ready.join(',')} cdktf diff ${ready[0]}-platform (the same for cdktf synth and deploy)` : '';
  const problems = configs.flatMap((config) =>
    unpinnedOf(config).map((image) =>
      config.problemAt(
        ['envoy', 'image'],
        `expected a digest (${image}@sha256:…) for cdktf synth, diff and deploy, got ${image}: Terraform would stop for want of envoy_image_digest; ` +
          `run npm run deploy -- ${config.name} once, which writes the digest here (npm run synth needs none)${wayOut}`,
      ),
    ),
  );
  if (problems.length > 0) throw configError(problems);
}

function pinnedDigest(image: string): string | undefined {
  const reference = parseImageReference(image);
  return typeof reference === 'string' ? undefined : reference.digest;
}
