import { Construct } from 'constructs';
import type { Lb } from '@cdktf/provider-aws/lib/lb';
import type { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { boundedName, boundedNamePrefix, TARGET_GROUP_NAME_PREFIX_LENGTH } from '../construct-support/naming';
import { AliasRecord } from '../dns/alias-record';
import { AliasTarget } from '../dns/alias-target';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';
import { envoyTargetHealthCheck } from '../envoy/envoy-target-health-check';

export interface AlbServiceRouteProps {
  readonly serviceName: string;
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly loadBalancer: Lb;
  readonly listener: LbListener;
  readonly zone: HostedZoneRef;
  readonly priority: number;
  /** Public name routed to the service (host header and alias record). */
  readonly hostname: string;
  /** The TLS port of the targets (Envoy's ingress listener). */
  readonly port: number;
  /** Health-check path, answered through the TLS listener. */
  readonly healthPath: string;
  readonly deregistrationDelaySeconds: number;
}

/**
 * One service behind the public ALB: an HTTPS target group of task IPs on the
 * sidecar's TLS port (the ALB encrypts to the target but does not verify its
 * certificate), a host-header rule forwarding to it, and the alias record of
 * the host name.
 */
export class AlbServiceRoute extends Construct {
  public readonly targetGroup: LbTargetGroup;
  public readonly rule: LbListenerRule;
  public readonly alias: AliasRecord;
  /** `<alb arn_suffix>/<target group arn_suffix>`: the label of ALBRequestCountPerTarget scaling. */
  public readonly requestCountResourceLabel: string;

  constructor(scope: Construct, id: string, props: AlbServiceRouteProps) {
    super(scope, id);
    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      // A new port (or protocol, VPC…) replaces the group, and the listener rule and the service must move to the new
      // one before the old can go: create_before_destroy. Target group names are unique per account and region
      // (CreateTargetGroup: DuplicateTargetGroupName), so the replacement needs a generated name: a prefix, with the
      // readable name in the Name tag.
      namePrefix: boundedNamePrefix([props.serviceName], TARGET_GROUP_NAME_PREFIX_LENGTH),
      tags: { Name: boundedName([props.namePrefix, props.serviceName, String(props.port)], 32) },
      port: props.port,
      protocol: 'HTTPS',
      targetType: 'ip',
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds),
      healthCheck: envoyTargetHealthCheck(props.healthPath),
      lifecycle: { createBeforeDestroy: true },
    });
    this.rule = new LbListenerRule(this, 'rule', {
      listenerArn: props.listener.arn,
      priority: props.priority,
      condition: [{ hostHeader: { values: [props.hostname] } }],
      action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    this.alias = new AliasRecord(this, 'alias', { zone: props.zone, name: props.hostname, target: AliasTarget.loadBalancer(props.loadBalancer) });
    this.requestCountResourceLabel = `${props.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`;
  }
}
