import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PROVIDER_MIRROR_VARIABLE, resolvePluginCacheDir, run, terraformEnvironment } from './offline-plan';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';

export interface ProviderPreflightOptions {
  /** @default - the value of TERRAFORM_PROVIDER_MIRROR */
  readonly providerMirror?: string;
  /** @default - as planStacksOffline chooses it */
  readonly pluginCacheDir?: string | false;
  readonly terraformBinary?: string;
}

/**
 * Before the offline plans: one `terraform init` of a configuration that
 * requires exactly the AWS provider the stacks require, installed the way the
 * plans install it (the mirror, else the registry or whatever Terraform's CLI
 * configuration says). On a machine that cannot install it (no internet and
 * no mirror) every stack would fail its init with the same error; this says so
 * once, in one line, with what to do. Returns that line, or undefined when the
 * provider installs. With the provider at hand it takes about a second; an
 * unreachable registry fails at once (the name does not resolve).
 */
export async function providerPreflight(options: ProviderPreflightOptions = {}): Promise<string | undefined> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-preflight-'));
  try {
    const version = writeProviderOnlyConfig(work);
    const mirror = options.providerMirror ?? process.env[PROVIDER_MIRROR_VARIABLE];
    const pluginCacheDir = resolvePluginCacheDir(options.pluginCacheDir, mirror);
    if (pluginCacheDir) fs.mkdirSync(pluginCacheDir, { recursive: true });
    const env = terraformEnvironment(work, pluginCacheDir, mirror);
    try {
      await run(options.terraformBinary ?? 'terraform', ['init', '-backend=false', '-input=false', '-no-color'], path.join(work, 'stacks', 'preflight'), env);
      return undefined;
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      return preflightMessage(version, mirror, `${failure.stdout ?? ''}${failure.stderr ?? failure.message}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The one line for a failed preflight init: Terraform's error heading and where the provider can come from. */
export function preflightMessage(version: string, mirror: string | undefined, output: string): string {
  const reason = /^Error: (.+)$/m.exec(output)?.[1]?.trim() ?? output.trim().split('\n')[0];
  const layout = `registry.terraform.io/hashicorp/aws/${version}/<os>_<arch>/`;
  const where = mirror
    ? `from ${PROVIDER_MIRROR_VARIABLE}=${mirror} (${reason}): that folder must hold ${layout}`
    : `from the Terraform registry (${reason}): set ${PROVIDER_MIRROR_VARIABLE} to a filesystem mirror folder holding ${layout}, or give Terraform a provider_installation block in its CLI configuration (~/.terraformrc or TF_CLI_CONFIG_FILE)`;
  return `terraform init cannot install the AWS provider ${version} ${where}; the offline plans need it (README, "Offline plans and the provider mirror")`;
}

/** Synthesizes a stack with nothing but the AWS provider into `dir`; returns the provider version it requires. */
function writeProviderOnlyConfig(dir: string): string {
  const app = new App({ outdir: dir, stackTraces: false });
  const stack = new TerraformStack(app, 'preflight');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  app.synth();
  const synthesized = SynthesizedStack.parse(fs.readFileSync(path.join(dir, 'stacks', 'preflight', 'cdk.tf.json'), 'utf8'));
  return synthesized.terraform.required_providers.aws.version as string;
}
