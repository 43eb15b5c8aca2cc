import { checkRenamedFrom } from './renamed-from-checks';
import { z } from 'zod';
import type { EksConfig, EksNodeGroupConfig } from './eks-schema';
import type { NetworkConfig } from './network-schema';
import { parseCidr, type Ipv4Block } from '../network/cidr';
import { resolveInstanceTypes } from '../eks/instance-catalog';
import { minInstanceTypesOf } from './derived-values';
import { NODE_TEMPLATE_TAG_PREFIX } from '../eks/node-group-types';
import { describeStandardVersions, EKS_VERSION_CATALOG, extendedSupportCost, findEksVersion, knownEksVersions, SUPPORT_WARNING_DAYS, supportStatus } from '../eks/eks-versions';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Cross-field rules of the eks section, reported at the offending key. */
export function checkEks(eks: EksConfig, network: NetworkConfig, ctx: Ctx): void {
  const networkZones = network.vpc?.availabilityZones ?? network.existingVpc?.availabilityZones ?? [];
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path: ['eks', ...path], message });

  checkEndpoint(eks, issue);

  if (!findEksVersion(eks.version)) {
    issue(
      ['version'],
      `expected a Kubernetes version of the EKS catalog (lib/eks/eks-versions.json, checked ${EKS_VERSION_CATALOG.checkedOn}): ${knownEksVersions().join(', ')}; got ${eks.version}. A newer version needs its release calendar dates there first (docs/eks.md, "Version policy")`,
    );
  }

  // EKS publishes kube-proxy add-on builds per Kubernetes minor, and kube-proxy
  // may not be newer than the control plane nor older than the kubelet of the
  // nodes, which follow the cluster version here
  // (https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html).
  // CoreDNS, the VPC CNI and the Pod Identity agent are not checked: AWS
  // documents only the latest build per version, not a minimum, so the only
  // proof is `aws eks describe-addon-versions --kubernetes-version <version>`.
  const kubeProxyMinor = /^v(\d+\.\d+)\./.exec(eks.addons.kubeProxy.version)?.[1];
  if (kubeProxyMinor && kubeProxyMinor !== eks.version) {
    issue(['addons', 'kubeProxy', 'version'], `expected a kube-proxy ${eks.version} build to match the cluster version ${eks.version}, got ${eks.addons.kubeProxy.version}`);
  }

  const groups = Object.entries(eks.nodeGroups);
  if (groups.length === 0) {
    issue(['nodeGroups'], 'expected at least one node group');
    return;
  }
  checkRenamedFrom(eks.nodeGroups, ['eks', 'nodeGroups'], ctx);
  for (const [key, group] of groups) checkNodeGroup(group, networkZones, (path, message) => issue(['nodeGroups', key, ...path], message));

  const systemCapable = groups.some(([, group]) => group.scaling.minSize >= 1 && !Object.values(group.taints).some((t) => t.effect !== 'PreferNoSchedule'));
  if (!systemCapable) {
    issue(['nodeGroups'], 'expected at least one node group with scaling.minSize >= 1 and no NoSchedule/NoExecute taint, for CoreDNS and the Cluster Autoscaler itself');
  }
}

/** A finding of the support-window check: errors stop synth, warnings are printed. */
export interface EksSupportFinding {
  readonly level: 'error' | 'warning';
  /** From the document root, e.g. `['eks', 'version']`. */
  readonly path: Path;
  readonly message: string;
}

/**
 * Where the cluster's Kubernetes version stands on `today` in the EKS release
 * calendar (lib/eks/eks-versions.json). Depends on the clock, so it runs
 * beside the schema rather than in it, with the day passed in:
 * - within SUPPORT_WARNING_DAYS of the end of the phase the cluster is in: a warning;
 * - past the end of standard support: an error with supportType STANDARD
 *   (EKS upgrades such clusters on its own, away from the config), a warning
 *   naming the price with supportType EXTENDED;
 * - past the end of extended support: an error.
 * A version missing from the catalog is reported by checkEks.
 */
export function checkEksSupport(eks: Pick<EksConfig, 'version' | 'supportType'>, today: Date): EksSupportFinding[] {
  const version = findEksVersion(eks.version);
  if (!version) return [];
  const at = (level: EksSupportFinding['level'], message: string): EksSupportFinding[] => [{ level, path: ['eks', 'version'], message }];
  const status = supportStatus(version, today);
  const standard = describeStandardVersions(today);

  if (status.phase === 'unsupported') {
    return at(
      'error',
      `expected a version in standard support (${standard}), got ${eks.version}, whose extended support ended on ${status.endedOn}: EKS upgrades such control planes on its own schedule`,
    );
  }
  if (status.phase === 'extended') {
    if (eks.supportType !== 'EXTENDED') {
      return at(
        'error',
        `expected a version in standard support (${standard}), got ${eks.version}, whose standard support ended on ${version.endOfStandardSupport}: with supportType STANDARD, EKS upgrades the control plane on its own. Upgrade, or set eks.supportType: EXTENDED to keep ${eks.version} until ${version.endOfExtendedSupport} at ${extendedSupportCost()}`,
      );
    }
    const ending = status.daysLeft <= SUPPORT_WARNING_DAYS ? `; extended support ends on ${status.endsOn} (in ${status.daysLeft} days), then EKS upgrades the control plane on its own` : '';
    return at(
      'warning',
      `${eks.version} is in extended support since ${version.endOfStandardSupport} (supportType EXTENDED): the control plane costs ${extendedSupportCost()}; upgrade to one of ${standard}${ending}`,
    );
  }
  if (status.daysLeft > SUPPORT_WARNING_DAYS) return [];
  const after =
    eks.supportType === 'EXTENDED'
      ? `then the cluster stays on ${eks.version} in extended support (supportType EXTENDED) at ${extendedSupportCost()}`
      : `then EKS upgrades the control plane on its own (supportType STANDARD), or, with supportType EXTENDED, keeps it at ${extendedSupportCost()}`;
  return at('warning', `standard support for ${eks.version} ends on ${status.endsOn} (in ${status.daysLeft} days); ${after}. Plan the upgrade (in standard support: ${standard})`);
}

function checkEndpoint(eks: EksConfig, issue: (path: Path, message: string) => void): void {
  const { publicAccess, publicAccessCidrs } = eks.endpoint;
  if (publicAccess && publicAccessCidrs.length === 0) {
    issue(['endpoint', 'publicAccessCidrs'], 'expected the networks allowed to reach the public endpoint, because endpoint.publicAccess is true (none would mean 0.0.0.0/0)');
  }
  if (!publicAccess && publicAccessCidrs.length > 0) {
    issue(['endpoint', 'publicAccessCidrs'], 'expected no CIDRs while endpoint.publicAccess is false; set publicAccess: true to use them');
  }
  publicAccessCidrs.forEach((cidr, index) => {
    const block = parseCidr(cidr);
    if (typeof block !== 'string' && block.prefixLength === 0) {
      issue(['endpoint', 'publicAccessCidrs', index], `${cidr} would open the Kubernetes API to the whole internet; list the networks that need it`);
    }
  });
  const blocks = publicAccessCidrs.map(parseCidr).filter((block): block is Ipv4Block => typeof block !== 'string');
  if (blocks.some((block) => block.prefixLength === 0)) return;
  // Several large blocks open the API as surely as one 0.0.0.0/0 (0.0.0.0/1 + 128.0.0.0/1): judge their union.
  const covered = unionSize(blocks);
  if (covered > MAX_PUBLIC_ENDPOINT_ADDRESSES) {
    const share = ((covered / 2 ** 32) * 100).toFixed(covered === 2 ** 32 ? 0 : 2);
    issue(['endpoint', 'publicAccessCidrs'], `together these blocks open the Kubernetes API to ${covered} addresses (${share}% of IPv4), more than a /8; list the networks that need it`);
  }
}

/** More addresses than one /8 on the public endpoint is treated as opening it to the internet. */
export const MAX_PUBLIC_ENDPOINT_ADDRESSES = 2 ** 24;

/** Addresses covered by the union of `blocks` (overlaps counted once), in O(n log n). */
export function unionSize(blocks: readonly Ipv4Block[]): number {
  const ranges = blocks.map((b) => [b.network, b.network + 2 ** (32 - b.prefixLength)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -1;
  for (const [start, stop] of ranges) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

function checkNodeGroup(group: EksNodeGroupConfig, networkZones: readonly string[], issue: (path: Path, message: string) => void): void {
  const { minSize, maxSize, desiredSize } = group.scaling;
  if (minSize > maxSize) issue(['scaling', 'minSize'], `expected minSize <= maxSize (${maxSize}), got ${minSize}`);
  if (desiredSize !== undefined && (desiredSize < minSize || desiredSize > maxSize)) {
    issue(['scaling', 'desiredSize'], `expected desiredSize between minSize (${minSize}) and maxSize (${maxSize}), got ${desiredSize}`);
  }

  if (!group.instanceTypes === !group.instanceRequirement) {
    issue([], 'expected exactly one of instanceTypes (a list) or instanceRequirement (derived from the catalog)');
  } else {
    const minimum = minInstanceTypesOf(group);
    const resolved = resolveInstanceTypes(group.instanceTypes ? { instanceTypes: group.instanceTypes } : { requirement: group.instanceRequirement! }, minimum);
    if (!resolved.ok) issue([group.instanceTypes ? 'instanceTypes' : 'instanceRequirement'], resolved.message);
  }

  for (const [kind, keys] of [
    ['labels', Object.keys(group.labels)],
    ['taints', Object.keys(group.taints)],
  ] as const) {
    for (const key of keys) {
      const problem = kubernetesKeyProblem(key) ?? autoscalingTagKeyProblem(kind, key);
      if (problem) issue([kind, key], problem);
    }
  }

  const zones = group.availabilityZones ?? networkZones;
  const seen = new Set<string>();
  (group.availabilityZones ?? []).forEach((zone, index) => {
    if (!networkZones.includes(zone)) {
      issue(['availabilityZones', index], `expected one of the network's availability zones (${networkZones.join(', ')}), got ${zone}`);
    }
    if (seen.has(zone)) issue(['availabilityZones', index], `availability zone ${zone} is listed twice`);
    seen.add(zone);
  });
  if (!group.perAz && zones.length < 2) {
    issue(['availabilityZones'], `expected at least 2 availability zones (or perAz: true for one group per zone), got ${zones.length}`);
  }
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const RESERVED_PREFIX = /^([a-z0-9.-]+\.)?(kubernetes\.io|k8s\.io|eks\.amazonaws\.com)\//;

/** Tag keys allow 128 characters (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Tag.html). */
const MAX_TAG_KEY_LENGTH = 128;

/** Why the Auto Scaling group tag a label or taint key becomes (NODE_TEMPLATE_TAG_PREFIX) is too long, if it is. */
function autoscalingTagKeyProblem(kind: keyof typeof NODE_TEMPLATE_TAG_PREFIX, key: string): string | undefined {
  const tagKey = `${NODE_TEMPLATE_TAG_PREFIX[kind]}${key}`;
  if (tagKey.length <= MAX_TAG_KEY_LENGTH) return undefined;
  return (
    `the Auto Scaling group tag that tells Cluster Autoscaler about it, ${NODE_TEMPLATE_TAG_PREFIX[kind]}<key>, would be ${tagKey.length} characters and tag keys allow ${MAX_TAG_KEY_LENGTH}; ` +
    `expected a key of at most ${MAX_TAG_KEY_LENGTH - NODE_TEMPLATE_TAG_PREFIX[kind].length} characters`
  );
}

/** Why a label or taint key is unusable on a managed node group, if it is. */
function kubernetesKeyProblem(key: string): string | undefined {
  if (!QUALIFIED_NAME.test(key)) return 'expected a Kubernetes label or taint key such as workload-class or example.com/team';
  if (RESERVED_PREFIX.test(key)) return 'the kubernetes.io, k8s.io and eks.amazonaws.com prefixes are reserved: kubelet refuses them and the node never joins';
  return undefined;
}
