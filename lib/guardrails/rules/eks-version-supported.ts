import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { describeStandardVersions, extendedSupportCost, findEksVersion, knownEksVersions, supportStatus } from '../../eks/eks-versions';
import { block, COMPLIANT, isExpression, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

/**
 * The synthesized twin of the config check in lib/config/eks-checks.ts, for
 * clusters that reach the Terraform another way: the version must be in
 * standard support on the day of the synth, or in extended support with
 * extended support chosen in the cluster's upgrade policy
 * (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
 * AWS Security Hub EKS.2 and the AWS Config rule eks-cluster-supported-version
 * check the same on running clusters; checkov and cdk-nag have no match.
 */
export const eksVersionSupported: PolicyRule = {
  id: 'eks-version-supported',
  level: 'error',
  why: 'Past standard support EKS either upgrades the control plane on its own (STANDARD) or bills six times the hourly price (EXTENDED); only the second may be a choice.',
  resourceTypes: [EksCluster.tfResourceType],
  check(resource, context) {
    const version: unknown = resource.values.version;
    // Without a version EKS creates the cluster on its current default, which is in standard support.
    if (version === undefined) return COMPLIANT;
    if (typeof version !== 'string' || isExpression(version)) return NOT_APPLICABLE;
    const entry = findEksVersion(version);
    if (!entry) return nonCompliant(`version ${version} is not in lib/eks/eks-versions.json (known: ${knownEksVersions().join(', ')})`);
    const status = supportStatus(entry, context.today);
    if (status.phase === 'standard') return COMPLIANT;
    const inStandard = describeStandardVersions(context.today);
    if (status.phase === 'unsupported') return nonCompliant(`version ${version} left extended support on ${status.endedOn}; in standard support: ${inStandard}`);
    const supportType = block(resource.values.upgrade_policy)?.support_type;
    if (supportType === 'EXTENDED') return COMPLIANT;
    return nonCompliant(
      `version ${version} left standard support on ${entry.endOfStandardSupport} and upgrade_policy.support_type is ${supportType ?? 'not set'}, not EXTENDED (${extendedSupportCost()}); in standard support: ${inStandard}`,
    );
  },
};
