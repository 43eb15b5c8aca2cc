import catalogData from './instance-types.json';

/** CPU architectures of the catalog, named as EC2 names them. */
export const CPU_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/**
 * One EC2 instance type, with the figures EC2 DescribeInstanceTypes reports
 * (VCpuInfo.DefaultVCpus, MemoryInfo.SizeInMiB, ProcessorInfo.SupportedArchitectures).
 */
export interface InstanceType {
  readonly name: string;
  /** The part before the dot, e.g. `m6i`. */
  readonly family: string;
  /** The digit after the family letter, e.g. 6 for `m6i`. */
  readonly generation: number;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  /** T-family types run on CPU credits; they are left out of derived pools unless their family is named. */
  readonly burstable: boolean;
}

/**
 * The instance types node groups may use, kept in the repository
 * (`instance-types.json`) so pools can be derived and checked offline. Add a
 * type there before using it; the catalog test checks each entry's figures
 * against its family's vCPU-to-memory ratio.
 */
export const INSTANCE_CATALOG: readonly InstanceType[] = catalogData as InstanceType[];

const BY_NAME = new Map(INSTANCE_CATALOG.map((type) => [type.name, type]));

/**
 * Managed node groups accept at most 20 instance types
 * (https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html).
 */
export const MAX_NODE_GROUP_INSTANCE_TYPES = 20;

export function memoryGiB(type: InstanceType): number {
  return type.memoryMiB / 1024;
}

/** `m5.large (2 vCPU, 8 GiB, x86_64)`: how every message shows a type. */
export function describeInstanceType(type: InstanceType): string {
  return `${type.name} (${type.vcpus} vCPU, ${memoryGiB(type)} GiB, ${type.architecture})`;
}

/** What a pool asks for when it does not list its instance types. */
export interface InstanceRequirement {
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly architecture: CpuArchitecture;
  /** @default - every non-burstable family of the catalog */
  readonly families?: readonly string[];
  /** @default - any generation */
  readonly minGeneration?: number;
}

/**
 * The accelerator of an accelerated-computing family, by EC2's naming (https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html):
 * p and g (NVIDIA GPUs; g4ad AMD), inf and trn (AWS Neuron), dl (Habana Gaudi), f (FPGA), vt (video transcoding).
 * Node groups run the standard Amazon Linux 2023 AMI types, which carry no accelerator driver: pods that request the
 * accelerator would never schedule (https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html).
 */
export function acceleratorOf(type: Pick<InstanceType, 'family'>): string | undefined {
  const family = type.family;
  if (family === 'g4ad') return 'AMD GPU';
  if (/^(?:p|g|gr)\d/.test(family)) return 'NVIDIA GPU';
  if (/^(?:inf|trn)\d/.test(family)) return 'AWS Neuron';
  if (/^dl\d/.test(family)) return 'Habana Gaudi';
  if (/^f\d/.test(family)) return 'FPGA';
  if (/^vt\d/.test(family)) return 'video transcoding';
  return undefined;
}

/** Why instance types of an accelerated family cannot run in a node group, or undefined (see acceleratorOf). */
function acceleratedTypesProblem(names: readonly string[]): string | undefined {
  const accelerated = names.flatMap((name) => {
    const accelerator = acceleratorOf({ family: name.split('.')[0] });
    return accelerator ? [`${name} (${accelerator})`] : [];
  });
  if (accelerated.length === 0) return undefined;
  return (
    `${accelerated.join(', ')} ${accelerated.length === 1 ? 'needs' : 'need'} an accelerator driver, but node groups run the standard ` +
    'Amazon Linux 2023 AMI types (AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD), which have none: pods that request the accelerator would never schedule; ' +
    'use general-purpose types, or add an accelerated AMI type (AL2023_x86_64_NVIDIA, AL2023_x86_64_NEURON) and the device plugin to the node group first'
  );
}

/** How a node group chooses its instance types: a list, or a requirement matched against the catalog. */
export type InstanceSelection = { readonly instanceTypes: readonly string[]; readonly requirement?: undefined } | { readonly requirement: InstanceRequirement; readonly instanceTypes?: undefined };

export type ResolvedInstanceTypes = { readonly ok: true; readonly types: readonly InstanceType[] } | { readonly ok: false; readonly message: string };

/**
 * The catalog entries matching a requirement, newest generation first, then
 * by name, so the list (and the node group built from it) only changes when
 * the catalog or the requirement does.
 */
export function matchRequirement(requirement: InstanceRequirement): InstanceType[] {
  return INSTANCE_CATALOG.filter(
    (type) =>
      type.vcpus === requirement.vcpus &&
      memoryGiB(type) === requirement.memoryGiB &&
      type.architecture === requirement.architecture &&
      (requirement.families ? requirement.families.includes(type.family) : !type.burstable && acceleratorOf(type) === undefined) &&
      type.generation >= (requirement.minGeneration ?? 0),
  ).sort((a, b) => b.generation - a.generation || a.name.localeCompare(b.name));
}

/**
 * Resolves a selection into catalog entries and checks what Cluster
 * Autoscaler relies on: it sizes a node group from one of its types, so every
 * type must have the same vCPUs, memory and architecture, or it launches
 * nodes that do not fit the pods it scaled up for.
 */
export function resolveInstanceTypes(selection: InstanceSelection, minimumCount: number): ResolvedInstanceTypes {
  let types: InstanceType[];
  if (selection.requirement) {
    const requirement = selection.requirement;
    types = matchRequirement(requirement);
    if (types.length < minimumCount) {
      const found = types.length > 0 ? types.map(describeInstanceType).join(', ') : 'none';
      return {
        ok: false,
        message: `expected at least ${minimumCount} instance types matching ${describeRequirement(requirement)}, found ${types.length}: ${found}`,
      };
    }
  } else {
    // Before the catalog: adding an accelerated type to it would not make it usable.
    const accelerated = acceleratedTypesProblem(selection.instanceTypes);
    if (accelerated) return { ok: false, message: accelerated };
    const unknown = selection.instanceTypes.filter((name) => !BY_NAME.has(name));
    if (unknown.length > 0) {
      return {
        ok: false,
        message: `unknown instance type${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; add ${unknown.length === 1 ? 'it' : 'them'} to lib/eks/instance-types.json first`,
      };
    }
    const duplicates = selection.instanceTypes.filter((name, index) => selection.instanceTypes.indexOf(name) !== index);
    if (duplicates.length > 0) return { ok: false, message: `instance type ${duplicates.join(', ')} is listed twice` };
    types = selection.instanceTypes.map((name) => BY_NAME.get(name)!);
    if (types.length < minimumCount) {
      return { ok: false, message: `expected at least ${minimumCount} instance types, got ${types.length}: ${types.map(describeInstanceType).join(', ')}` };
    }
  }
  if (types.length > MAX_NODE_GROUP_INSTANCE_TYPES) {
    return { ok: false, message: `a managed node group takes at most ${MAX_NODE_GROUP_INSTANCE_TYPES} instance types, got ${types.length}` };
  }
  const accelerated = acceleratedTypesProblem(types.map((type) => type.name));
  if (accelerated) return { ok: false, message: accelerated };
  const first = types[0];
  const mixed = types.some((t) => t.vcpus !== first.vcpus || t.memoryMiB !== first.memoryMiB || t.architecture !== first.architecture);
  if (mixed) {
    return {
      ok: false,
      message: `expected instance types of one size and architecture (Cluster Autoscaler sizes a group from one type), got ${types.map(describeInstanceType).join(', ')}`,
    };
  }
  return { ok: true, types };
}

function describeRequirement(requirement: InstanceRequirement): string {
  const parts = [`${requirement.vcpus} vCPU`, `${requirement.memoryGiB} GiB`, requirement.architecture];
  if (requirement.families) parts.push(`families ${requirement.families.join(', ')}`);
  if (requirement.minGeneration !== undefined) parts.push(`generation >= ${requirement.minGeneration}`);
  return parts.join(', ');
}
