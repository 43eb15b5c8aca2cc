import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import type { CertificateKeyAlgorithm } from './dns-validated-certificate';
import { edgeCertificateNames } from './dns-names';
import { DnsValidatedCertificate } from './dns-validated-certificate';
import type { HostedZoneRef } from './hosted-zone-ref';

/** Where the public hosted zone comes from, resolved from the three mutually exclusive keys. */
export type PublicZoneSource = { readonly kind: 'existing'; readonly zoneId: string } | { readonly kind: 'create' } | { readonly kind: 'look-up' };

export interface PlatformDnsProps {
  /** Prefix of zone comments, e.g. `acme-dev`. */
  readonly namePrefix: string;
  /** The environment's public domain: the public zone's name. */
  readonly domain: string;
  /** An existing zone by id (offline), a zone created here, or a look-up by name (needs AWS at plan time). */
  readonly publicZone: PublicZoneSource;
  /** A private zone attached to the VPC. @default - none */
  readonly privateZone?: { readonly name: string; readonly vpcId: string };
  /** Names besides the apex and its wildcard, and the key algorithm. */
  readonly edgeCertificate: { readonly additionalNames: readonly string[]; readonly keyAlgorithm: CertificateKeyAlgorithm };
}

/**
 * The DNS of one environment: its public zone, an optional private zone for
 * names only the VPC resolves, and the public edge certificate (`domain` and
 * `*.domain`) that internet-facing load balancers present. Other constructs
 * take `publicZone`/`privateZone` to add records and certificates.
 */
export class PlatformDns extends Construct {
  public readonly publicZone: HostedZoneRef;
  public readonly publicZoneId: string;
  public readonly publicDomain: string;
  /** Name servers to delegate to from the parent domain; only when the zone is created here. */
  public readonly publicNameServers?: string[];
  public readonly privateZone?: HostedZoneRef;
  public readonly privateZoneId?: string;
  /** Certificate for `domain` and `*.domain` (plus configured names), validated: use `certificateArn`. */
  public readonly edgeCertificate: DnsValidatedCertificate;

  constructor(scope: Construct, id: string, props: PlatformDnsProps) {
    super(scope, id);
    const { additionalNames, keyAlgorithm } = props.edgeCertificate;

    this.publicDomain = props.domain;
    if (props.publicZone.kind === 'create') {
      const zone = new Route53Zone(this, 'public-zone', {
        name: props.domain,
        comment: `Public zone of ${props.namePrefix}, managed by cdktf`,
      });
      this.publicZoneId = zone.zoneId;
      this.publicNameServers = zone.nameServers;
    } else if (props.publicZone.kind === 'look-up') {
      // Opt-in only: a data source reads AWS at plan time, so this environment cannot plan offline.
      this.publicZoneId = new DataAwsRoute53Zone(this, 'public-zone-lookup', { name: props.domain, privateZone: false }).zoneId;
    } else {
      this.publicZoneId = props.publicZone.zoneId;
    }
    this.publicZone = { zoneId: this.publicZoneId, domain: props.domain, visibility: 'public' };

    if (props.privateZone) {
      const zone = new Route53Zone(this, 'private-zone', {
        name: props.privateZone.name,
        comment: `Private zone of ${props.namePrefix}, managed by cdktf`,
        vpc: [{ vpcId: props.privateZone.vpcId }],
      });
      this.privateZoneId = zone.zoneId;
      this.privateZone = { zoneId: zone.zoneId, domain: props.privateZone.name, visibility: 'private' };
    }

    const [primary, ...alternatives] = edgeCertificateNames(props.domain, additionalNames);
    this.edgeCertificate = new DnsValidatedCertificate(this, 'edge-certificate', {
      validationZone: this.publicZone,
      domainName: primary,
      subjectAlternativeNames: alternatives,
      keyAlgorithm,
    });
  }
}
