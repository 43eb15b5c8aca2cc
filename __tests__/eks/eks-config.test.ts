import { testEnvironment } from '../helpers/environment-fixture';
import { eksEnvironment, eksProblems } from './eks-fixture';

describe('eks config section', () => {
  test('GIVEN the minimal section THEN defaults are resolved once', () => {
    const eks = eksEnvironment().eks!;
    expect(eks.supportType).toBe('STANDARD');
    expect(eks.endpoint).toEqual({ publicAccess: false, publicAccessCidrs: [], privateAccessCidrs: {} });
    expect(eks.addons.vpcCni.irsa).toBe(true);
    expect(eks.clusterAutoscaler).toEqual({ namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' });
    expect(eks.nodeGroups.system).toMatchObject({
      capacityType: 'ON_DEMAND',
      perAz: false,
      rootVolume: { sizeGiB: 50 },
      metadataHopLimit: 1,
      maxUnavailablePercentage: 33,
      taints: {},
      scaling: { minSize: 1, maxSize: 3, enforceDesiredSize: false },
    });
  });

  test('GIVEN no eks section THEN the environment is valid and has no cluster', () => {
    expect(testEnvironment().eks).toBeUndefined();
  });

  test('GIVEN a pool mixing m5.large and m5.xlarge THEN the error lists each type with its size', () => {
    expect(eksProblems({ nodeGroups: { spot: { instanceTypes: ['m5.large', 'm5.xlarge', 'm6i.large'] } } })).toEqual([
      expect.stringMatching(
        /^test\.yaml:\d+:\d+: eks\.nodeGroups\.spot\.instanceTypes: expected instance types of one size and architecture \(Cluster Autoscaler sizes a group from one type\), got m5\.large \(2 vCPU, 8 GiB, x86_64\), m5\.xlarge \(4 vCPU, 16 GiB, x86_64\), m6i\.large \(2 vCPU, 8 GiB, x86_64\)$/,
      ),
    ]);
  });

  test('GIVEN a pool mixing x86 and Graviton THEN the error lists each type with its architecture', () => {
    expect(eksProblems({ nodeGroups: { spot: { instanceTypes: ['m6i.large', 'm6a.large', 'm6g.large'] } } })).toEqual([
      expect.stringMatching(/eks\.nodeGroups\.spot\.instanceTypes: .*got m6i\.large \(2 vCPU, 8 GiB, x86_64\), m6a\.large \(2 vCPU, 8 GiB, x86_64\), m6g\.large \(2 vCPU, 8 GiB, arm64\)$/),
    ]);
  });

  test('GIVEN a requirement matching fewer types than a Spot pool needs THEN the error lists what was found', () => {
    const problems = eksProblems({
      nodeGroups: { spot: { instanceTypes: null, instanceRequirement: { vcpus: 4, memoryGiB: 16, architecture: 'arm64' } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /eks\.nodeGroups\.spot\.instanceRequirement: expected at least 3 instance types matching 4 vCPU, 16 GiB, arm64, found 2: m7g\.xlarge \(4 vCPU, 16 GiB, arm64\), m6g\.xlarge \(4 vCPU, 16 GiB, arm64\)$/,
      ),
    ]);
  });

  test('GIVEN the same requirement with minInstanceTypes 2 THEN it is accepted', () => {
    const config = eksEnvironment({
      nodeGroups: { spot: { instanceTypes: null, minInstanceTypes: 2, instanceRequirement: { vcpus: 4, memoryGiB: 16, architecture: 'arm64' } } },
    });
    expect(config.eks!.nodeGroups.spot.minInstanceTypes).toBe(2);
  });

  test.each([
    [
      'an unknown instance type',
      { nodeGroups: { spot: { instanceTypes: ['m6i.large', 'm6a.large', 'm5.lrage'] } } },
      /eks\.nodeGroups\.spot\.instanceTypes: unknown instance type m5\.lrage; add it to lib\/eks\/instance-types\.json first/,
    ],
    [
      'a Spot pool of two types',
      { nodeGroups: { spot: { instanceTypes: ['m6i.large', 'm6a.large'] } } },
      /eks\.nodeGroups\.spot\.instanceTypes: expected at least 3 instance types, got 2: m6i\.large \(2 vCPU, 8 GiB, x86_64\), m6a\.large/,
    ],
    [
      'both a list and a requirement',
      { nodeGroups: { spot: { instanceRequirement: { vcpus: 2, memoryGiB: 8, architecture: 'x86_64' } } } },
      /eks\.nodeGroups\.spot: expected exactly one of instanceTypes \(a list\) or instanceRequirement/,
    ],
    ['neither a list nor a requirement', { nodeGroups: { spot: { instanceTypes: null } } }, /eks\.nodeGroups\.spot: expected exactly one of instanceTypes/],
    ['minSize above maxSize', { nodeGroups: { spot: { scaling: { minSize: 6, maxSize: 5 } } } }, /eks\.nodeGroups\.spot\.scaling\.minSize: expected minSize <= maxSize \(5\), got 6/],
    [
      'desiredSize below minSize',
      { nodeGroups: { system: { scaling: { desiredSize: 0 } } } },
      /eks\.nodeGroups\.system\.scaling\.desiredSize: expected desiredSize between minSize \(1\) and maxSize \(3\), got 0/,
    ],
    [
      'desiredSize above maxSize',
      { nodeGroups: { system: { scaling: { desiredSize: 4 } } } },
      /eks\.nodeGroups\.system\.scaling\.desiredSize: expected desiredSize between minSize \(1\) and maxSize \(3\), got 4/,
    ],
    [
      'the public endpoint open to 0.0.0.0/0',
      { endpoint: { publicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } },
      /eks\.endpoint\.publicAccessCidrs\[0\]: 0\.0\.0\.0\/0 would open the Kubernetes API to the whole internet/,
    ],
    [
      'a public endpoint without CIDRs',
      { endpoint: { publicAccess: true } },
      /eks\.endpoint\.publicAccessCidrs: expected the networks allowed to reach the public endpoint, because endpoint\.publicAccess is true/,
    ],
    ['CIDRs for a public endpoint that is off', { endpoint: { publicAccessCidrs: ['203.0.113.0/24'] } }, /eks\.endpoint\.publicAccessCidrs: expected no CIDRs while endpoint\.publicAccess is false/],
    [
      'a node group in an AZ the network lacks',
      { nodeGroups: { spot: { availabilityZones: ['eu-west-1a', 'eu-west-1c'] } } },
      /eks\.nodeGroups\.spot\.availabilityZones\[1\]: expected one of the network's availability zones \(eu-west-1a, eu-west-1b\), got eu-west-1c/,
    ],
    [
      'a node group in one AZ without perAz',
      { nodeGroups: { spot: { availabilityZones: ['eu-west-1a'] } } },
      /eks\.nodeGroups\.spot\.availabilityZones: expected at least 2 availability zones \(or perAz: true for one group per zone\), got 1/,
    ],
    [
      'an AZ listed twice',
      { nodeGroups: { spot: { availabilityZones: ['eu-west-1a', 'eu-west-1a'] } } },
      /eks\.nodeGroups\.spot\.availabilityZones\[1\]: availability zone eu-west-1a is listed twice/,
    ],
    [
      'a kube-proxy build of another version',
      { addons: { kubeProxy: { version: 'v1.34.6-eksbuild.2' } } },
      /eks\.addons\.kubeProxy\.version: expected a kube-proxy 1\.35 build to match the cluster version 1\.35, got v1\.34\.6-eksbuild\.2/,
    ],
    ['an add-on version without a build', { addons: { coredns: { version: '1.12.4' } } }, /eks\.addons\.coredns\.version: expected an EKS add-on version such as v1\.20\.4-eksbuild\.1/],
    ['a Kubernetes version as a number', { version: 1.3 }, /eks\.version: expected a Kubernetes minor version in quotes/],
    [
      'only tainted or empty node groups',
      { nodeGroups: { system: { scaling: { minSize: 0 } } } },
      /eks\.nodeGroups: expected at least one node group with scaling\.minSize >= 1 and no NoSchedule\/NoExecute taint/,
    ],
    ['no node groups', { nodeGroups: { system: null, spot: null } }, /eks\.nodeGroups: expected at least one node group$/],
    [
      'a reserved label prefix',
      { nodeGroups: { spot: { labels: { 'node.kubernetes.io/pool': 'spot' } } } },
      /eks\.nodeGroups\.spot\.labels\.node\.kubernetes\.io\/pool: the kubernetes\.io, k8s\.io and eks\.amazonaws\.com prefixes are reserved/,
    ],
    ['an invalid label key', { nodeGroups: { spot: { labels: { 'team name': 'a' } } } }, /eks\.nodeGroups\.spot\.labels\.team name: expected a Kubernetes label or taint key/],
    ['an invalid label value', { nodeGroups: { spot: { labels: { team: 'a b' } } } }, /eks\.nodeGroups\.spot\.labels\.team: expected a Kubernetes label value/],
    [
      'an unknown taint effect',
      { nodeGroups: { spot: { taints: { spot: { effect: 'NO_SCHEDULE' } } } } },
      /eks\.nodeGroups\.spot\.taints\.spot\.effect: expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", got string "NO_SCHEDULE"/,
    ],
    ['a hop limit of 0', { nodeGroups: { spot: { metadataHopLimit: 0 } } }, /eks\.nodeGroups\.spot\.metadataHopLimit: expected 1 or 2$/],
    [
      'a hop limit of 3',
      { nodeGroups: { spot: { metadataHopLimit: 3 } } },
      /eks\.nodeGroups\.spot\.metadataHopLimit: expected 1 or 2: with more hops, containers behind another network hop could read the node role credentials/,
    ],
    ['an admin that is not a role ARN', { clusterAdmins: { someone: 'arn:aws:iam::123456789012:user/alice' } }, /eks\.clusterAdmins\.someone: expected an IAM role ARN/],
    ['an autoscaler service account with capitals', { clusterAutoscaler: { serviceAccount: 'Cluster_Autoscaler' } }, /eks\.clusterAutoscaler\.serviceAccount: expected a Kubernetes name/],
    ['a misspelt node group key', { nodeGroups: { spot: { capacity: 'SPOT' } } }, /eks\.nodeGroups\.spot\.capacity: unknown key "capacity"; expected one of: capacityType, instanceTypes/],
  ])('GIVEN %s THEN the error names the key and what was expected', (_, changes, message) => {
    const problems = eksProblems(changes as Record<string, any>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    for (const problem of problems) expect(problem).toMatch(/^test\.yaml:\d+:\d+: eks/);
  });
});
