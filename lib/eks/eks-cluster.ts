import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { boundedName } from '../construct-support/naming';
import { policyDocument, serviceTrustPolicy } from '../iam/policy-document';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { attachManagedPolicies } from './managed-policies';
import { invalidProps } from '../util/user-error';

/** Every control-plane log type EKS can send to CloudWatch Logs. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The EKS access policy that grants cluster-admin (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html). */
export const CLUSTER_ADMIN_ACCESS_POLICY_ARN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

export interface EksClusterProps {
  /** The cluster name; also used in the log group and key alias names. */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.35`. */
  readonly version: string;
  readonly accountId: string;
  /** Subnets for the control plane's network interfaces, in at least two AZs. */
  readonly subnetIds: readonly string[];
  readonly logRetentionDays: number;
  /** The environment's CloudWatch Logs key. */
  readonly logKmsKeyArn: string;
  /** Networks allowed to reach the public endpoint; none keeps the endpoint private. 0.0.0.0/0 is refused. */
  readonly publicAccessCidrs: readonly string[];
  /** Networks (by stable name) allowed to reach the private endpoint on 443 through the cluster security group. */
  readonly privateAccessCidrs: Readonly<Record<string, string>>;
  /** IAM role ARNs (by stable name) given cluster-admin through access entries. */
  readonly clusterAdminRoleArns: Readonly<Record<string, string>>;
  readonly supportType: 'STANDARD' | 'EXTENDED';
}

/**
 * An EKS control plane: private API endpoint, all control-plane logs to an
 * encrypted log group created first, Kubernetes secrets encrypted with a
 * dedicated KMS key, API-mode access entries for the named admin roles, and
 * the IAM OIDC provider that IRSA roles trust.
 */
export class EksCluster extends Construct {
  public readonly cluster: EksClusterResource;
  /** The cluster name, as a reference, so users of it wait for the cluster. */
  public readonly name: string;
  /** The security group EKS creates for the control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;
  public readonly role: IamRole;
  public readonly secretsKey: KmsKey;
  public readonly logGroup: EncryptedLogGroup;
  public readonly oidcProvider: IamOpenidConnectProvider;
  /** Issuer host and path (no scheme): the prefix of the `:sub` and `:aud` condition keys of IRSA trust policies. */
  public readonly oidcIssuerHostPath: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const { publicAccessCidrs, privateAccessCidrs, clusterAdminRoleArns: admins, supportType } = props;
    const openToAll = publicAccessCidrs.filter((cidr) => cidr.endsWith('/0'));
    if (openToAll.length > 0) {
      throw invalidProps(`EksCluster ${id}`, `publicAccessCidrs ${openToAll.join(', ')} would open the Kubernetes API to the whole internet`);
    }

    this.role = new IamRole(this, 'role', {
      name: boundedName([props.name, 'eks-cluster'], 64),
      // EKS honours aws:SourceAccount in the cluster role trust (https://docs.aws.amazon.com/eks/latest/userguide/cross-service-confused-deputy-prevention.html).
      assumeRolePolicy: serviceTrustPolicy(this, 'trust', 'eks.amazonaws.com', props.accountId).json,
    });
    const clusterPolicy = attachManagedPolicies(this, this.role.name, ['AmazonEKSClusterPolicy']);

    this.secretsKey = new KmsKey(this, 'secrets-key', {
      description: `Kubernetes secrets envelope encryption (${props.name})`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument(this, 'secrets-key-policy', [
        {
          sid: 'AccountAdministers',
          actions: ['kms:*'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
        },
      ]).json,
    });
    new KmsAlias(this, 'secrets-key-alias', { name: `alias/${props.name}-eks-secrets`, targetKeyId: this.secretsKey.keyId });
    // The control plane uses the key with the cluster role's permissions.
    const keyUse = new IamRolePolicy(this, 'secrets-key-use', {
      role: this.role.id,
      name: 'use-secrets-key',
      policy: policyDocument(this, 'secrets-key-use-policy', [{ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [this.secretsKey.arn] }]).json,
    });

    // EKS writes to this fixed name. Creating it first, with retention and
    // our key, stops EKS from creating an unencrypted group that never expires.
    this.logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });

    this.cluster = new EksClusterResource(this, 'cluster', {
      name: props.name,
      version: props.version,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccessCidrs.length > 0,
        publicAccessCidrs: publicAccessCidrs.length > 0 ? [...publicAccessCidrs] : undefined,
      },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      accessConfig: {
        authenticationMode: 'API',
        // Off: the creator (usually the CI deploy role) would otherwise get an
        // invisible cluster-admin entry that is not in config and can only be
        // changed by replacing the cluster. Admins are the access entries below.
        bootstrapClusterCreatorAdminPermissions: false,
      },
      // Every networking add-on is an EKS managed add-on here, so the
      // self-managed copies EKS would install first are not wanted.
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType },
      dependsOn: [this.logGroup.logGroup, ...clusterPolicy, keyUse],
    });
    this.name = this.cluster.name;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    for (const [key, roleArn] of Object.entries(admins)) {
      const entry = new EksAccessEntry(this, `admin-${key}`, { clusterName: this.name, principalArn: roleArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${key}-policy`, {
        clusterName: this.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_ACCESS_POLICY_ARN,
        accessScope: { type: 'cluster' },
      });
    }

    for (const [key, cidr] of Object.entries(privateAccessCidrs)) {
      new VpcSecurityGroupIngressRule(this, `private-endpoint-${key}`, {
        securityGroupId: this.clusterSecurityGroupId,
        description: `Kubernetes API from ${key}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    }

    const issuer = this.cluster.identity.get(0).oidc.get(0).issuer;
    // No thumbprint_list: IAM verifies the EKS issuer (hosted behind a
    // certificate from a trusted root CA) itself, and provider 5.x lets
    // IAM fill the thumbprint in, so no TLS look-up is needed at plan time.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
      url: issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
    this.oidcIssuerHostPath = Fn.replace(issuer, 'https://', '');
  }
}
