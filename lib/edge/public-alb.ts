import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { albAccessLogBucketName, boundedName, boundedNamePrefix } from '../construct-support/naming';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';
import { AccessLogBucket } from './access-log-bucket';
import { AlbServiceRoute, type AlbServiceRouteProps } from './alb-service-route';
import { invalidProps } from '../util/user-error';

/** TLS 1.3 and 1.2 only, forward-secret AEAD ciphers (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html). */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Listener rule priorities run 1-50000; a rule's priority is derived from its service name (see priorityOf). */
const MAX_PRIORITY = 50000;

export interface PublicAlbProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
  /** Validated ARN of the edge certificate (`<domain>` and `*.<domain>`). */
  readonly certificateArn: string;
  /** Zone the service names are published in. */
  readonly zone: HostedZoneRef;
  /** @default false */
  readonly deletionProtection?: boolean;
  readonly idleTimeoutSeconds: number;
  readonly accessLogRetentionDays: number;
  /** Delete the access-log bucket with its logs on destroy (see AccessLogBucketProps.forceDestroy). @default false */
  readonly accessLogsForceDestroy?: boolean;
}

/**
 * The internet-facing ALB of an environment: HTTPS on 443 with the edge
 * certificate and a TLS 1.3/1.2 policy, HTTP on 80 answering only with a
 * redirect, invalid header fields dropped, access logs in a bucket of its
 * own. It answers 404 to unknown host names; each service adds a host-header
 * route with `addService`.
 */
export class PublicAlb extends Construct {
  public readonly loadBalancer: Lb;
  public readonly securityGroup: SecurityGroup;
  public readonly httpsListener: LbListener;
  public readonly accessLogs: AccessLogBucket;
  private readonly props: PublicAlbProps;
  private readonly priorities = new Map<number, string>();

  constructor(scope: Construct, id: string, props: PublicAlbProps) {
    super(scope, id);
    this.props = props;
    const name = boundedName([props.namePrefix, 'edge'], 32);

    // A change that replaces the group (its description, the VPC) must create the new one before the old goes: the
    // ALB holds the old one until it is switched (DeleteSecurityGroup: DependencyViolation), and a fixed name would
    // collide with it (CreateSecurityGroup: InvalidGroup.Duplicate). Hence a generated name and create-before-destroy.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: boundedNamePrefix([props.namePrefix, 'edge-alb'], 100),
      description: `Internet-facing ALB of ${props.namePrefix}`,
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-edge-alb` },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const port of [443, 80]) {
      // IPv4 only: the load balancer is not dual-stack, so ::/0 would open nothing.
      new VpcSecurityGroupIngressRule(this, `ingress-${port}`, {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: port === 443 ? 'HTTPS from the internet' : 'HTTP from the internet, redirected to HTTPS',
      });
    }

    this.accessLogs = new AccessLogBucket(this, 'access-logs', {
      bucketName: albAccessLogBucketName(props.namePrefix, props.accountId),
      accountId: props.accountId,
      region: props.region,
      retentionDays: props.accessLogRetentionDays,
      forceDestroy: props.accessLogsForceDestroy ?? false,
    });

    this.loadBalancer = new Lb(this, 'alb', {
      name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'ipv4',
      securityGroups: [this.securityGroup.id],
      subnets: [...props.publicSubnetIds],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      idleTimeout: props.idleTimeoutSeconds,
      accessLogs: { bucket: this.accessLogs.bucket.id, enabled: true },
      dependsOn: [this.accessLogs.policy],
    });

    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: ALB_TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Not found', statusCode: '404' } }],
    });
    new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });
  }

  /** Construct id of a service's route (target group, rule, alias record): `service-<name>`. */
  static routeId(serviceName: string): string {
    return `service-${serviceName}`;
  }

  /** Construct id of the ALB's egress rule to a service's tasks: `egress-<name>`. */
  static egressRuleId(serviceName: string): string {
    return `egress-${serviceName}`;
  }

  /** A service behind this ALB: its target group, host-header rule, alias record and the egress rule to its tasks. */
  addService(serviceName: string, props: Omit<AlbServiceRouteProps, 'namePrefix' | 'vpcId' | 'loadBalancer' | 'listener' | 'zone' | 'priority' | 'serviceName'>): AlbServiceRoute {
    const priority = priorityOf(serviceName);
    const other = this.priorities.get(priority);
    if (other) {
      throw invalidProps(`PublicAlb ${this.node.path}`, `services ${other} and ${serviceName} hash to the same listener rule priority ${priority}; rename one`);
    }
    this.priorities.set(priority, serviceName);
    return new AlbServiceRoute(this, PublicAlb.routeId(serviceName), {
      ...props,
      serviceName,
      namePrefix: this.props.namePrefix,
      vpcId: this.props.vpcId,
      loadBalancer: this.loadBalancer,
      listener: this.httpsListener,
      zone: this.props.zone,
      priority,
    });
  }

  /** Lets the ALB reach a service's tasks on one port, and nothing else. */
  allowTo(serviceName: string, tasksSecurityGroupId: string, port: number): VpcSecurityGroupEgressRule {
    return new VpcSecurityGroupEgressRule(this, PublicAlb.egressRuleId(serviceName), {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: tasksSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `To the Envoy TLS listener of ${serviceName}`,
    });
  }
}

/**
 * A listener rule priority that depends only on the service name: host-header
 * rules never overlap, so their order does not matter, and a priority that
 * never shifts when services are added or removed avoids the transient
 * "priority in use" errors of renumbering.
 */
export function priorityOf(serviceName: string): number {
  return 1 + (createHash('sha256').update(serviceName).digest().readUInt32BE(0) % MAX_PRIORITY);
}
