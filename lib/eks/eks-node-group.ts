import { Construct } from 'constructs';
import { Token, type ITerraformDependable } from 'cdktf';
import { AutoscalingGroupTagA as AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup as EksNodeGroupResource } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { boundedName } from '../construct-support/naming';
import { resolveInstanceTypes, type CpuArchitecture, type InstanceSelection, type InstanceType } from './instance-catalog';
import { EKS_TAINT_EFFECT, NODE_TEMPLATE_TAG_PREFIX, type CapacityType, type NodeTaint } from './node-group-types';
import { invalidProps } from '../util/user-error';

/** AMI type per architecture: Amazon Linux 2023, the EKS default since Kubernetes 1.30. */
export const AMI_TYPE: Record<CpuArchitecture, string> = {
  x86_64: 'AL2023_x86_64_STANDARD',
  arm64: 'AL2023_ARM_64_STANDARD',
};

/** Where the desired size lives in the node group; ignored so Terraform and Cluster Autoscaler do not fight over it. */
export const DESIRED_SIZE_ATTRIBUTE = 'scaling_config[0].desired_size';

/**
 * Terraform appends a 26-character unique suffix to `node_group_name_prefix`,
 * and node group names are limited to 63 characters.
 */
const NODE_GROUP_NAME_PREFIX_MAX = 63 - 26;

/** The root device of the Amazon Linux 2023 EKS AMIs. */
const ROOT_DEVICE_NAME = '/dev/xvda';

export interface NodeGroupScaling {
  readonly minSize: number;
  readonly maxSize: number;
  /** Size when the group is created; afterwards Cluster Autoscaler owns it. */
  readonly desiredSize: number;
  /**
   * Manage `desiredSize` on this apply instead of ignoring it: the way to raise
   * `minSize` above the current size (see docs/eks.md).
   */
  readonly enforceDesiredSize: boolean;
}

export interface EksNodeGroupProps {
  /** The cluster name as a reference to the cluster, so the group waits for it. */
  readonly clusterName: string;
  /** Kubernetes version of the nodes, as a reference to the cluster's, so node groups follow control-plane upgrades. */
  readonly kubernetesVersion: string;
  /** The cluster security group; nodes must be in it to reach the control plane. */
  readonly clusterSecurityGroupId: string;
  readonly nodeRoleArn: string;
  /** Account-unique base of the node group and launch template names, e.g. `acme-prod-spot-general`. */
  readonly name: string;
  readonly subnetIds: readonly string[];
  readonly capacityType: CapacityType;
  readonly instances: InstanceSelection;
  /** Fewest instance types the group may have (the config's default: 3 for SPOT, 1 for ON_DEMAND). */
  readonly minInstanceTypes: number;
  readonly scaling: NodeGroupScaling;
  readonly labels: Readonly<Record<string, string>>;
  /** Taints by key. */
  readonly taints: Readonly<Record<string, NodeTaint>>;
  readonly rootVolumeSizeGiB: number;
  /** @default - the account's AWS managed key for EBS */
  readonly rootVolumeKmsKeyArn?: string;
  /** IMDSv2 hop limit, 1 or 2. */
  readonly metadataHopLimit: number;
  readonly maxUnavailablePercentage: number;
  /** Ephemeral storage advertised to Cluster Autoscaler for scale-from-zero. @default - not advertised */
  readonly ephemeralStorageGiB?: number;
  /** Tags for the instances, volumes and network interfaces (provider default tags do not reach them). @default - Name only */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /** Resources the nodes need before they can join, e.g. the VPC CNI add-on and the node role's policies. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * An EKS managed node group that Cluster Autoscaler can drive: one size of
 * instance type, its own launch template (IMDSv2 only, encrypted gp3 root
 * volume, no public IP), the desired size left to the autoscaler, replaced
 * create-before-destroy, and node-template tags on its Auto Scaling group so
 * the autoscaler can scale it up from zero.
 */
export class EksNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroupResource;
  public readonly launchTemplate: LaunchTemplate;
  public readonly instanceTypes: readonly InstanceType[];
  /** The Auto Scaling group EKS created for the node group. */
  public readonly autoscalingGroupName: string;

  constructor(scope: Construct, id: string, props: EksNodeGroupProps) {
    super(scope, id);
    const capacityType = props.capacityType;
    const { minInstanceTypes, labels, taints, rootVolumeSizeGiB, metadataHopLimit, maxUnavailablePercentage } = props;
    const { minSize, maxSize, desiredSize, enforceDesiredSize } = props.scaling;
    const instanceTags = { ...props.instanceTags, Name: props.name };

    const invalid = (message: string) => invalidProps(`EksNodeGroup ${id}`, message);
    const resolved = resolveInstanceTypes(props.instances, minInstanceTypes);
    if (!resolved.ok) throw invalid(resolved.message);
    if (minSize > maxSize) throw invalid(`minSize ${minSize} is above maxSize ${maxSize}`);
    if (desiredSize < minSize || desiredSize > maxSize) throw invalid(`desiredSize ${desiredSize} is outside [${minSize}, ${maxSize}]`);
    if (props.subnetIds.length === 0) throw invalid('subnetIds is empty');
    if (metadataHopLimit < 1 || metadataHopLimit > 2) throw invalid(`metadataHopLimit ${metadataHopLimit} is not 1 or 2`);
    this.instanceTypes = resolved.types;

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${props.name}-`,
      description: `EKS managed node group ${props.name}`,
      // A new version per change, made the default, and referenced by the node
      // group below: a change rolls the nodes instead of waiting for a scale-out.
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // 1 keeps pods (which are one network hop further away) from reading
        // the node role's credentials; agents that need IMDS from a pod
        // without host networking need 2.
        httpPutResponseHopLimit: metadataHopLimit,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE_NAME,
          ebs: {
            volumeSize: rootVolumeSizeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.rootVolumeKmsKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      // Security groups in the launch template replace the cluster security
      // group EKS would add, so it is named here explicitly.
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: [props.clusterSecurityGroupId] }],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: instanceTags })),
    });

    this.nodeGroup = new EksNodeGroupResource(this, 'node-group', {
      clusterName: props.clusterName,
      version: props.kubernetesVersion,
      // A prefix, so a replacement (new instance types, capacity type or
      // subnets) can be created before the old group is destroyed.
      nodeGroupNamePrefix: `${boundedName([props.name], NODE_GROUP_NAME_PREFIX_MAX - 1)}-`,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      capacityType,
      instanceTypes: this.instanceTypes.map((type) => type.name),
      amiType: AMI_TYPE[this.instanceTypes[0].architecture],
      labels: { ...labels },
      taint: Object.entries(taints).map(([key, taint]) => ({ key, value: taint.value, effect: EKS_TAINT_EFFECT[taint.effect] })),
      scalingConfig: { minSize, maxSize, desiredSize },
      updateConfig: { maxUnavailablePercentage },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: {
        createBeforeDestroy: true,
        ignoreChanges: enforceDesiredSize ? undefined : [DESIRED_SIZE_ATTRIBUTE],
      },
    });
    this.autoscalingGroupName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;

    this.tagAutoscalingGroup({
      enabled: ['k8s.io/cluster-autoscaler/enabled', 'true'],
      owner: [`k8s.io/cluster-autoscaler/${props.clusterName}`, 'owned'],
      // EKS labels every managed node with its capacity type; pods select Spot or On-Demand by it.
      'label-capacity-type': [`${NODE_TEMPLATE_TAG_PREFIX.labels}eks.amazonaws.com/capacityType`, capacityType],
      ...Object.fromEntries(Object.entries(labels).map(([key, value]) => [`label-${key}`, [`${NODE_TEMPLATE_TAG_PREFIX.labels}${key}`, value]])),
      ...Object.fromEntries(Object.entries(taints).map(([key, taint]) => [`taint-${key}`, [`${NODE_TEMPLATE_TAG_PREFIX.taints}${key}`, `${taint.value ?? ''}:${taint.effect}`]])),
      ...(props.ephemeralStorageGiB !== undefined ? { 'ephemeral-storage': ['k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage', `${props.ephemeralStorageGiB}Gi`] } : {}),
    });
  }

  /**
   * Managed node groups do not copy their tags to the Auto Scaling group, so
   * the auto-discovery and node-template tags go on it directly. They are not
   * propagated at launch: they describe the group to Cluster Autoscaler, not
   * the instances. https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
   */
  private tagAutoscalingGroup(tags: Record<string, [string, string]>): void {
    for (const [id, [key, value]] of Object.entries(tags)) {
      new AutoscalingGroupTag(this, `asg-tag-${id}`, {
        autoscalingGroupName: this.autoscalingGroupName,
        tag: { key, value, propagateAtLaunch: false },
      });
    }
  }
}
