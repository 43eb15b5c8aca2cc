import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { platformAwsProvider } from '../lib/core/aws-provider';
import { defaultTags } from '../lib/core/default-tags';
import { useS3StateBackend } from '../lib/core/state-backend';
import { LogEncryptionKey } from '../lib/observability/log-encryption-key';
import { VpcNetwork } from '../lib/network/vpc-network';
import { existingNetwork } from '../lib/network/existing-network';
import type { NetworkRefs } from '../lib/network/network-refs';
import { EnvoyConfigBundle } from '../lib/envoy/envoy-config-bundle';
import type { EnvoyProxyBundle } from '../lib/envoy/envoy-proxy-bundle';
import { renderEnvironmentProxies } from '../lib/envoy/render-service-proxy';

/**
 * Everything one environment runs, in one Terraform state. Why one stack and
 * not network/platform/services layers: CDKTF turns a cross-stack reference
 * into a `terraform_remote_state` read, which needs the producer applied and
 * AWS access at plan time; that breaks offline plans in review and the first
 * plan of a new environment. Constructs take plain ids, so a layer can be
 * split out later with `terraform state mv`.
 */
export class PlatformStack extends TerraformStack {
  public readonly network: NetworkRefs;
  public readonly logKey: LogEncryptionKey;
  /** Each service's validated Envoy sidecar (config, ports, secrets), by service name, for the ECS task definitions. */
  public readonly envoyProxies: Readonly<Record<string, EnvoyProxyBundle>>;

  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id);
    const namePrefix = `${config.project}-${config.name}`;
    useS3StateBackend(this, {
      bucket: config.state.bucket,
      region: config.state.region ?? config.account.region,
      key: `${config.name}/platform.tfstate`,
      kmsKeyArn: config.state.kmsKeyArn,
      locking:
        config.state.locking === 'dynamodb' ? { kind: 'dynamodb', table: config.state.dynamodbTable! } : { kind: 's3-lockfile' },
    });
    platformAwsProvider(this, {
      region: config.account.region,
      accountId: config.account.id,
      assumeRoleArn: config.account.deployRoleArn,
      sessionName: `terraform-${config.name}`,
      defaultTags: defaultTags(config),
    });

    this.logKey = new LogEncryptionKey(this, 'log-key', {
      accountId: config.account.id,
      region: config.account.region,
      aliasName: `${namePrefix}-logs`,
    });

    const vpc = config.network.vpc;
    this.network = vpc
      ? new VpcNetwork(this, 'network', {
          namePrefix,
          accountId: config.account.id,
          cidr: vpc.cidr,
          availabilityZones: vpc.availabilityZones,
          natGateways: vpc.natGateways,
          publicSubnetCidrs: vpc.subnets?.public,
          privateSubnetCidrs: vpc.subnets?.private,
          flowLogs: { ...vpc.flowLogs, kmsKeyArn: this.logKey.arn },
        })
      : existingNetwork(config.network.existingVpc!);

    // Envoy sidecars: rendered and validated against Envoy's v3 API at synth (an invalid config stops synth),
    // bundled into the synth output for review; the hashes show any config change in `terraform plan`.
    this.envoyProxies = renderEnvironmentProxies(config);
    new EnvoyConfigBundle(this, 'envoy', { proxies: this.envoyProxies });
    new TerraformOutput(this, 'envoy-config-sha256', {
      value: Object.fromEntries(Object.entries(this.envoyProxies).map(([service, proxy]) => [service, proxy.sha256])),
    });

    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private-subnet-ids', { value: this.network.privateSubnetIds });
  }
}
