import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ApiGatewayVpcLink } from '@cdktf/provider-aws/lib/api-gateway-vpc-link';
import type { ApiAuthorization, ExecuteApiEndpoint } from './service-rest-api';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';
import type { NetworkRefs } from '../network/network-refs';
import { ApiCustomDomain } from './api-custom-domain';
import { ApiGatewayCloudWatchRole } from './api-gateway-cloudwatch-role';
import { apiConstructId } from './construct-paths';
import type { RenamedConstruct } from '../construct-support/moved-resources';
import { InternalNlb } from './internal-nlb';
import { NlbServiceListener } from './nlb-service-listener';
import { ServiceRestApi } from './service-rest-api';
import { invalidProps } from '../util/user-error';

/** One `ingress: apigw` service as the platform needs it. */
export interface ApiServiceProps {
  /** Envoy's TLS ingress port in the task (from the Envoy bundle): the target group's port. */
  readonly targetPort: number;
  /** The service's health path (from the Envoy bundle). */
  readonly healthPath: string;
  /** The NLB's name for this service in the private zone: the integration URI's host. */
  readonly hostName: string;
  /** Names on the NLB listener's certificate, primary first. */
  readonly certificateNames: readonly string[];
  readonly listenerPort: number;
  /** Base path under the custom domain. */
  readonly basePath: string;
  readonly authorization: ApiAuthorization;
  readonly stageName: string;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly xrayTracing: boolean;
}

export interface ApiGatewayPlatformProps {
  /** Prefix of resource names, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly network: NetworkRefs;
  readonly publicZone: HostedZoneRef;
  /** Private zone for the NLB names' aliases. @default - no alias records */
  readonly privateZone?: HostedZoneRef;
  /** Name of the regional custom domain, in the public zone. */
  readonly domainName: string;
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** @default false */
  readonly deletionProtection?: boolean;
  /** Manage API Gateway's account-level CloudWatch role (one per account and region). */
  readonly manageAccountCloudWatchRole: boolean;
  /** The APIs' default execute-api endpoint (every API here is mapped under the custom domain too). */
  readonly executeApiEndpoint: ExecuteApiEndpoint;
  /** The `apigw` services by name; at least one. */
  readonly services: Readonly<Record<string, ApiServiceProps>>;
}

/** What the ECS side registers: the NLB target group of a service and the group its tasks admit. */
export interface ApiTarget {
  readonly targetGroupArn: string;
  /** The NLB's security group: the task security group admits it on Envoy's port. */
  readonly sourceSecurityGroupId: string;
  /** The listener that puts the target group in use: ECS refuses a target group no load balancer uses. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * API Gateway in front of the `ingress: apigw` services:
 *
 * client ─TLS─▶ custom domain (regional REST API per service, IAM auth)
 *        ─VPC link (PrivateLink)─▶ internal NLB, TLS listener per service with a public ACM certificate
 *        for `<service>.internal.<domain>` (API Gateway verifies it) ─TLS─▶ Envoy in the task.
 *
 * One NLB and one VPC link for the environment (a VPC link v1 fronts one NLB;
 * services get a listener port each), one REST API per service (own stage
 * ARN for IAM, own deployments, throttling and logs), one custom domain with
 * a base path per API.
 */
export class ApiGatewayPlatform extends Construct {
  /** Construct id of a service's NLB listener, target group and certificate: `listener-<name>`. */
  static listenerId(serviceName: string): string {
    return `listener-${serviceName}`;
  }

  /** The constructs, relative to this one, whose ids derive from a service's name: what renaming the service moves. */
  static renamedServiceConstructs(from: string, to: string): RenamedConstruct[] {
    return [
      { parent: [], from: ApiGatewayPlatform.listenerId(from), to: ApiGatewayPlatform.listenerId(to) },
      { parent: [], from: apiConstructId(from), to: apiConstructId(to) },
    ];
  }

  public readonly nlb: InternalNlb;
  public readonly vpcLink: ApiGatewayVpcLink;
  public readonly customDomain: ApiCustomDomain;
  public readonly cloudWatchRole?: ApiGatewayCloudWatchRole;
  /** Each service's NLB listener, target group and certificate, by service name. */
  public readonly listeners: Readonly<Record<string, NlbServiceListener>>;
  /** Each service's REST API, by service name: `apis[name].invokeStatement()` for callers. */
  public readonly apis: Readonly<Record<string, ServiceRestApi>>;

  constructor(scope: Construct, id: string, props: ApiGatewayPlatformProps) {
    super(scope, id);
    const manageAccountCloudWatchRole = props.manageAccountCloudWatchRole;
    const services = Object.entries(props.services);
    if (services.length === 0) throw invalidProps(`ApiGatewayPlatform ${this.node.path}`, 'services: expected at least one apigw service');

    this.nlb = new InternalNlb(this, 'nlb', {
      namePrefix: props.namePrefix,
      network: props.network,
      targetPorts: services.map(([, service]) => service.targetPort),
      deletionProtection: props.deletionProtection,
    });
    this.vpcLink = new ApiGatewayVpcLink(this, 'vpc-link', {
      name: `${props.namePrefix}-apigw`,
      description: `API Gateway to the internal NLB of ${props.namePrefix}`,
      targetArns: [this.nlb.loadBalancer.arn],
    });
    this.customDomain = new ApiCustomDomain(this, 'domain', { zone: props.publicZone, domainName: props.domainName });
    if (manageAccountCloudWatchRole) {
      this.cloudWatchRole = new ApiGatewayCloudWatchRole(this, 'cloudwatch-role', {
        namePrefix: props.namePrefix,
        accountId: props.accountId,
        region: props.region,
      });
    }

    const listeners: Record<string, NlbServiceListener> = {};
    const apis: Record<string, ServiceRestApi> = {};
    for (const [name, service] of services) {
      const listener = new NlbServiceListener(this, ApiGatewayPlatform.listenerId(name), {
        namePrefix: props.namePrefix,
        serviceName: name,
        nlb: this.nlb,
        vpcId: props.network.vpcId,
        validationZone: props.publicZone,
        privateZone: props.privateZone,
        hostName: service.hostName,
        certificateNames: service.certificateNames,
        listenerPort: service.listenerPort,
        targetPort: service.targetPort,
        healthPath: service.healthPath,
      });
      listeners[name] = listener;
      apis[name] = new ServiceRestApi(this, apiConstructId(name), {
        namePrefix: props.namePrefix,
        serviceName: name,
        vpcLink: this.vpcLink,
        backend: listener,
        authorization: service.authorization,
        stageName: service.stageName,
        throttling: service.throttling,
        xrayTracing: service.xrayTracing,
        logKmsKeyArn: props.logKmsKeyArn,
        logRetentionDays: props.logRetentionDays,
        customDomain: { domainName: this.customDomain.domainName, basePath: service.basePath },
        executeApiEndpoint: props.executeApiEndpoint,
        stageDependsOn: this.cloudWatchRole && [this.cloudWatchRole.account],
      });
    }
    this.listeners = listeners;
    this.apis = apis;
  }

  /** The NLB target group and source security group of an `apigw` service, for its ECS service. */
  targetFor(serviceName: string): ApiTarget {
    const listener = this.listeners[serviceName];
    if (!listener) {
      throw invalidProps(`ApiGatewayPlatform ${this.node.path}`, `targetFor: ${serviceName} is not an apigw service (apigw services: ${Object.keys(this.listeners).join(', ')})`);
    }
    return { targetGroupArn: listener.targetGroup.arn, sourceSecurityGroupId: this.nlb.securityGroup.id, dependsOn: [listener.listener] };
  }
}
