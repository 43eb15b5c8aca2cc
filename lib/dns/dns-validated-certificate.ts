import { Construct } from 'constructs';
import { Fn, TerraformIterator, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { certificateNameProblems, validationRecordSources } from './dns-names';
import type { HostedZoneRef } from './hosted-zone-ref';
import { invalidProps } from '../util/user-error';

/**
 * Key algorithms ACM issues public DNS-validated certificates with
 * (https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms).
 */
export const CERTIFICATE_KEY_ALGORITHMS = ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1'] as const;
export type CertificateKeyAlgorithm = (typeof CERTIFICATE_KEY_ALGORITHMS)[number];

export interface DnsValidatedCertificateProps {
  /** Public zone the validation records are written to; every name must be its domain or below it. */
  readonly validationZone: HostedZoneRef;
  /** Primary name (the subject CN), at most 64 characters. */
  readonly domainName: string;
  /** More names, wildcards allowed (`*.example.com`). @default - none */
  readonly subjectAlternativeNames?: readonly string[];
  /** @default RSA_2048 - accepted by every TLS client and every AWS integration */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
}

/**
 * A public ACM certificate validated through Route53, plan-safe in CDKTF.
 *
 * `for_each` over `domain_validation_options` fails in CDKTF because the set's
 * keys are unknown until apply (hashicorp/terraform-cdk#3627, #3713). The
 * records are therefore derived from the names, which are known at synth: one
 * per distinct name once wildcards are removed (`x` and `*.x` share a record),
 * each reading its name, type and value from the options keyed by domain name,
 * never by position in the set.
 *
 * `certificateArn` is the ARN of `aws_acm_certificate_validation`, which
 * exists only once ACM has issued the certificate: a listener or API domain
 * using it waits for issuance instead of failing on a pending certificate.
 */
export class DnsValidatedCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly validation: AcmCertificateValidation;
  /** The validated certificate's ARN: use this one, not `certificate.arn`. */
  public readonly certificateArn: string;
  /** Every name on the certificate, primary first. */
  public readonly names: readonly string[];
  /** Validation records by the name they validate (without wildcard), in sorted order. */
  public readonly validationRecords: ReadonlyMap<string, Route53Record>;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const alternativeNames = props.subjectAlternativeNames ?? [];
    const keyAlgorithm = props.keyAlgorithm ?? 'RSA_2048';
    const zone = props.validationZone;
    this.names = [props.domainName, ...alternativeNames];

    if (zone.visibility !== 'public') {
      throw invalidProps(`DnsValidatedCertificate ${this.node.path}`, `validationZone: expected a public zone (ACM validates through public DNS), got the private zone ${zone.domain}`);
    }
    const problems = certificateNameProblems(this.names, zone.domain).map((problem) => {
      const prop = problem.index === undefined ? 'subjectAlternativeNames' : problem.index === 0 ? 'domainName' : `subjectAlternativeNames[${problem.index - 1}]`;
      return `${prop}: ${problem.message}`;
    });
    if (problems.length > 0) throw invalidProps(`DnsValidatedCertificate ${this.node.path}`, problems.join('; '));

    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: alternativeNames.length > 0 ? [...alternativeNames] : undefined,
      validationMethod: 'DNS',
      keyAlgorithm,
      // Browsers reject public certificates missing from CT logs; ENABLED is also ACM's default, stated so it cannot drift.
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      tags: { Name: props.domainName },
      // A listener holds the certificate: a replacement must exist before the old one can be deleted.
      lifecycle: { createBeforeDestroy: true },
    });

    // { for o in domain_validation_options : o.domain_name => o }: keyed by name, so a record never depends on set order.
    const optionsByDomain = TerraformIterator.fromList(this.certificate.domainValidationOptions).forExpressionForMap('val.domain_name', 'val');
    const option = (domain: string, attribute: string) => Token.asString(Fn.lookupNested(optionsByDomain, [domain, attribute]));

    const records = new Map<string, Route53Record>();
    for (const source of validationRecordSources(this.names)) {
      // The construct id is the validated name: the record's identity. Adding a name adds a record and renames none.
      records.set(
        source.baseName,
        new Route53Record(this, `validation-${source.baseName}`, {
          zoneId: zone.zoneId,
          name: option(source.optionDomain, 'resource_record_name'),
          type: option(source.optionDomain, 'resource_record_type'),
          records: [option(source.optionDomain, 'resource_record_value')],
          ttl: 60,
          // ACM reuses the same CNAME when a certificate is re-requested for a name: take it over instead of failing.
          allowOverwrite: true,
        }),
      );
    }
    this.validationRecords = records;

    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [...records.values()].map((record) => record.fqdn),
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
