import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { boundedName } from '../construct-support/naming';
import type { NetworkRefs } from '../network/network-refs';
import { EksCluster } from './eks-cluster';
import { EksNodeGroup, type EksNodeGroupProps } from './eks-node-group';
import { EksNodeRole } from './eks-node-role';
import { IrsaRole } from './irsa-role';
import type { RenamedConstruct } from '../construct-support/moved-resources';
import { invalidProps } from '../util/user-error';

/** `-<availability zone>`: the id suffix of a per-zone node group (and of what is named after one). */
export const PER_ZONE_SUFFIX = /^-[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/** A node group as configured: the cluster wiring comes from EksPlatform. */
export type EksNodeGroupSpec = Omit<
  EksNodeGroupProps,
  'clusterName' | 'kubernetesVersion' | 'clusterSecurityGroupId' | 'nodeRoleArn' | 'name' | 'subnetIds' | 'rootVolumeKmsKeyArn' | 'instanceTags' | 'dependsOn'
> & {
  /** @default - every AZ of the network */
  readonly availabilityZones?: readonly string[];
  /** One group per AZ, with construct ids `<key>-<az>`. @default false */
  readonly perAz?: boolean;
};

export interface EksAddonVersions {
  /** `irsa`: an IRSA role for aws-node with AmazonEKS_CNI_Policy (instead of the policy on the node role). */
  readonly vpcCni: { readonly version: string; readonly irsa: boolean };
  readonly coredns: { readonly version: string };
  readonly kubeProxy: { readonly version: string };
  readonly podIdentityAgent: { readonly version: string };
}

export interface EksPlatformProps {
  readonly clusterName: string;
  readonly version: string;
  readonly accountId: string;
  readonly region: string;
  /** Node groups and the control plane use its private subnets. */
  readonly network: NetworkRefs;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn: string;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  /** Networks allowed to reach the public endpoint; none keeps it off. */
  readonly publicAccessCidrs: readonly string[];
  readonly privateAccessCidrs: Readonly<Record<string, string>>;
  readonly clusterAdminRoleArns: Readonly<Record<string, string>>;
  readonly addons: EksAddonVersions;
  /** Where Cluster Autoscaler runs; its IRSA role trusts this service account. */
  readonly clusterAutoscaler: { readonly namespace: string; readonly serviceAccount: string };
  /** Node groups by stable key. */
  readonly nodeGroups: Readonly<Record<string, EksNodeGroupSpec>>;
  /** @default - the account's AWS managed key for EBS */
  readonly nodeVolumeKmsKeyArn?: string;
  /** Tags for instances and their volumes (default tags of the provider do not reach them). @default - none */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/**
 * An EKS cluster with its managed add-ons and managed node groups, in the
 * order they need: the control plane; then the VPC CNI, kube-proxy and Pod
 * Identity agent (nodes only become Ready with a CNI); then the node groups;
 * then CoreDNS, whose add-on only turns ACTIVE once its pods are scheduled.
 */
export class EksPlatform extends Construct {
  /**
   * The constructs, relative to this one, whose ids derive from a node group's key: what renaming the group moves
   * (its id is the key; per-zone groups are `<key>-<availability zone>`, and each keeps its zone suffix).
   */
  static renamedNodeGroupConstructs(from: string, to: string, perAz: boolean): RenamedConstruct[] {
    return [{ parent: [], from, to, ...(perAz ? { suffix: PER_ZONE_SUFFIX } : {}) }];
  }

  public readonly cluster: EksCluster;
  public readonly nodeRole: EksNodeRole;
  /** By construct id: the group key, or `<key>-<az>` for per-AZ groups. */
  public readonly nodeGroups: Record<string, EksNodeGroup> = {};
  /** The groups of each `nodeGroups` key of the props: one, or one per AZ. */
  public readonly nodeGroupsByKey: Record<string, EksNodeGroup[]> = {};
  /** By the props' `addons` key (`vpcCni`, `kubeProxy`, …: the environment file's keys); construct ids are `addon-<EKS add-on name>`. */
  public readonly addons: Partial<Record<keyof EksAddonVersions, EksAddon>> = {};
  public readonly clusterAutoscalerRole: IrsaRole;

  constructor(scope: Construct, id: string, props: EksPlatformProps) {
    super(scope, id);
    const cniIrsa = props.addons.vpcCni.irsa;
    const { namespace: autoscalerNamespace, serviceAccount: autoscalerServiceAccount } = props.clusterAutoscaler;
    const zones = props.network.availabilityZones;
    const subnetOf = (zone: string) => {
      const index = zones.indexOf(zone);
      if (index < 0) throw invalidProps(`EksPlatform ${id}`, `availability zone ${zone} is not one of the network's (${zones.join(', ')})`);
      return props.network.privateSubnetIds[index];
    };

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.clusterName,
      version: props.version,
      accountId: props.accountId,
      subnetIds: props.network.privateSubnetIds,
      logRetentionDays: props.logRetentionDays,
      logKmsKeyArn: props.logKmsKeyArn,
      supportType: props.supportType,
      publicAccessCidrs: props.publicAccessCidrs,
      privateAccessCidrs: props.privateAccessCidrs,
      clusterAdminRoleArns: props.clusterAdminRoleArns,
    });
    const oidc = { oidcProviderArn: this.cluster.oidcProvider.arn, oidcIssuerHostPath: this.cluster.oidcIssuerHostPath };

    const cniRole = cniIrsa
      ? new IrsaRole(this, 'vpc-cni-role', {
          ...oidc,
          roleName: boundedName([props.clusterName, 'vpc-cni'], 64),
          namespace: 'kube-system',
          serviceAccount: 'aws-node',
          managedPolicies: ['AmazonEKS_CNI_Policy'],
        })
      : undefined;
    this.nodeRole = new EksNodeRole(this, 'node-role', { roleName: boundedName([props.clusterName, 'eks-node'], 64), includeCniPolicy: !cniIrsa });

    const beforeNodes = [
      this.addon('vpcCni', 'vpc-cni', props.addons.vpcCni.version, { serviceAccountRoleArn: cniRole?.arn, dependsOn: cniRole?.grants }),
      this.addon('kubeProxy', 'kube-proxy', props.addons.kubeProxy.version),
      this.addon('podIdentityAgent', 'eks-pod-identity-agent', props.addons.podIdentityAgent.version),
    ];

    for (const [key, spec] of Object.entries(props.nodeGroups)) {
      const { availabilityZones, perAz, ...groupProps } = spec;
      const groupZones = availabilityZones ?? zones;
      const placements = perAz ? groupZones.map((zone) => ({ id: `${key}-${zone}`, zones: [zone] })) : [{ id: key, zones: groupZones }];
      this.nodeGroupsByKey[key] = [];
      for (const placement of placements) {
        this.nodeGroups[placement.id] = new EksNodeGroup(this, placement.id, {
          ...groupProps,
          clusterName: this.cluster.name,
          kubernetesVersion: this.cluster.cluster.version,
          clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
          nodeRoleArn: this.nodeRole.arn,
          name: boundedName([props.clusterName, placement.id], 64),
          subnetIds: placement.zones.map(subnetOf),
          rootVolumeKmsKeyArn: props.nodeVolumeKmsKeyArn,
          instanceTags: props.instanceTags,
          dependsOn: [...beforeNodes, ...this.nodeRole.attachments],
        });
        this.nodeGroupsByKey[key].push(this.nodeGroups[placement.id]);
      }
    }

    this.addon('coredns', 'coredns', props.addons.coredns.version, { dependsOn: Object.values(this.nodeGroups).map((group) => group.nodeGroup) });

    this.clusterAutoscalerRole = new IrsaRole(this, 'cluster-autoscaler-role', {
      ...oidc,
      roleName: boundedName([props.clusterName, 'cluster-autoscaler'], 64),
      namespace: autoscalerNamespace,
      serviceAccount: autoscalerServiceAccount,
      // https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy
      statements: [
        {
          sid: 'ScaleThisClustersGroups',
          actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          resources: [`arn:aws:autoscaling:${props.region}:${props.accountId}:autoScalingGroup:*:autoScalingGroupName/*`],
          conditions: [{ test: 'StringEquals', variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${props.clusterName}`, values: ['owned'] }],
        },
        {
          sid: 'DiscoverGroupsAndInstanceTypes',
          actions: [
            'autoscaling:DescribeAutoScalingGroups',
            'autoscaling:DescribeAutoScalingInstances',
            'autoscaling:DescribeLaunchConfigurations',
            'autoscaling:DescribeScalingActivities',
            'autoscaling:DescribeTags',
            'ec2:DescribeImages',
            'ec2:DescribeInstanceTypes',
            'ec2:DescribeLaunchTemplateVersions',
          ],
          // These Describe calls support no resource-level permissions.
          // ec2:GetInstanceTypesFromInstanceRequirements is left out: managed
          // node groups list their instance types, they never use attribute-based selection.
          resources: ['*'],
        },
        {
          sid: 'ReadThisClustersNodeGroups',
          actions: ['eks:DescribeNodegroup'],
          resources: [`arn:aws:eks:${props.region}:${props.accountId}:nodegroup/${props.clusterName}/*/*`],
        },
      ],
    });
  }

  /**
   * A managed add-on at a pinned version. OVERWRITE on create and update:
   * Terraform is the add-on's only writer, so a kubectl edit of its objects
   * is drift to undo; PRESERVE would keep it forever and the version in
   * config would stop describing what runs. Settings belong in
   * `configuration_values`, which EKS keeps.
   */
  private addon(key: keyof EksAddonVersions, name: string, version: string, options: { serviceAccountRoleArn?: string; dependsOn?: readonly ITerraformDependable[] } = {}): EksAddon {
    const addon = new EksAddon(this, `addon-${name}`, {
      clusterName: this.cluster.name,
      addonName: name,
      addonVersion: version,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      serviceAccountRoleArn: options.serviceAccountRoleArn,
      dependsOn: options.dependsOn ? [...options.dependsOn] : undefined,
    });
    this.addons[key] = addon;
    return addon;
  }
}
