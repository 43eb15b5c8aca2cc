import { RefusalError } from '../core/refusal-error';

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
    throw new RefusalError(
      'HCL output (cdktf synth --hcl, SYNTH_HCL_OUTPUT) is not supported: the policy pack and secret scan check the JSON output; run cdktf synth without --hcl',
    );
  }
}
