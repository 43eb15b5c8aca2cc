import { z } from 'zod';
import type { EksConfig, EksNodeGroupConfig } from './eks-schema';
import type { NetworkConfig } from './network-schema';
import { parseCidr } from '../network/cidr';
import { resolveInstanceTypes } from '../eks/instance-catalog';
import { defaultMinInstanceTypes } from '../eks/node-group-types';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Cross-field rules of the eks section, reported at the offending key. */
export function checkEks(eks: EksConfig, network: NetworkConfig, ctx: Ctx): void {
  const networkZones = network.vpc?.availabilityZones ?? network.existingVpc?.availabilityZones ?? [];
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path: ['eks', ...path], message });

  checkEndpoint(eks, issue);

  const kubeProxyMinor = /^v(\d+\.\d+)\./.exec(eks.addons.kubeProxy.version)?.[1];
  if (kubeProxyMinor && kubeProxyMinor !== eks.version) {
    issue(
      ['addons', 'kubeProxy', 'version'],
      `expected a kube-proxy ${eks.version} build to match the cluster version ${eks.version}, got ${eks.addons.kubeProxy.version}`,
    );
  }

  const groups = Object.entries(eks.nodeGroups);
  if (groups.length === 0) {
    issue(['nodeGroups'], 'expected at least one node group');
    return;
  }
  for (const [key, group] of groups) checkNodeGroup(group, networkZones, (path, message) => issue(['nodeGroups', key, ...path], message));

  const systemCapable = groups.some(([, group]) => group.scaling.minSize >= 1 && !Object.values(group.taints).some((t) => t.effect !== 'PreferNoSchedule'));
  if (!systemCapable) {
    issue(
      ['nodeGroups'],
      'expected at least one node group with scaling.minSize >= 1 and no NoSchedule/NoExecute taint, for CoreDNS and the Cluster Autoscaler itself',
    );
  }
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
    const minimum = group.minInstanceTypes ?? defaultMinInstanceTypes(group.capacityType);
    const resolved = resolveInstanceTypes(
      group.instanceTypes ? { instanceTypes: group.instanceTypes } : { requirement: group.instanceRequirement! },
      minimum,
    );
    if (!resolved.ok) issue([group.instanceTypes ? 'instanceTypes' : 'instanceRequirement'], resolved.message);
  }

  for (const [kind, keys] of [['labels', Object.keys(group.labels)], ['taints', Object.keys(group.taints)]] as const) {
    for (const key of keys) {
      const problem = kubernetesKeyProblem(key);
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

/** Why a label or taint key is unusable on a managed node group, if it is. */
function kubernetesKeyProblem(key: string): string | undefined {
  if (!QUALIFIED_NAME.test(key)) return 'expected a Kubernetes label or taint key such as workload-class or example.com/team';
  if (RESERVED_PREFIX.test(key)) return 'the kubernetes.io, k8s.io and eks.amazonaws.com prefixes are reserved: kubelet refuses them and the node never joins';
  return undefined;
}
