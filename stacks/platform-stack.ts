import { Construct } from 'constructs';
import { Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import type { ResolvedEnvironment } from '../lib/config/resolved-environment';
import type { EksConfig } from '../lib/config/eks-schema';
import { platformAwsProvider } from '../lib/construct-support/aws-provider';
import { defaultTags } from '../lib/construct-support/default-tags';
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
import { EcsPlatform } from '../lib/ecs/ecs-platform';
import { taskDefinitionsOutput } from '../lib/ecs/task-definitions-output';
import { recordConfigOrigin } from '../lib/construct-support/config-origin';
import { moveRenamedResources } from '../lib/construct-support/moved-resources';
import { checkRenamesMoved, renamedEntries } from './renamed-constructs';
import { invalidProps } from '../lib/util/user-error';
import { addPlatformOperations } from './platform-operations';

/** Ids of the ECS and EKS parts in the stack (Terraform addresses begin with them); API Gateway's is APIGW_CONSTRUCT_ID. */
const ECS_ID = 'ecs';
const EKS_ID = 'eks';

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
    const { config } = environment;
    useEnvironmentStateBackend(this, environment, 'platform');
    platformAwsProvider(this, { region: config.account.region, accountId: config.account.id, defaultTags: defaultTags(config) });
    this.logKey = new LogEncryptionKey(this, 'log-key', { accountId: config.account.id, region: config.account.region, aliasName: `${environment.namePrefix}-logs` });
    recordConfigOrigin(this.logKey, []);
    const createdNetwork = this.addNetwork(environment);
    this.network = createdNetwork ? createdNetwork : existingNetwork(config.network.existingVpc!);

    // Envoy sidecars: rendered and validated against Envoy's v3 API by the pipeline before this stack is built (an
    // invalid config stops synth), bundled into the synth output for review; the hashes show any config change in `terraform plan`.
    this.envoyProxies = envoy.proxies;
    new EnvoyConfigBundle(this, 'envoy', { source: envoy.bundle });
    new TerraformOutput(this, 'envoy-config-sha256', {
      value: Object.fromEntries(Object.entries(this.envoyProxies).map(([service, proxy]) => [service, proxy.sha256])),
    });
    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private-subnet-ids', { value: this.network.privateSubnetIds });

    this.dns = this.addDns(environment);
    this.apiGateway = Object.keys(environment.apiServices).length > 0 ? this.addApiGateway(environment) : undefined;
    this.ecs = Object.keys(config.services).length > 0 ? this.addEcs(environment) : undefined;
    this.eks = config.eks && environment.eksClusterName ? this.addEks(environment, config.eks, environment.eksClusterName) : undefined;

    // Endpoints, web ACL, alarms (deployments roll back on them) and the dashboard (docs/operations.md).
    addPlatformOperations(this, environment, { network: this.network, createdNetwork, logKeyArn: this.logKey.arn, apiGateway: this.apiGateway, ecs: this.ecs, eks: this.eks });

    // `renamedFrom` in the environment file: the renamed service's or node group's resources keep their state.
    const renamed = renamedEntries(config, { ecs: ECS_ID, apiGateway: APIGW_CONSTRUCT_ID, eks: EKS_ID });
    checkRenamesMoved(
      config,
      renamed,
      moveRenamedResources(
        this,
        renamed.flatMap((entry) => entry.constructs),
      ),
    );
  }

  /** The VPC built here (`network.vpc`); none when the environment uses an existing one (`network.existingVpc`). */
  private addNetwork({ config, namePrefix, eksClusterName, subnetCidrs }: ResolvedEnvironment): VpcNetwork | undefined {
    const vpc = config.network.vpc;
    if (!vpc || !subnetCidrs) return undefined;
    const network = new VpcNetwork(this, 'network', {
      namePrefix,
      accountId: config.account.id,
      region: config.account.region,
      cidr: vpc.cidr,
      availabilityZones: vpc.availabilityZones,
      natGateways: vpc.natGateways,
      publicSubnetCidrs: subnetCidrs.public,
      privateSubnetCidrs: subnetCidrs.private,
      clusterNames: eksClusterName ? [eksClusterName] : [],
      flowLogs: { ...vpc.flowLogs, kmsKeyArn: this.logKey.arn },
    });
    recordConfigOrigin(network, ['network', 'vpc']);
    return network;
  }

  private addDns({ config, namePrefix }: ResolvedEnvironment): PlatformDns {
    const dns = new PlatformDns(this, 'dns', {
      namePrefix,
      domain: config.dns.domain,
      publicZone: config.dns.publicZone,
      privateZone: config.dns.privateZone && { name: config.dns.privateZone.name, vpcId: this.network.vpcId },
      edgeCertificate: config.dns.edgeCertificate,
    });
    recordConfigOrigin(dns, ['dns']);
    recordConfigOrigin(dns.edgeCertificate, ['dns', 'edgeCertificate']);
    new TerraformOutput(this, 'public-zone-id', { value: dns.publicZoneId });
    if (dns.publicNameServers) {
      new TerraformOutput(this, 'public-zone-name-servers', {
        value: dns.publicNameServers,
        description: 'Delegate the domain to these name servers (NS record in the parent zone) before certificates can validate',
      });
    }
    if (dns.privateZoneId) new TerraformOutput(this, 'private-zone-id', { value: dns.privateZoneId });
    new TerraformOutput(this, 'edge-certificate-arn', { value: dns.edgeCertificate.certificateArn });
    return dns;
  }

  /** API Gateway (REST, IAM auth) → VPC link → internal NLB (TLS) → Envoy, for every ingress: apigw service (docs/apigw.md). */
  private addApiGateway(environment: ResolvedEnvironment): ApiGatewayPlatform {
    const { config } = environment;
    const apiServices = Object.entries(environment.apiServices);
    const apiGateway = new ApiGatewayPlatform(this, APIGW_CONSTRUCT_ID, {
      namePrefix: environment.namePrefix,
      accountId: config.account.id,
      region: config.account.region,
      network: this.network,
      publicZone: this.dns.publicZone,
      privateZone: this.dns.privateZone,
      domainName: environment.apiDomainName,
      logKmsKeyArn: this.logKey.arn,
      logRetentionDays: environment.logRetentionDays.apiGatewayAccess,
      deletionProtection: environment.production,
      manageAccountCloudWatchRole: config.apiGateway.manageAccountCloudWatchRole,
      executeApiEndpoint: config.apiGateway.executeApiEndpoint,
      services: Object.fromEntries(
        apiServices.map(([name, service]) => {
          const ingress = this.envoyProxies[name]?.ports.ingress;
          if (!ingress) throw invalidProps(`service ${name}`, "ingress: apigw needs Envoy's TLS ingress listener, but envoy.listeners.ingress is false");
          return [name, { ...service, targetPort: ingress.port, healthPath: ingress.healthPath }];
        }),
      ),
    });
    recordConfigOrigin(apiGateway, ['apiGateway']);
    for (const [name] of apiServices) {
      // A service's API settings, where the file has them; else the service itself.
      const origin = Object.hasOwn(config.apiGateway.services, name) ? ['apiGateway', 'services', name] : ['services', name];
      recordConfigOrigin(apiGateway.listeners[name], origin);
      recordConfigOrigin(apiGateway.apis[name], origin);
    }
    new TerraformOutput(this, 'api-domain-name', { value: apiGateway.customDomain.domainName });
    new TerraformOutput(this, 'api-stage-execution-arns', {
      value: Object.fromEntries(Object.entries(apiGateway.apis).map(([name, api]) => [name, api.stage.executionArn])),
    });
    return apiGateway;
  }

  /** ECS Fargate services with their Envoy sidecars, behind the public ALB (docs/ecs.md). */
  private addEcs(environment: ResolvedEnvironment): EcsPlatform {
    const { config } = environment;
    const apis = this.apiGateway ? Object.entries(this.apiGateway.apis) : [];
    const ecs = new EcsPlatform(this, ECS_ID, {
      namePrefix: environment.namePrefix,
      accountId: config.account.id,
      region: config.account.region,
      production: environment.production,
      network: this.network,
      publicZone: this.dns.publicZone,
      certificateArn: this.dns.edgeCertificate.certificateArn,
      logRetentionDays: environment.logRetentionDays.services,
      logKmsKeyArn: this.logKey.arn,
      ecs: config.ecs,
      services: config.services,
      hostnames: environment.serviceHostnames,
      proxies: this.envoyProxies,
      envoyImage: config.envoy.image,
      externalTargets: Object.fromEntries(apis.map(([name]) => [name, this.apiGateway!.targetFor(name)])),
      environmentApiInvokeArns: Object.fromEntries(apis.map(([name, api]) => [name, api.invokeStatement().resources![0]])),
    });
    recordConfigOrigin(ecs, ['ecs']);
    recordConfigOrigin(ecs.alb, ['ecs', 'alb']);
    recordConfigOrigin(ecs.imagePullCache, ['envoy', 'image']);
    recordConfigOrigin(ecs.proxySecrets, []);
    for (const name of Object.keys(config.services)) {
      recordConfigOrigin(ecs.services[name], ['services', name]);
      recordConfigOrigin(ecs.albRoutes[name], ['services', name]);
    }
    new TerraformOutput(this, 'ecs-cluster-name', { value: ecs.cluster.name });
    taskDefinitionsOutput(this, Object.fromEntries(Object.entries(ecs.services).map(([name, service]) => [name, service.taskDefinition.arn])));
    if (ecs.alb) new TerraformOutput(this, 'alb-dns-name', { value: ecs.alb.loadBalancer.dnsName });
    return ecs;
  }

  /** EKS with managed Spot node groups for Cluster Autoscaler (docs/eks.md). */
  private addEks(environment: ResolvedEnvironment, eksConfig: EksConfig, clusterName: string): EksPlatform {
    const { config } = environment;
    const { endpoint } = eksConfig;
    const eks = new EksPlatform(this, EKS_ID, {
      clusterName,
      version: eksConfig.version,
      supportType: eksConfig.supportType,
      accountId: config.account.id,
      region: config.account.region,
      network: this.network,
      logRetentionDays: environment.logRetentionDays.eks,
      logKmsKeyArn: this.logKey.arn,
      publicAccessCidrs: endpoint.publicAccess ? endpoint.publicAccessCidrs : [],
      privateAccessCidrs: endpoint.privateAccessCidrs,
      clusterAdminRoleArns: eksConfig.clusterAdmins,
      addons: eksConfig.addons,
      clusterAutoscaler: eksConfig.clusterAutoscaler,
      nodeVolumeKmsKeyArn: eksConfig.nodeVolumeKmsKeyArn,
      instanceTags: defaultTags(config),
      nodeGroups: Object.fromEntries(
        Object.entries(eksConfig.nodeGroups).map(([key, { instanceTypes, instanceRequirement, rootVolume, scaling, ...group }]) => [
          key,
          {
            ...group,
            instances: instanceTypes ? { instanceTypes } : { requirement: instanceRequirement! },
            rootVolumeSizeGiB: rootVolume.sizeGiB,
            minInstanceTypes: environment.eksNodeGroups[key].minInstanceTypes,
            scaling: { ...scaling, desiredSize: environment.eksNodeGroups[key].desiredSize },
          },
        ]),
      ),
    });
    recordConfigOrigin(eks, ['eks']);
    for (const [key, groups] of Object.entries(eks.nodeGroupsByKey)) for (const group of groups) recordConfigOrigin(group, ['eks', 'nodeGroups', key]);
    for (const [key, addon] of Object.entries(eks.addons)) recordConfigOrigin(addon, ['eks', 'addons', key]);
    new TerraformOutput(this, 'eks-cluster-name', { value: eks.cluster.name });
    new TerraformOutput(this, 'eks-oidc-provider-arn', { value: eks.cluster.oidcProvider.arn });
    new TerraformOutput(this, 'eks-cluster-autoscaler-role-arn', { value: eks.clusterAutoscalerRole.arn });
    return eks;
  }
}
