import catalogData from './eks-versions.json';

/**
 * One Kubernetes minor version on EKS, with the dates of the Amazon EKS
 * Kubernetes release calendar (UTC days). Standard support lasts 14 months
 * from the EKS release, extended support 12 more
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
 */
export interface EksVersion {
  readonly kubernetesVersion: string;
  /** `YYYY-MM-DD` */
  readonly eksRelease: string;
  /** First day without standard support: extended-support billing starts at 00:00 UTC of this day. `YYYY-MM-DD` */
  readonly endOfStandardSupport: string;
  /** First day without any support: EKS then upgrades the control plane on its own schedule. `YYYY-MM-DD` */
  readonly endOfExtendedSupport: string;
  /** Why a date is less certain than the others, when it is. @default - taken from the AWS calendar */
  readonly note?: string;
}

export interface EksVersionCatalog {
  /** The day the entries were last compared with `source`. `YYYY-MM-DD` */
  readonly checkedOn: string;
  readonly source: string;
  /** Control-plane list prices (US East) per cluster-hour, as checked on `checkedOn`. */
  readonly pricing: { readonly standardUsdPerClusterHour: number; readonly extendedUsdPerClusterHour: number; readonly source: string };
  /** Oldest first. */
  readonly versions: readonly EksVersion[];
}

/**
 * The EKS versions config may use, kept in the repository
 * (`eks-versions.json`) so support windows are checked offline and at synth.
 * Refresh it from the release calendar (docs/eks.md, "Version policy").
 */
export const EKS_VERSION_CATALOG: EksVersionCatalog = catalogData;

/** Warnings start this many days before the support phase a cluster is in ends. */
export const SUPPORT_WARNING_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

export function findEksVersion(kubernetesVersion: string): EksVersion | undefined {
  return EKS_VERSION_CATALOG.versions.find((version) => version.kubernetesVersion === kubernetesVersion);
}

export function knownEksVersions(): string[] {
  return EKS_VERSION_CATALOG.versions.map((version) => version.kubernetesVersion);
}

/** Where a version stands on a day: its support phase and when that phase ends. */
export type SupportStatus = { readonly phase: 'standard' | 'extended'; readonly endsOn: string; readonly daysLeft: number } | { readonly phase: 'unsupported'; readonly endedOn: string };

/** The support phase of `version` on `today` (a pure function of the catalog entry and the clock passed in). */
export function supportStatus(version: EksVersion, today: Date): SupportStatus {
  const daysUntil = (day: string) => Math.ceil((Date.parse(`${day}T00:00:00Z`) - today.getTime()) / DAY_MS);
  const standardDays = daysUntil(version.endOfStandardSupport);
  if (standardDays > 0) return { phase: 'standard', endsOn: version.endOfStandardSupport, daysLeft: standardDays };
  const extendedDays = daysUntil(version.endOfExtendedSupport);
  if (extendedDays > 0) return { phase: 'extended', endsOn: version.endOfExtendedSupport, daysLeft: extendedDays };
  return { phase: 'unsupported', endedOn: version.endOfExtendedSupport };
}

/** `1.34 until 2026-12-02, 1.35 until 2027-03-27`: the versions in standard support on `today`, for messages. */
export function describeStandardVersions(today: Date): string {
  const current = EKS_VERSION_CATALOG.versions.filter((version) => supportStatus(version, today).phase === 'standard');
  if (current.length === 0) return `none in lib/eks/eks-versions.json (checked ${EKS_VERSION_CATALOG.checkedOn}); refresh it`;
  return current.map((version) => `${version.kubernetesVersion} until ${version.endOfStandardSupport}`).join(', ');
}

/** `$0.60 per cluster-hour instead of $0.10`: what extended support costs, for messages. */
export function extendedSupportCost(): string {
  const { standardUsdPerClusterHour, extendedUsdPerClusterHour } = EKS_VERSION_CATALOG.pricing;
  return `$${extendedUsdPerClusterHour.toFixed(2)} per cluster-hour instead of $${standardUsdPerClusterHour.toFixed(2)} in standard support (EKS pricing, checked ${EKS_VERSION_CATALOG.checkedOn})`;
}
