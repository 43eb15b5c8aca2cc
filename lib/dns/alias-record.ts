import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { AliasTarget } from './alias-target';
import { recordNameProblem } from './dns-names';
import type { HostedZoneRef } from './hosted-zone-ref';
import { invalidProps } from '../util/user-error';

export interface AliasRecordProps {
  /** Zone the records are created in: public for internet names, private for names only the VPC resolves. */
  readonly zone: HostedZoneRef;
  /** Fully qualified name inside the zone, e.g. api.dev.example.com (the zone's own name for the apex). */
  readonly name: string;
  /** Build it with AliasTarget.loadBalancer / apiGatewayRestDomain / apiGatewayHttpDomain. */
  readonly target: AliasTarget;
}

/**
 * A name pointing at a load balancer or API Gateway domain through Route53
 * alias records: an A record, and an AAAA record when the target answers on
 * IPv6 (an AAAA alias to an IPv4-only target would publish a name that never
 * resolves). Alias records are free to query and follow the target's
 * addresses as AWS changes them; a CNAME could do neither, nor sit at the apex.
 * `allow_overwrite` stays off: a record someone else created is an error to
 * look at, not something to take over silently.
 */
export class AliasRecord extends Construct {
  public readonly records: readonly Route53Record[];
  public readonly fqdn: string;

  constructor(scope: Construct, id: string, props: AliasRecordProps) {
    super(scope, id);
    const problem = recordNameProblem(props.name, props.zone.domain);
    if (problem) throw invalidProps(`AliasRecord ${this.node.path}`, `name: ${problem}`);

    const types = props.target.ipv6 ? (['A', 'AAAA'] as const) : (['A'] as const);
    this.records = types.map(
      (type) =>
        new Route53Record(this, type.toLowerCase(), {
          zoneId: props.zone.zoneId,
          name: props.name,
          type,
          alias: {
            name: props.target.dnsName,
            zoneId: props.target.zoneId,
            evaluateTargetHealth: props.target.evaluateTargetHealth,
          },
        }),
    );
    this.fqdn = this.records[0].fqdn;
  }
}
