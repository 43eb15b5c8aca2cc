import { TerraformOutput } from 'cdktf';
import { DnsValidatedCertificate, type DnsValidatedCertificateProps } from '../../lib/dns/dns-validated-certificate';
import { TerraformJson } from '../helpers/terraform-json';
import { expectValidationRecord, PRIVATE_ZONE, PUBLIC_ZONE, synthScope } from './dns-test-helpers';
import { UserError } from '../../lib/util/user-error';

function synthCertificate(props: Partial<DnsValidatedCertificateProps> = {}): TerraformJson {
  return synthScope((stack) => {
    new DnsValidatedCertificate(stack, 'cert', { validationZone: PUBLIC_ZONE, domainName: 'example.com', ...props });
  });
}

describe('DnsValidatedCertificate', () => {
  test('GIVEN a primary name THEN a DNS-validated certificate with CT logging, replaced before it is destroyed', () => {
    const terraform = synthCertificate();
    expect(terraform.only('aws_acm_certificate').values).toMatchObject({
      domain_name: 'example.com',
      validation_method: 'DNS',
      key_algorithm: 'RSA_2048',
      options: { certificate_transparency_logging_preference: 'ENABLED' },
      lifecycle: { create_before_destroy: true },
    });
    expect(terraform.only('aws_acm_certificate').values.subject_alternative_names).toBeUndefined();
  });

  test('GIVEN names with wildcards THEN one validation record per distinct name, each in the public zone, reading its own option', () => {
    const terraform = synthCertificate({
      domainName: 'example.com',
      subjectAlternativeNames: ['*.example.com', 'www.example.com', '*.apps.example.com', 'api.example.com'],
    });
    const certificate = terraform.only('aws_acm_certificate');
    expect(certificate.values.subject_alternative_names).toEqual(['*.example.com', 'www.example.com', '*.apps.example.com', 'api.example.com']);
    const records = terraform.resources('aws_route53_record');
    expect(records.map((r) => r.path)).toEqual(['cert/validation-api.example.com', 'cert/validation-apps.example.com', 'cert/validation-example.com', 'cert/validation-www.example.com']);
    expectValidationRecord(terraform.resource('aws_route53_record', 'cert/validation-example.com'), certificate, 'example.com', 'Z0PUBLICZONE');
    expectValidationRecord(terraform.resource('aws_route53_record', 'cert/validation-apps.example.com'), certificate, '*.apps.example.com', 'Z0PUBLICZONE');
    expectValidationRecord(terraform.resource('aws_route53_record', 'cert/validation-www.example.com'), certificate, 'www.example.com', 'Z0PUBLICZONE');
    expectValidationRecord(terraform.resource('aws_route53_record', 'cert/validation-api.example.com'), certificate, 'api.example.com', 'Z0PUBLICZONE');
  });

  test('the validation waits for every record and the exposed ARN is the validated one', () => {
    const terraform = synthScope((stack) => {
      const cert = new DnsValidatedCertificate(stack, 'cert', { validationZone: PUBLIC_ZONE, domainName: 'example.com', subjectAlternativeNames: ['*.example.com', 'api.example.com'] });
      new TerraformOutput(stack, 'certificate-arn', { value: cert.certificateArn });
    });
    const validation = terraform.only('aws_acm_certificate_validation');
    expect(validation.values.certificate_arn).toBe(TerraformJson.ref(terraform.only('aws_acm_certificate'), 'arn'));
    expect(validation.values.validation_record_fqdns).toEqual(terraform.resources('aws_route53_record').map((r) => TerraformJson.ref(r, 'fqdn')));
    expect(validation.values.validation_record_fqdns).toHaveLength(2);
    expect(terraform.json.output['certificate-arn'].value).toBe(TerraformJson.ref(validation, 'certificate_arn'));
  });

  test.each(['EC_prime256v1', 'EC_secp384r1'] as const)('GIVEN key algorithm %s THEN the certificate uses it', (keyAlgorithm) => {
    expect(synthCertificate({ keyAlgorithm }).only('aws_acm_certificate').values.key_algorithm).toBe(keyAlgorithm);
  });

  test('GIVEN a private validation zone THEN it is refused: ACM validates through public DNS', () => {
    expect(() => synthCertificate({ validationZone: PRIVATE_ZONE, domainName: 'nlb.internal.example.com' })).toThrow(
      /^DnsValidatedCertificate test\/cert: validationZone: expected a public zone \(ACM validates through public DNS\), got the private zone internal\.example\.com$/,
    );
  });

  test.each([
    ['a primary name outside the zone', { domainName: 'example.net' }, /: domainName: example\.net is outside the zone example\.com/],
    ['an alternative name outside the zone', { subjectAlternativeNames: ['a.example.com', 'b.example.org'] }, /: subjectAlternativeNames\[1\]: b\.example\.org is outside the zone example\.com/],
    ['a duplicate of the primary', { subjectAlternativeNames: ['example.com'] }, /: subjectAlternativeNames\[0\]: example\.com is already on this certificate; list each name once$/],
    ['an uppercase name', { subjectAlternativeNames: ['WWW.example.com'] }, /: subjectAlternativeNames\[0\]: expected a lowercase DNS name such as api\.example\.com/],
    [
      'too many names',
      { subjectAlternativeNames: Array.from({ length: 10 }, (_, i) => `n${i}.example.com`) },
      /: subjectAlternativeNames: expected at most 10 names per certificate \(ACM's default quota "Domain names per ACM certificate", primary name included\), got 11$/,
    ],
  ])('GIVEN %s THEN the error names the prop', (_, props, message) => {
    const build = () => synthCertificate(props);
    expect(build).toThrow(UserError);
    expect(build).toThrow(message);
  });
});
