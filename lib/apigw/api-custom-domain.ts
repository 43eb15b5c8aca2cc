import { Construct } from 'constructs';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { AliasRecord } from '../dns/alias-record';
import { AliasTarget } from '../dns/alias-target';
import { DnsValidatedCertificate } from '../dns/dns-validated-certificate';
import type { HostedZoneRef } from '../dns/hosted-zone-ref';

export interface ApiCustomDomainProps {
  /** Public zone: the certificate's validation records and the alias go there. */
  readonly zone: HostedZoneRef;
  /** e.g. api.dev.example.com */
  readonly domainName: string;
}

/**
 * The regional custom domain the REST APIs are mapped under (one base path
 * per API), with its own DNS-validated certificate and a public alias.
 * Regional, not edge-optimized: the certificate stays in the environment's
 * region (edge needs one in us-east-1) and there is no CloudFront in front
 * that we do not manage. `TLS_1_2`: the default policy still accepts TLS 1.0.
 */
export class ApiCustomDomain extends Construct {
  public readonly certificate: DnsValidatedCertificate;
  public readonly domain: ApiGatewayDomainName;
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiCustomDomainProps) {
    super(scope, id);
    this.certificate = new DnsValidatedCertificate(this, 'certificate', { validationZone: props.zone, domainName: props.domainName });
    this.domain = new ApiGatewayDomainName(this, 'domain', {
      domainName: props.domainName,
      regionalCertificateArn: this.certificate.certificateArn,
      securityPolicy: 'TLS_1_2',
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    this.domainName = this.domain.domainName;
    new AliasRecord(this, 'alias', { zone: props.zone, name: props.domainName, target: AliasTarget.apiGatewayRestDomain(this.domain) });
  }
}
