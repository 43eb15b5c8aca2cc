import { z } from 'zod';
import { CPU_ARCHITECTURES } from '../eks/instance-catalog';
import { CAPACITY_TYPES, TAINT_EFFECTS } from '../eks/node-group-types';
import { iamRoleArn, ipv4Cidr, kmsKeyArn, logRetentionDays, renamedFrom, resourceKey } from './primitives';

/** EKS cluster names: 1-100 characters, starting with a letter or digit (CreateCluster API). */
const clusterName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, {
  error: 'expected an EKS cluster name: 1-100 letters, digits, hyphens and underscores, starting with a letter or digit',
});

const kubernetesVersion = z.string({ error: 'expected a Kubernetes minor version in quotes, such as "1.35"' }).regex(/^1\.\d{2}$/, {
  error: 'expected a Kubernetes minor version such as "1.35"',
});

const addonVersion = z.string().regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, {
  error: 'expected an EKS add-on version such as v1.20.4-eksbuild.1 (aws eks describe-addon-versions lists them)',
});

const availabilityZone = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'expected an availability zone name such as eu-west-1a' });

/**
 * Label and taint keys; their format is checked in eks-checks.ts, because
 * zod reports a bad record key only as "Invalid key in record".
 */
const kubernetesKey = z.string();

const kubernetesValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
  error: 'expected a Kubernetes label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
});

/** Namespace and service account names: DNS labels (RFC 1123). */
const kubernetesName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: 'expected a Kubernetes name: at most 63 lowercase letters, digits and hyphens',
});

const instanceTypeName = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'expected an EC2 instance type such as m6i.large' });

const scaling = z.strictObject({
  minSize: z.number().int().min(0),
  maxSize: z.number().int().min(1),
  /** Size at creation; Cluster Autoscaler owns it afterwards. @default - minSize */
  desiredSize: z.number().int().min(0).optional(),
  /**
   * Makes Terraform set `desiredSize` on this apply (it is ignored otherwise, so
   * the autoscaler is not fought). Needed once when raising `minSize` above the
   * current size; see docs/eks.md. @default false
   */
  enforceDesiredSize: z.boolean().default(false),
});

const nodeGroup = z.strictObject({
  /** @default ON_DEMAND */
  capacityType: z.enum(CAPACITY_TYPES).default('ON_DEMAND'),
  /** Listed instance types; or give `instanceRequirement` instead. */
  instanceTypes: z.array(instanceTypeName).min(1).optional(),
  /** Instance types derived from the catalog in lib/eks/instance-types.json. */
  instanceRequirement: z
    .strictObject({
      vcpus: z.number().int().positive(),
      memoryGiB: z.number().positive(),
      architecture: z.enum(CPU_ARCHITECTURES),
      /** @default - every non-burstable family of the catalog */
      families: z
        .array(z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'expected an instance family such as m6i' }))
        .min(1)
        .optional(),
      /** @default - any generation */
      minGeneration: z.number().int().min(1).optional(),
    })
    .optional(),
  /** Fewest instance types the group may have. @default 3 for SPOT (diversified pools), 1 for ON_DEMAND */
  minInstanceTypes: z.number().int().min(1).max(20).optional(),
  /** @default - every availability zone of the network */
  availabilityZones: z.array(availabilityZone).min(1).optional(),
  /** One node group per AZ, keyed `<group>-<az>`, for AZ-bound volumes and balanced scaling. @default false */
  perAz: z.boolean().default(false),
  /** For perAz groups the sizes apply to each AZ's group. */
  scaling,
  /** @default {} */
  labels: z.record(kubernetesKey, kubernetesValue).default({}),
  /** Taints by key, e.g. `spot: { value: "true", effect: NoSchedule }`. @default {} */
  taints: z
    .record(
      kubernetesKey,
      z.strictObject({
        /** @default - no value */
        value: kubernetesValue.optional(),
        effect: z.enum(TAINT_EFFECTS),
      }),
    )
    .default({}),
  rootVolume: z
    .strictObject({
      /** @default 50 */
      sizeGiB: z.number().int().min(20).max(16384).default(50),
    })
    .prefault({}),
  /** IMDSv2 response hop limit: 1, or 2 for agents that read the metadata service from a pod. @default 1 */
  metadataHopLimit: z
    .number()
    .int()
    .min(1, { error: 'expected 1 or 2' })
    .max(2, { error: 'expected 1 or 2: with more hops, containers behind another network hop could read the node role credentials' })
    .default(1),
  /** @default 33 */
  maxUnavailablePercentage: z.number().int().min(1).max(100).default(33),
  /** Ephemeral storage Cluster Autoscaler assumes a new node has when scaling from zero. @default - not advertised */
  ephemeralStorageGiB: z.number().int().positive().optional(),
  /** The group's previous name while it is being renamed (`moved` blocks keep its resources); see primitives.ts renamedFrom. */
  renamedFrom,
});

export const eksSchema = z.strictObject({
  /** @default <project>-<environment> */
  clusterName: clusterName.optional(),
  version: kubernetesVersion,
  /** STANDARD upgrades the control plane when standard support ends; EXTENDED keeps it, at six times the hourly price (docs/eks.md, "Version policy"). @default STANDARD */
  supportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD'),
  endpoint: z
    .strictObject({
      /** @default false: the API is reachable from the VPC only */
      publicAccess: z.boolean().default(false),
      /** Required when publicAccess is true; 0.0.0.0/0 is refused. @default [] */
      publicAccessCidrs: z.array(ipv4Cidr).default([]),
      /** Networks (by name) allowed to reach the private endpoint on 443, e.g. CI runners or a VPN. @default {} */
      privateAccessCidrs: z.record(resourceKey, ipv4Cidr).default({}),
    })
    .prefault({}),
  /** @default - logs.retentionDays */
  logRetentionDays: logRetentionDays.optional(),
  /** IAM roles (by name) given cluster-admin through EKS access entries. @default {} */
  clusterAdmins: z.record(resourceKey, iamRoleArn).default({}),
  addons: z.strictObject({
    vpcCni: z.strictObject({
      version: addonVersion,
      /** AmazonEKS_CNI_Policy on an IRSA role for aws-node instead of on the node role. @default true */
      irsa: z.boolean().default(true),
    }),
    coredns: z.strictObject({ version: addonVersion }),
    kubeProxy: z.strictObject({ version: addonVersion }),
    podIdentityAgent: z.strictObject({ version: addonVersion }),
  }),
  clusterAutoscaler: z
    .strictObject({
      /** @default kube-system */
      namespace: kubernetesName.default('kube-system'),
      /** @default cluster-autoscaler */
      serviceAccount: kubernetesName.default('cluster-autoscaler'),
    })
    .prefault({}),
  /** Customer managed key for node root volumes. @default - the account's AWS managed key for EBS (aws/ebs) */
  nodeVolumeKmsKeyArn: kmsKeyArn.optional(),
  nodeGroups: z.record(resourceKey, nodeGroup),
});

export type EksConfig = z.output<typeof eksSchema>;
export type EksNodeGroupConfig = z.output<typeof nodeGroup>;
