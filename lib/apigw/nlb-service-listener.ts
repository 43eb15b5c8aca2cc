import { Construct } from 'constructs';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { AliasRecord } from '../dns/alias-record';
import { AliasTarget } from '../dns/alias-target';
import { DnsValidatedCertificate } from '../dns/dns-validated-certificate';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';
import { boundedName, boundedNamePrefix, TARGET_GROUP_NAME_PREFIX_LENGTH } from '../construct-support/naming';
import type { InternalNlb } from './internal-nlb';
import { envoyTargetHealthCheck } from '../envoy/envoy-target-health-check';

/**
 * TLS 1.3 and 1.2 only, forward-secret ciphers
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html).
 * API Gateway's integrations speak TLS 1.2 and 1.3.
 */
export const NLB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface NlbServiceListenerProps {
  /** Prefix of resource names, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly serviceName: string;
  readonly nlb: InternalNlb;
  readonly vpcId: string;
  /** Public zone the certificate is validated in. */
  readonly validationZone: HostedZoneRef;
  /**
   * Private zone for the alias of `hostName`. API Gateway does not resolve the name (the VPC link carries the
   * connection; the name is only the Host header, SNI and what the certificate is checked against), so the record
   * is for people and tools in the VPC. @default - no alias record
   */
  readonly privateZone?: HostedZoneRef;
  /** The NLB's name for this service (alias A record in the private zone); API Gateway calls it. */
  readonly hostName: string;
  /** Names on the listener certificate, primary first. */
  readonly certificateNames: readonly string[];
  /** The listener's port, distinct per service. */
  readonly listenerPort: number;
  /** Envoy's TLS ingress port in the task: the target group's port. */
  readonly targetPort: number;
  /** Health-check path, served by the application through Envoy. */
  readonly healthPath: string;
  /** @default 30 - seconds; ECS drains a task for this long before stopping it */
  readonly deregistrationDelaySeconds?: number;
}

/**
 * One `apigw` service's entry on the internal NLB: a TLS listener on its own
 * port (an NLB cannot route by SNI) with a public ACM certificate for the
 * service's name under the private zone, and a TLS target group of task IPs
 * on Envoy's ingress port. Traffic is encrypted on every hop: API Gateway
 * verifies this certificate, the NLB opens a new TLS connection to Envoy
 * (NLBs do not verify target certificates, so Envoy's own certificate only
 * needs to be valid TLS, not publicly trusted).
 */
export class NlbServiceListener extends Construct {
  public readonly certificate: DnsValidatedCertificate;
  public readonly targetGroup: LbTargetGroup;
  public readonly listener: LbListener;
  public readonly hostName: string;
  public readonly listenerPort: number;
  /** Names on the listener certificate, for the integration host check. */
  public readonly certificateNames: readonly string[];

  constructor(scope: Construct, id: string, props: NlbServiceListenerProps) {
    super(scope, id);
    const [primaryName, ...alternativeNames] = props.certificateNames;
    const deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    this.hostName = props.hostName;
    this.listenerPort = props.listenerPort;

    // A public certificate for an internal name: validated through the public zone, the A record stays private.
    this.certificate = new DnsValidatedCertificate(this, 'certificate', {
      validationZone: props.validationZone,
      domainName: primaryName,
      subjectAlternativeNames: alternativeNames,
    });
    this.certificateNames = this.certificate.names;
    if (props.privateZone) {
      new AliasRecord(this, 'alias', { zone: props.privateZone, name: props.hostName, target: AliasTarget.loadBalancer(props.nlb.loadBalancer) });
    }

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      // Replaced on a new target port: the listener and the ECS service must move to the new group before the old one
      // can be deleted (DeleteTargetGroup refuses a group a listener forwards to: ResourceInUse), hence
      // create_before_destroy and a generated name (names are unique per account and region: DuplicateTargetGroupName).
      namePrefix: boundedNamePrefix([props.serviceName], TARGET_GROUP_NAME_PREFIX_LENGTH),
      tags: { Name: boundedName([props.namePrefix, props.serviceName, 'nlb'], 32) },
      port: props.targetPort,
      protocol: 'TLS',
      targetType: 'ip',
      vpcId: props.vpcId,
      // The tasks see the NLB's addresses as source, so their security group can admit the NLB's group.
      preserveClientIp: 'false',
      deregistrationDelay: String(deregistrationDelay),
      healthCheck: envoyTargetHealthCheck(props.healthPath),
      lifecycle: { createBeforeDestroy: true },
    });

    this.listener = new LbListener(this, 'listener', {
      loadBalancerArn: props.nlb.loadBalancer.arn,
      port: props.listenerPort,
      protocol: 'TLS',
      sslPolicy: NLB_TLS_POLICY,
      certificateArn: this.certificate.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
  }
}
