import { Construct } from 'constructs';
import { Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import { platformAwsProvider } from '../lib/core/aws-provider';
import { defaultTags } from '../lib/core/default-tags';
import { useEnvironmentStateBackend } from './environment-state';
import { LogEncryptionKey } from '../lib/observability/log-encryption-key';
import { VpcNetwork } from '../lib/network/vpc-network';
import { LoadBalancersAfterTheirSecurityGroupRules } from '../lib/network/load-balancer-rule-order';
import { existingNetwork } from '../lib/network/existing-network';
import type { NetworkRefs } from '../lib/network/network-refs';
import { PlatformDns } from '../lib/dns/platform-dns';
import { EksPlatform } from '../lib/eks/eks-platform';
import { EnvoyConfigBundle } from '../lib/envoy/envoy-config-bundle';
import type { EnvironmentEnvoy, EnvoyProxyBundle } from '../lib/envoy/envoy-proxy-bundle';
import { ApiGatewayPlatform } from '../lib/apigw/apigw-platform';
import { APIGW_CONSTRUCT_ID } from '../lib/apigw/construct-paths';
import { InvalidPropsError } from '../lib/core/invalid-props-error';
import { EcsPlatform } from '../lib/ecs/ecs-platform';
import { taskDefinitionsOutput } from '../lib/ecs/task-definitions-output';
import { recordConfigOrigin } from '../lib/core/config-origin';
import { moveRenamedResources } from '../lib/core/moved-resources';
import { checkRenamesMoved, renamedEntries } from './renamed-constructs';
import { addPlatformOperations } from './platform-operations';

/** The config key of each EKS add-on, by the add-on's EKS name (EksPlatform.addons). */
const EKS_ADDON_KEYS: Readonly<Record<string, string>> = {
  'vpc-cni': 'vpcCni',
  'kube-proxy': 'kubeProxy',
  'eks-pod-identity-agent': 'podIdentityAgent',
  coredns: 'coredns',
};

/**
 * Everything one environment runs, in one Terraform state. Each construct
 * built from an entry of the environment file records that entry's key path
 * (recordConfigOrigin), so a policy finding on a resource below it points at
 * the entry's `environments/<file>:line:col`; the log key and the sidecars'
 * secrets come from no single entry. Why one stack and
 * not network/platform/services layers: CDKTF turns a cross-stack reference
 * into a `terraform_remote_state` read, which needs the producer applied and
 * AWS access at plan time; that breaks offline plans in review and the first
 * plan of a new environment. Constructs take plain ids, so a layer can be
 * split out later with `terraform state mv`.
 */
export class PlatformStack extends TerraformStack {
  public readonly network: NetworkRefs;
  public readonly logKey: LogEncryptionKey;
  public readonly dns: PlatformDns;
  /** Each service's validated Envoy sidecar (config, ports, secrets), by service name, for the ECS task definitions. */
  public readonly envoyProxies: Readonly<Record<string, EnvoyProxyBundle>>;
  /** API Gateway → VPC link → internal NLB for the `ingress: apigw` services; `targetFor(name)` for their ECS services. */
  public readonly apiGateway?: ApiGatewayPlatform;
  /** The ECS cluster, Fargate services and public ALB; absent when the environment has no services. */
  public readonly ecs?: EcsPlatform;
  /** The EKS cluster and node groups; absent without an `eks` section. */
  public readonly eks?: EksPlatform;

  /**
   * @param environment the resolved environment (lib/config/resolved-environment.ts)
   * @param envoy its sidecars, rendered and validated by the pipeline's Envoy step (lib/synth/render-envoy.ts)
   */
  constructor(scope: Construct, id: string, environment: ResolvedEnvironment, envoy: EnvironmentEnvoy) {
    super(scope, id);
    // The ALB and the NLB switch to a replaced security group only once its rules exist (lib/network/load-balancer-rule-order.ts).
    Aspects.of(this).add(new LoadBalancersAfterTheirSecurityGroupRules());
    const { config, namePrefix } = environment;
    useEnvironmentStateBackend(this, config, 'platform');
    platformAwsProvider(this, {
      region: config.account.region,
      accountId: config.account.id,
      defaultTags: defaultTags(config),
    });

    this.logKey = new LogEncryptionKey(this, 'log-key', {
      accountId: config.account.id,
      region: config.account.region,
      aliasName: `${namePrefix}-logs`,
    });
    recordConfigOrigin(this.logKey, []);

    const eksClusterName = config.eks ? (config.eks.clusterName ?? namePrefix) : undefined;
    const vpc = config.network.vpc;
    const createdNetwork = vpc
      ? new VpcNetwork(this, 'network', {
          namePrefix,
          accountId: config.account.id,
          region: config.account.region,
          cidr: vpc.cidr,
          availabilityZones: vpc.availabilityZones,
          natGateways: vpc.natGateways,
          publicSubnetCidrs: vpc.subnets?.public,
          privateSubnetCidrs: vpc.subnets?.private,
          clusterNames: eksClusterName ? [eksClusterName] : undefined,
          flowLogs: { ...vpc.flowLogs, kmsKeyArn: this.logKey.arn },
        })
      : undefined;
    recordConfigOrigin(createdNetwork, ['network', 'vpc']);
    this.network = createdNetwork ?? existingNetwork(config.network.existingVpc!);

    // Envoy sidecars: rendered and validated against Envoy's v3 API by the pipeline before this stack is built (an
    // invalid config stops synth), bundled into the synth output for review; the hashes show any config change in `terraform plan`.
    this.envoyProxies = envoy.proxies;
    new EnvoyConfigBundle(this, 'envoy', { source: envoy.bundle });
    new TerraformOutput(this, 'envoy-config-sha256', {
      value: Object.fromEntries(Object.entries(this.envoyProxies).map(([service, proxy]) => [service, proxy.sha256])),
    });

    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private-subnet-ids', { value: this.network.privateSubnetIds });

    this.dns = new PlatformDns(this, 'dns', {
      namePrefix,
      domain: config.dns.domain,
      publicZone: config.dns.publicZone,
      privateZone: config.dns.privateZone && { name: config.dns.privateZone.name, vpcId: this.network.vpcId },
      edgeCertificate: config.dns.edgeCertificate,
    });
    recordConfigOrigin(this.dns, ['dns']);
    recordConfigOrigin(this.dns.edgeCertificate, ['dns', 'edgeCertificate']);
    new TerraformOutput(this, 'public-zone-id', { value: this.dns.publicZoneId });
    if (this.dns.publicNameServers) {
      new TerraformOutput(this, 'public-zone-name-servers', {
        value: this.dns.publicNameServers,
        description: 'Delegate the domain to these name servers (NS record in the parent zone) before certificates can validate',
      });
    }
    if (this.dns.privateZoneId) new TerraformOutput(this, 'private-zone-id', { value: this.dns.privateZoneId });
    new TerraformOutput(this, 'edge-certificate-arn', { value: this.dns.edgeCertificate.certificateArn });

    // API Gateway (REST, IAM auth) → VPC link → internal NLB (TLS) → Envoy, for every ingress: apigw service (docs/apigw.md).
    const apiServices = Object.entries(environment.apiServices);
    if (apiServices.length > 0) {
      this.apiGateway = new ApiGatewayPlatform(this, APIGW_CONSTRUCT_ID, {
        namePrefix,
        accountId: config.account.id,
        region: config.account.region,
        network: this.network,
        publicZone: this.dns.publicZone,
        privateZone: this.dns.privateZone,
        domainName: environment.apiDomainName,
        logKmsKeyArn: this.logKey.arn,
        logRetentionDays: config.apiGateway.accessLogs.retentionDays ?? config.logs.retentionDays,
        deletionProtection: config.tier === 'production',
        manageAccountCloudWatchRole: config.apiGateway.manageAccountCloudWatchRole,
        executeApiEndpoint: config.apiGateway.executeApiEndpoint,
        services: Object.fromEntries(
          apiServices.map(([name, service]) => {
            const ingress = this.envoyProxies[name]?.ports.ingress;
            if (!ingress) throw new InvalidPropsError(`service ${name}`, "ingress: apigw needs Envoy's TLS ingress listener, but envoy.listeners.ingress is false");
            return [name, { ...service, targetPort: ingress.port, healthPath: ingress.healthPath }];
          }),
        ),
      });
      recordConfigOrigin(this.apiGateway, ['apiGateway']);
      for (const [name] of apiServices) {
        // A service's API settings, where the file has them; else the service itself.
        const origin = Object.hasOwn(config.apiGateway.services, name) ? ['apiGateway', 'services', name] : ['services', name];
        recordConfigOrigin(this.apiGateway.listeners[name], origin);
        recordConfigOrigin(this.apiGateway.apis[name], origin);
      }
      new TerraformOutput(this, 'api-domain-name', { value: this.apiGateway.customDomain.domainName });
      new TerraformOutput(this, 'api-stage-execution-arns', {
        value: Object.fromEntries(Object.entries(this.apiGateway.apis).map(([name, api]) => [name, api.stage.executionArn])),
      });
    }

    // ECS Fargate services with their Envoy sidecars, behind the public ALB (docs/ecs.md).
    if (Object.keys(config.services).length > 0) {
      this.ecs = new EcsPlatform(this, 'ecs', {
        namePrefix,
        accountId: config.account.id,
        region: config.account.region,
        production: config.tier === 'production',
        network: this.network,
        publicZone: this.dns.publicZone,
        certificateArn: this.dns.edgeCertificate.certificateArn,
        logRetentionDays: config.logs.retentionDays,
        logKmsKeyArn: this.logKey.arn,
        ecs: config.ecs,
        services: config.services,
        proxies: this.envoyProxies,
        envoyImage: config.envoy.image,
        externalTargets: this.apiGateway
          ? Object.fromEntries(apiServices.map(([name]) => [name, this.apiGateway!.targetFor(name)]))
          : {},
        environmentApiInvokeArns: this.apiGateway
          ? Object.fromEntries(Object.entries(this.apiGateway.apis).map(([name, api]) => [name, api.invokeStatement().resources![0]]))
          : {},
      });
      recordConfigOrigin(this.ecs, ['ecs']);
      recordConfigOrigin(this.ecs.alb, ['ecs', 'alb']);
      recordConfigOrigin(this.ecs.imagePullCache, ['envoy', 'image']);
      recordConfigOrigin(this.ecs.proxySecrets, []);
      for (const name of Object.keys(config.services)) {
        recordConfigOrigin(this.ecs.services[name], ['services', name]);
        recordConfigOrigin(this.ecs.albRoutes[name], ['services', name]);
      }
      new TerraformOutput(this, 'ecs-cluster-name', { value: this.ecs.cluster.name });
      taskDefinitionsOutput(this, Object.fromEntries(Object.entries(this.ecs.services).map(([name, service]) => [name, service.taskDefinition.arn])));
      if (this.ecs.alb) new TerraformOutput(this, 'alb-dns-name', { value: this.ecs.alb.loadBalancer.dnsName });
    }

    // EKS with managed Spot node groups for Cluster Autoscaler (docs/eks.md).
    if (config.eks && eksClusterName) {
      const { addons, endpoint, nodeGroups } = config.eks;
      const eks = (this.eks = new EksPlatform(this, 'eks', {
        clusterName: eksClusterName,
        version: config.eks.version,
        supportType: config.eks.supportType,
        accountId: config.account.id,
        region: config.account.region,
        network: this.network,
        logRetentionDays: config.eks.logRetentionDays ?? config.logs.retentionDays,
        logKmsKeyArn: this.logKey.arn,
        publicAccessCidrs: endpoint.publicAccess ? endpoint.publicAccessCidrs : [],
        privateAccessCidrs: endpoint.privateAccessCidrs,
        clusterAdminRoleArns: config.eks.clusterAdmins,
        addons,
        clusterAutoscaler: config.eks.clusterAutoscaler,
        nodeVolumeKmsKeyArn: config.eks.nodeVolumeKmsKeyArn,
        instanceTags: defaultTags(config),
        nodeGroups: Object.fromEntries(
          Object.entries(nodeGroups).map(([key, { instanceTypes, instanceRequirement, rootVolume, ...group }]) => [
            key,
            { ...group, instances: instanceTypes ? { instanceTypes } : { requirement: instanceRequirement! }, rootVolumeSizeGiB: rootVolume.sizeGiB },
          ]),
        ),
      }));
      recordConfigOrigin(eks, ['eks']);
      for (const [key, groups] of Object.entries(eks.nodeGroupsByKey)) for (const group of groups) recordConfigOrigin(group, ['eks', 'nodeGroups', key]);
      for (const [name, addon] of Object.entries(eks.addons)) recordConfigOrigin(addon, ['eks', 'addons', EKS_ADDON_KEYS[name] ?? name]);
      new TerraformOutput(this, 'eks-cluster-name', { value: eks.cluster.name });
      new TerraformOutput(this, 'eks-oidc-provider-arn', { value: eks.cluster.oidcProvider.arn });
      new TerraformOutput(this, 'eks-cluster-autoscaler-role-arn', { value: eks.clusterAutoscalerRole.arn });
    }

    // Endpoints, web ACL, alarms (deployments roll back on them) and the dashboard (docs/operations.md).
    addPlatformOperations(this, environment, { network: this.network, createdNetwork, logKeyArn: this.logKey.arn, apiGateway: this.apiGateway, ecs: this.ecs, eks: this.eks });

    // `renamedFrom` in the environment file: the renamed service's or node group's resources keep their state.
    const renamed = renamedEntries(config);
    checkRenamesMoved(config, renamed, moveRenamedResources(this, renamed.flatMap((entry) => entry.constructs)));
  }
}
