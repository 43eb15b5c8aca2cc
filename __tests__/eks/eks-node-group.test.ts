import { App, TerraformStack } from 'cdktf';
import { EksNodeGroup, type EksNodeGroupProps } from '../../lib/eks/eks-node-group';
import { TerraformJson } from '../helpers/terraform-json';
import { standaloneNodeGroupProps, synthEks } from './eks-fixture';
import { UserError } from '../../lib/util/user-error';

const THREE_ZONES = { network: { vpc: { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } } };

/** The autoscaling group tags of one node group, as key → value, after checking each targets that group's ASG. */
function asgTags(platform: TerraformJson, groupPath: string): Record<string, string> {
  const nodeGroup = platform.resource('aws_eks_node_group', `${groupPath}/node-group`);
  const tags = platform.resources('aws_autoscaling_group_tag').filter((tag) => tag.path.startsWith(`${groupPath}/`));
  for (const tag of tags) {
    expect(tag.values.autoscaling_group_name).toBe(TerraformJson.ref(nodeGroup, 'resources[0].autoscaling_groups[0].name'));
    expect(tag.values.tag.propagate_at_launch).toBe(false);
  }
  return Object.fromEntries(tags.map((tag) => [tag.values.tag.key, tag.values.tag.value]));
}

describe('EksNodeGroup', () => {
  const platform = synthEks({}, THREE_ZONES);
  const spot = platform.resource('aws_eks_node_group', 'eks/spot/node-group');
  const system = platform.resource('aws_eks_node_group', 'eks/system/node-group');

  test.each([
    ['spot', 'SPOT', ['m5.large', 'm6i.large', 'm6a.large']],
    ['system', 'ON_DEMAND', ['m6i.large']],
  ])('the %s group has capacity type %s and its instance types', (key, capacityType, instanceTypes) => {
    const group = platform.resource('aws_eks_node_group', `eks/${key}/node-group`);
    expect(group.values).toMatchObject({ capacity_type: capacityType, instance_types: instanceTypes, ami_type: 'AL2023_x86_64_STANDARD' });
  });

  test('a group spans the private subnets of every AZ by default', () => {
    expect(spot.values.subnet_ids.map((ref: string) => platform.follow(ref).entry.path)).toEqual(['network/private-eu-west-1a', 'network/private-eu-west-1b', 'network/private-eu-west-1c']);
  });

  test('it is wired to the cluster, its version, the node role and its own launch template version', () => {
    const cluster = platform.only('aws_eks_cluster');
    const template = platform.resource('aws_launch_template', 'eks/spot/launch-template');
    expect(spot.values).toMatchObject({
      cluster_name: TerraformJson.ref(cluster, 'name'),
      version: TerraformJson.ref(cluster, 'version'),
      node_role_arn: TerraformJson.ref(platform.resource('aws_iam_role', 'eks/node-role/role'), 'arn'),
      launch_template: { id: TerraformJson.ref(template, 'id'), version: TerraformJson.ref(template, 'latest_version') },
    });
  });

  test('the autoscaler owns the desired size, and replacements come up before the old group goes', () => {
    for (const group of [spot, system]) {
      expect(group.values.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['scaling_config[0].desired_size'] });
      expect(group.values.node_group_name).toBeUndefined();
    }
    expect(spot.values.node_group_name_prefix).toBe('acme-test-spot-');
    expect(spot.values.scaling_config).toEqual({ min_size: 0, max_size: 5, desired_size: 0 });
    expect(spot.values.update_config).toEqual({ max_unavailable_percentage: 33 });
  });

  test('labels and the Spot taint are set on the nodes', () => {
    expect(spot.values.labels).toEqual({ 'workload-class': 'general' });
    expect(spot.values.taint).toEqual([{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }]);
    expect(system.values.taint).toEqual([]);
  });

  test('the launch template requires IMDSv2 with hop limit 1 and an encrypted gp3 root volume, and gives no public IP', () => {
    const template = platform.resource('aws_launch_template', 'eks/spot/launch-template');
    expect(template.values.metadata_options).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
      instance_metadata_tags: 'disabled',
    });
    expect(template.values.block_device_mappings).toEqual([{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }]);
    expect(template.values.network_interfaces).toEqual([
      {
        device_index: 0,
        associate_public_ip_address: 'false',
        delete_on_termination: 'true',
        security_groups: [TerraformJson.ref(platform.only('aws_eks_cluster'), 'vpc_config[0].cluster_security_group_id')],
      },
    ]);
    expect(template.values.update_default_version).toBe(true);
    expect(template.values.name_prefix).toBe('acme-test-spot-');
  });

  test('instances, volumes and network interfaces are tagged like the rest of the environment', () => {
    const template = platform.resource('aws_launch_template', 'eks/system/launch-template');
    expect(template.values.tag_specifications.map((spec: { resource_type: string }) => spec.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    for (const spec of template.values.tag_specifications) {
      expect(spec.tags).toEqual({ Name: 'acme-test-system', environment: 'test', project: 'acme', 'managed-by': 'cdktf', repository: 'aws-platform-cdktf' });
    }
  });

  test('GIVEN hop limit, volume size, key and unavailability settings THEN the template and group use them', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const tuned = synthEks({
      nodeVolumeKmsKeyArn: keyArn,
      nodeGroups: { spot: { metadataHopLimit: 2, rootVolume: { sizeGiB: 100 }, maxUnavailablePercentage: 10 } },
    });
    const template = tuned.resource('aws_launch_template', 'eks/spot/launch-template');
    expect(template.values.metadata_options.http_put_response_hop_limit).toBe(2);
    expect(template.values.block_device_mappings[0].ebs).toMatchObject({ volume_size: 100, kms_key_id: keyArn, encrypted: 'true' });
    expect(tuned.resource('aws_eks_node_group', 'eks/spot/node-group').values.update_config).toEqual({ max_unavailable_percentage: 10 });
  });

  test('the Auto Scaling group gets the auto-discovery and node-template tags Cluster Autoscaler needs to scale from zero', () => {
    const clusterName = TerraformJson.ref(platform.only('aws_eks_cluster'), 'name');
    expect(asgTags(platform, 'eks/spot')).toEqual({
      'k8s.io/cluster-autoscaler/enabled': 'true',
      [`k8s.io/cluster-autoscaler/${clusterName}`]: 'owned',
      'k8s.io/cluster-autoscaler/node-template/label/eks.amazonaws.com/capacityType': 'SPOT',
      'k8s.io/cluster-autoscaler/node-template/label/workload-class': 'general',
      'k8s.io/cluster-autoscaler/node-template/taint/spot': 'true:NoSchedule',
    });
  });

  test('GIVEN ephemeralStorageGiB THEN the ephemeral-storage resource tag is added', () => {
    const tagged = synthEks({ nodeGroups: { spot: { ephemeralStorageGiB: 40 } } });
    expect(asgTags(tagged, 'eks/spot')['k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage']).toBe('40Gi');
    expect(asgTags(platform, 'eks/spot')['k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage']).toBeUndefined();
  });

  test('GIVEN an arm64 requirement THEN the Graviton types of that size and the ARM AMI are used', () => {
    const graviton = synthEks({
      nodeGroups: { spot: { instanceTypes: null, minInstanceTypes: 2, instanceRequirement: { vcpus: 8, memoryGiB: 16, architecture: 'arm64' } } },
    });
    expect(graviton.resource('aws_eks_node_group', 'eks/spot/node-group').values).toMatchObject({
      instance_types: ['c7g.2xlarge', 'c6g.2xlarge'],
      ami_type: 'AL2023_ARM_64_STANDARD',
    });
  });

  test('GIVEN a requirement THEN every matching catalog type is used, newest generation first', () => {
    const derived = synthEks({ nodeGroups: { spot: { instanceTypes: null, instanceRequirement: { vcpus: 4, memoryGiB: 32, architecture: 'x86_64' } } } });
    expect(derived.resource('aws_eks_node_group', 'eks/spot/node-group').values.instance_types).toEqual(['r7i.xlarge', 'r6a.xlarge', 'r6i.xlarge', 'r5.xlarge']);
  });
});

describe('per-AZ node groups', () => {
  const platform = synthEks({ nodeGroups: { spot: { perAz: true } } }, THREE_ZONES);

  test('GIVEN perAz THEN one group per AZ, keyed <group>-<az>, each in that AZ only, with the same settings', () => {
    const groups = platform.resources('aws_eks_node_group').filter((g) => g.path.startsWith('eks/spot-'));
    expect(groups.map((g) => g.path)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].map((zone) => `eks/spot-${zone}/node-group`));
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      const group = platform.resource('aws_eks_node_group', `eks/spot-${zone}/node-group`);
      expect(group.values.subnet_ids.map((ref: string) => platform.follow(ref).entry.path)).toEqual([`network/private-${zone}`]);
      expect(group.values).toMatchObject({ capacity_type: 'SPOT', node_group_name_prefix: `acme-test-spot-${zone}-`, scaling_config: { min_size: 0, max_size: 5 } });
      expect(asgTags(platform, `eks/spot-${zone}`)['k8s.io/cluster-autoscaler/enabled']).toBe('true');
    }
    expect(platform.resource('aws_eks_node_group', 'eks/system/node-group').values.subnet_ids).toHaveLength(3);
  });

  test('GIVEN perAz with a subset of AZs THEN only those get a group', () => {
    const subset = synthEks({ nodeGroups: { spot: { perAz: true, availabilityZones: ['eu-west-1b'] } } }, THREE_ZONES);
    expect(
      subset
        .resources('aws_eks_node_group')
        .map((g) => g.path)
        .sort(),
    ).toEqual(['eks/spot-eu-west-1b/node-group', 'eks/system/node-group']);
  });
});

describe('raising minSize above the current desired size', () => {
  test('GIVEN enforceDesiredSize THEN Terraform manages the desired size for that apply, still create-before-destroy', () => {
    const enforced = synthEks({ nodeGroups: { system: { scaling: { minSize: 3, maxSize: 6, desiredSize: 3, enforceDesiredSize: true } } } });
    const group = enforced.resource('aws_eks_node_group', 'eks/system/node-group');
    expect(group.values.scaling_config).toEqual({ min_size: 3, max_size: 6, desired_size: 3 });
    expect(group.values.lifecycle).toEqual({ create_before_destroy: true });
    const other = enforced.resource('aws_eks_node_group', 'eks/spot/node-group');
    expect(other.values.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
  });

  test('GIVEN no desiredSize THEN the group starts at minSize', () => {
    const group = synthEks({ nodeGroups: { system: { scaling: { minSize: 2, maxSize: 6 } } } }).resource('aws_eks_node_group', 'eks/system/node-group');
    expect(group.values.scaling_config.desired_size).toBe(2);
  });
});

describe('EksNodeGroup props checks (for use outside the environment config)', () => {
  const build = (changes: Partial<EksNodeGroupProps>) => new EksNodeGroup(new TerraformStack(new App(), 'stack'), 'pool', { ...standaloneNodeGroupProps(), ...changes });

  test.each([
    [
      'm5.large with m5.xlarge',
      { instances: { instanceTypes: ['m5.large', 'm5.xlarge', 'm6i.large'] } },
      /^EksNodeGroup pool: expected instance types of one size .*m5\.xlarge \(4 vCPU, 16 GiB, x86_64\)/,
    ],
    ['too few Spot types', { instances: { instanceTypes: ['m6i.large'] } }, /^EksNodeGroup pool: expected at least 3 instance types, got 1/],
    ['min above max', { scaling: { minSize: 4, maxSize: 3 } }, /^EksNodeGroup pool: minSize 4 is above maxSize 3$/],
    ['desired outside the range', { scaling: { minSize: 1, maxSize: 3, desiredSize: 5 } }, /^EksNodeGroup pool: desiredSize 5 is outside \[1, 3\]$/],
    ['no subnets', { subnetIds: [] }, /^EksNodeGroup pool: subnetIds is empty$/],
    ['a hop limit of 3', { metadataHopLimit: 3 }, /^EksNodeGroup pool: metadataHopLimit 3 is not 1 or 2$/],
  ] as [string, Partial<EksNodeGroupProps>, RegExp][])('GIVEN %s THEN construction fails with UserError', (_, changes, message) => {
    expect(() => build(changes)).toThrow(UserError);
    expect(() => build(changes)).toThrow(message);
  });

  test('GIVEN valid props THEN the resolved instance types are exposed', () => {
    expect(build({}).instanceTypes.map((type: { name: string }) => type.name)).toEqual(['m6i.large', 'm6a.large', 'm7i.large']);
  });
});
