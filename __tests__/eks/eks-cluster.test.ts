import { App, TerraformStack } from 'cdktf';
import { EksCluster } from '../../lib/eks/eks-cluster';
import { synthEnvironment, testEnvironment } from '../helpers/environment-fixture';
import { TerraformJson } from '../helpers/terraform-json';
import { synthEks } from './eks-fixture';
import { UserError } from '../../lib/util/user-error';

const ADDONS = [
  ['vpc-cni', 'v1.21.1-eksbuild.3'],
  ['kube-proxy', 'v1.35.3-eksbuild.2'],
  ['eks-pod-identity-agent', 'v1.3.8-eksbuild.2'],
  ['coredns', 'v1.13.2-eksbuild.4'],
] as const;

describe('EksCluster', () => {
  const platform = synthEks();
  const cluster = platform.only('aws_eks_cluster');

  test('the cluster runs the configured version in the private subnets, with a private endpoint only', () => {
    expect(cluster.values).toMatchObject({ name: 'acme-test', version: '1.35', upgrade_policy: { support_type: 'STANDARD' } });
    const vpcConfig = cluster.values.vpc_config;
    expect(vpcConfig).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(vpcConfig.public_access_cidrs).toBeUndefined();
    expect(vpcConfig.subnet_ids.map((ref: string) => platform.follow(ref).entry.path)).toEqual(['network/private-eu-west-1a', 'network/private-eu-west-1b']);
  });

  test('GIVEN a public endpoint for named networks THEN only those CIDRs reach it', () => {
    const open = synthEks({ endpoint: { publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }).only('aws_eks_cluster');
    expect(open.values.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
  });

  test('GIVEN private access CIDRs THEN the cluster security group admits each on 443', () => {
    const withVpn = synthEks({ endpoint: { privateAccessCidrs: { vpn: '10.200.0.0/16' } } });
    const rule = withVpn.resource('aws_vpc_security_group_ingress_rule', 'eks/cluster/private-endpoint-vpn');
    expect(rule.values).toMatchObject({ cidr_ipv4: '10.200.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    expect(rule.values.security_group_id).toBe(TerraformJson.ref(withVpn.only('aws_eks_cluster'), 'vpc_config[0].cluster_security_group_id'));
  });

  test('the cluster role trusts EKS in this account only and has AmazonEKSClusterPolicy', () => {
    const role = platform.follow(cluster.values.role_arn).entry;
    const [trust] = platform.policyStatements(role.values.assume_role_policy);
    expect(trust).toMatchObject({
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }],
      condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
    });
    const attachment = platform.resource('aws_iam_role_policy_attachment', 'eks/cluster/AmazonEKSClusterPolicy');
    expect(attachment.values).toEqual(expect.objectContaining({ policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy', role: TerraformJson.ref(role, 'name') }));
  });

  test('every control-plane log type goes to a pre-created, KMS-encrypted log group the cluster depends on', () => {
    expect(cluster.values.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const group = platform.resource('aws_cloudwatch_log_group', 'eks/cluster/log-group/group');
    expect(group.values).toMatchObject({ name: '/aws/eks/acme-test/cluster', retention_in_days: 30 });
    expect(platform.follow(group.values.kms_key_id).entry.path).toBe('log-key/key');
    expect(cluster.values.depends_on).toContain(group.address);
  });

  test('GIVEN eks.logRetentionDays THEN it overrides logs.retentionDays for the control-plane logs', () => {
    const group = synthEks({ logRetentionDays: 90 }).resource('aws_cloudwatch_log_group', 'eks/cluster/log-group/group');
    expect(group.values.retention_in_days).toBe(90);
  });

  test('secrets are encrypted with a dedicated rotating key the cluster role may use', () => {
    const encryption = cluster.values.encryption_config;
    expect(encryption.resources).toEqual(['secrets']);
    const key = platform.follow(encryption.provider.key_arn).entry;
    expect(key.path).toBe('eks/cluster/secrets-key');
    expect(key.values.enable_key_rotation).toBe(true);
    const use = platform.resource('aws_iam_role_policy', 'eks/cluster/secrets-key-use');
    expect(platform.policyStatements(use.values.policy)).toEqual([
      expect.objectContaining({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [TerraformJson.ref(key, 'arn')] }),
    ]);
    expect(cluster.values.depends_on).toContain(use.address);
  });

  test('access is API mode without the creator as hidden admin, and each configured admin role gets cluster-admin', () => {
    expect(cluster.values.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    const admins = synthEks({ clusterAdmins: { 'break-glass': 'arn:aws:iam::123456789012:role/break-glass' } });
    const clusterRef = TerraformJson.ref(admins.only('aws_eks_cluster'), 'name');
    for (const [key, arn] of [
      ['platform', 'arn:aws:iam::123456789012:role/platform-admin'],
      ['break-glass', 'arn:aws:iam::123456789012:role/break-glass'],
    ]) {
      const entry = admins.resource('aws_eks_access_entry', `eks/cluster/admin-${key}`);
      expect(entry.values).toMatchObject({ cluster_name: clusterRef, principal_arn: arn, type: 'STANDARD' });
      const association = admins.resource('aws_eks_access_policy_association', `eks/cluster/admin-${key}-policy`);
      expect(association.values).toMatchObject({
        cluster_name: clusterRef,
        principal_arn: TerraformJson.ref(entry, 'principal_arn'),
        policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        access_scope: { type: 'cluster' },
      });
    }
  });

  test('the OIDC provider is the cluster issuer for STS, with no thumbprint to look up', () => {
    const provider = platform.only('aws_iam_openid_connect_provider');
    expect(provider.values.url).toBe(TerraformJson.ref(cluster, 'identity[0].oidc[0].issuer'));
    expect(provider.values.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(provider.values.thumbprint_list).toBeUndefined();
  });

  test('the subnets carry the cluster tag so EKS and load balancers use them', () => {
    for (const zone of ['eu-west-1a', 'eu-west-1b']) {
      for (const tier of ['public', 'private']) {
        expect(platform.resource('aws_subnet', `network/${tier}-${zone}`).values.tags['kubernetes.io/cluster/acme-test']).toBe('shared');
      }
    }
  });

  test('GIVEN a cluster name THEN it names the cluster and the subnet tag', () => {
    const named = synthEks({ clusterName: 'shared-apps' });
    expect(named.only('aws_eks_cluster').values.name).toBe('shared-apps');
    expect(named.resource('aws_subnet', 'network/private-eu-west-1a').values.tags['kubernetes.io/cluster/shared-apps']).toBe('shared');
  });

  test('GIVEN no eks section THEN there is no cluster and no cluster tag', () => {
    const { platform: plain } = synthEnvironment(testEnvironment());
    expect(plain.count('aws_eks_cluster')).toBe(0);
    expect(Object.keys(plain.resource('aws_subnet', 'network/private-eu-west-1a').values.tags).filter((k) => k.startsWith('kubernetes.io/cluster/'))).toEqual([]);
  });
});

describe('EKS managed add-ons', () => {
  const platform = synthEks();
  const clusterRef = TerraformJson.ref(platform.only('aws_eks_cluster'), 'name');

  test.each(ADDONS)('%s runs the configured version %s and overwrites conflicts', (name, version) => {
    const addon = platform.resource('aws_eks_addon', `eks/addon-${name}`);
    expect(addon.values).toMatchObject({
      cluster_name: clusterRef,
      addon_name: name,
      addon_version: version,
      resolve_conflicts_on_create: 'OVERWRITE',
      resolve_conflicts_on_update: 'OVERWRITE',
    });
  });

  test('the cluster starts without self-managed add-ons, since all four are managed', () => {
    expect(platform.only('aws_eks_cluster').values.bootstrap_self_managed_addons).toBe(false);
  });

  test('node groups wait for the CNI, kube-proxy and the Pod Identity agent; CoreDNS waits for every node group', () => {
    const groups = platform.resources('aws_eks_node_group');
    const before = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'].map((name) => platform.resource('aws_eks_addon', `eks/addon-${name}`).address);
    for (const group of groups) expect(group.values.depends_on).toEqual(expect.arrayContaining(before));
    expect([...platform.resource('aws_eks_addon', 'eks/addon-coredns').values.depends_on].sort()).toEqual(groups.map((g) => g.address).sort());
  });

  test('GIVEN the default THEN the VPC CNI uses an IRSA role for kube-system/aws-node with the CNI policy, and the node role has none', () => {
    const addon = platform.resource('aws_eks_addon', 'eks/addon-vpc-cni');
    const role = platform.follow(addon.values.service_account_role_arn).entry;
    const [trust] = platform.policyStatements(role.values.assume_role_policy);
    const provider = platform.only('aws_iam_openid_connect_provider');
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.principals).toEqual([{ type: 'Federated', identifiers: [TerraformJson.ref(provider, 'arn')] }]);
    const issuer = `\${replace(${TerraformJson.ref(platform.only('aws_eks_cluster'), 'identity[0].oidc[0].issuer').slice(2, -1)}, "https://", "")}`;
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: `${issuer}:sub`, values: ['system:serviceaccount:kube-system:aws-node'] },
      { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
    ]);
    const cniAttachment = platform.resource('aws_iam_role_policy_attachment', 'eks/vpc-cni-role/AmazonEKS_CNI_Policy');
    expect(cniAttachment.values.role).toBe(TerraformJson.ref(role, 'name'));
    expect(addon.values.depends_on).toEqual([cniAttachment.address]);
    expect(nodeRolePolicies(platform)).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy']);
  });

  test('GIVEN irsa off THEN the node role carries the CNI policy and the add-on has no role', () => {
    const nodeCni = synthEks({ addons: { vpcCni: { irsa: false } } });
    expect(nodeCni.resource('aws_eks_addon', 'eks/addon-vpc-cni').values.service_account_role_arn).toBeUndefined();
    expect(nodeRolePolicies(nodeCni)).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
  });

  test('Cluster Autoscaler gets an IRSA role that may only resize groups owned by this cluster', () => {
    const role = platform.resource('aws_iam_role', 'eks/cluster-autoscaler-role/role');
    const [trust] = platform.policyStatements(role.values.assume_role_policy);
    expect(trust.condition[0].values).toEqual(['system:serviceaccount:kube-system:cluster-autoscaler']);
    const policy = platform.resource('aws_iam_role_policy', 'eks/cluster-autoscaler-role/policy');
    const [scale, discover, nodeGroups] = platform.policyStatements(policy.values.policy);
    expect(scale).toMatchObject({
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/acme-test', values: ['owned'] }],
    });
    expect(discover.actions).toContain('autoscaling:DescribeAutoScalingGroups');
    expect(discover.actions.every((action: string) => /^(autoscaling|ec2):Describe/.test(action))).toBe(true);
    expect(nodeGroups.resources).toEqual(['arn:aws:eks:eu-west-1:123456789012:nodegroup/acme-test/*/*']);
    expect(platform.json.output['eks-cluster-autoscaler-role-arn'].value).toBe(TerraformJson.ref(role, 'arn'));
  });
});

function nodeRolePolicies(platform: TerraformJson): string[] {
  const role = platform.resource('aws_iam_role', 'eks/node-role/role');
  return platform
    .resources('aws_iam_role_policy_attachment')
    .filter((attachment) => attachment.values.role === TerraformJson.ref(role, 'name'))
    .map((attachment) => attachment.values.policy_arn.replace('arn:aws:iam::aws:policy/', ''))
    .sort();
}

describe('EksCluster props checks (for use outside the environment config)', () => {
  test('GIVEN a public endpoint open to 0.0.0.0/0 THEN construction fails with UserError', () => {
    const build = () =>
      new EksCluster(new TerraformStack(new App(), 'stack'), 'cluster', {
        name: 'c',
        version: '1.33',
        supportType: 'STANDARD',
        accountId: '123456789012',
        subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        logRetentionDays: 30,
        logKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
        publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'],
        privateAccessCidrs: {},
        clusterAdminRoleArns: {},
      });
    expect(build).toThrow(UserError);
    expect(build).toThrow(/^EksCluster cluster: publicAccessCidrs 0\.0\.0\.0\/0 would open the Kubernetes API to the whole internet$/);
  });
});
