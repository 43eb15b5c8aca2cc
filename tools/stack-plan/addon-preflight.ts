import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import type { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { capture, formatCommand, type Command, type RunOptions } from '../process/run-command';
import { UserError } from '../../lib/util/user-error';

/**
 * The EKS add-on builds a stack pins, checked against the builds EKS lists for the cluster's Kubernetes version
 * before anything is applied. A build EKS does not list fails `CreateAddon` (InvalidParameterException) only after
 * the cluster was created, some 15 minutes into the apply, and the node groups that wait for the add-ons are never
 * created (https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeAddonVersions.html).
 */

/** The cluster's Kubernetes version and its add-ons as the synthesized platform stack pins them. */
export interface SynthesizedAddons {
  readonly kubernetesVersion: string;
  readonly addons: readonly { readonly name: string; readonly version: string }[];
}

/** What the platform stack pins; undefined without a cluster or without pinned add-ons. */
export function synthesizedAddons(platform: SynthesizedStack): SynthesizedAddons | undefined {
  const clusters = platform.resources(EksCluster.tfResourceType);
  const addons = platform
    .resources(EksAddon.tfResourceType)
    .filter(({ values }) => typeof values.addon_version === 'string')
    .map(({ values }) => ({ name: values.addon_name as string, version: values.addon_version as string }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const version = clusters[0]?.values.version;
  return clusters.length === 1 && typeof version === 'string' && addons.length > 0 ? { kubernetesVersion: version, addons } : undefined;
}

/** The builds EKS lists for one add-on and Kubernetes version (read only). */
export function addonVersionsCommand(region: string, kubernetesVersion: string, addonName: string): Command {
  return {
    program: 'aws',
    args: [
      'eks',
      'describe-addon-versions',
      '--region',
      region,
      '--kubernetes-version',
      kubernetesVersion,
      '--addon-name',
      addonName,
      '--query',
      'addons[].addonVersions[].addonVersion',
      '--output',
      'json',
    ],
  };
}

/** One line per pinned build EKS does not list, naming the builds it does; empty when every build is listed. */
export function addonProblems(environment: string, region: string, pinned: SynthesizedAddons, options: RunOptions): string[] {
  const problems: string[] = [];
  for (const addon of pinned.addons) {
    const command = addonVersionsCommand(region, pinned.kubernetesVersion, addon.name);
    const output = capture(command, options);
    let listed: string[];
    try {
      listed = JSON.parse(output) as string[];
      if (!Array.isArray(listed)) throw new Error('not a list');
    } catch {
      throw new UserError(`${formatCommand(command)}: expected a JSON list of builds, got ${JSON.stringify(output.slice(0, 200))}`);
    }
    if (listed.includes(addon.version)) continue;
    problems.push(
      `environments/${environment}.yaml eks.addons: ${addon.name} ${addon.version} is not a build EKS lists for Kubernetes ${pinned.kubernetesVersion} in ${region}; ` +
        (listed.length > 0 ? `it lists: ${listed.join(', ')}` : `it lists none (is ${addon.name} available for ${pinned.kubernetesVersion}?)`),
    );
  }
  return problems;
}

/** `npm run deploy`'s step: refuses before the bootstrap, one line per add-on build EKS does not list. */
export function checkAddons(environment: string, region: string, pinned: SynthesizedAddons, options: RunOptions, log: (line: string) => void): void {
  const problems = addonProblems(environment, region, pinned, options);
  if (problems.length > 0) {
    throw new UserError([`nothing applied: the cluster would be created, then CreateAddon would fail and the node groups never come up:`, ...problems].join('\n'));
  }
  for (const addon of pinned.addons) log(`    ${addon.name} ${addon.version}: listed for Kubernetes ${pinned.kubernetesVersion}`);
}
