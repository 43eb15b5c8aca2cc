import { stringify } from 'yaml';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import type { EksNodeGroupProps } from '../../lib/eks/eks-node-group';
import { parseEnvironment } from '../../lib/config/loader';
import { environmentDocument, merge, synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import type { TerraformJson } from '../helpers/terraform-json';
import { UserError } from '../../lib/util/user-error';

/** A valid eks section: an on-demand baseline and a three-type Spot pool. */
export function baseEksSection(): Record<string, any> {
  return {
    version: '1.35',
    clusterAdmins: { platform: 'arn:aws:iam::123456789012:role/platform-admin' },
    addons: {
      vpcCni: { version: 'v1.21.1-eksbuild.3' },
      coredns: { version: 'v1.13.2-eksbuild.4' },
      kubeProxy: { version: 'v1.35.3-eksbuild.2' },
      podIdentityAgent: { version: 'v1.3.8-eksbuild.2' },
    },
    nodeGroups: {
      system: { instanceTypes: ['m6i.large'], scaling: { minSize: 1, maxSize: 3 }, labels: { 'workload-class': 'system' } },
      spot: {
        capacityType: 'SPOT',
        instanceTypes: ['m5.large', 'm6i.large', 'm6a.large'],
        scaling: { minSize: 0, maxSize: 5 },
        labels: { 'workload-class': 'general' },
        taints: { spot: { value: 'true', effect: 'NoSchedule' } },
      },
    },
  };
}

/** The test environment's document with the base eks section deep-merged with `eksChanges` (`null` deletes). */
export function eksDocument(eksChanges: Record<string, any> = {}, otherChanges: Record<string, any> = {}): Record<string, any> {
  return environmentDocument({ ...otherChanges, eks: merge(baseEksSection(), eksChanges) });
}

/** The environment as the loader reads it on `today` (the support windows depend on the day). @default today FIXTURE_TODAY */
export function eksEnvironment(eksChanges: Record<string, any> = {}, otherChanges: Record<string, any> = {}, today = FIXTURE_TODAY): EnvironmentConfig {
  return parseEnvironment(stringify(eksDocument(eksChanges, otherChanges)), 'test.yaml', 'test', { today });
}

export function synthEks(eksChanges: Record<string, any> = {}, otherChanges: Record<string, any> = {}): TerraformJson {
  return synthEnvironment(eksEnvironment(eksChanges, otherChanges)).platform;
}

/** Every problem reported for the document, as `file:line:col: path: message` lines. */
export function eksProblems(eksChanges: Record<string, any>, otherChanges: Record<string, any> = {}, today = FIXTURE_TODAY): string[] {
  try {
    eksEnvironment(eksChanges, otherChanges, today);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.message.split('\n');
  }
  throw new Error('expected the eks section to be rejected');
}

/** Props for an EksNodeGroup built on its own, outside an environment: literal ids, a three-type Spot pool. */
export function standaloneNodeGroupProps(): EksNodeGroupProps {
  return {
    clusterName: 'acme-test',
    kubernetesVersion: '1.35',
    clusterSecurityGroupId: 'sg-0123456789abcdef0',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/acme-test-eks-node',
    name: 'acme-test-pool',
    subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    capacityType: 'SPOT',
    instances: { instanceTypes: ['m6i.large', 'm6a.large', 'm7i.large'] },
    minInstanceTypes: 3,
    scaling: { minSize: 0, maxSize: 3, desiredSize: 0, enforceDesiredSize: false },
    labels: {},
    taints: {},
    rootVolumeSizeGiB: 50,
    metadataHopLimit: 1,
    maxUnavailablePercentage: 33,
  };
}
