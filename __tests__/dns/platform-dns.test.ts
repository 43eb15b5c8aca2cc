import { CERTIFICATE_KEY_ALGORITHMS } from '../../lib/config/dns-schema';
import { existingVpcNetwork, synthEnvironment, testEnvironment } from '../helpers/environment-fixture';
import { TerraformJson } from '../helpers/terraform-json';
import { expectValidationRecord } from './dns-test-helpers';

describe('PlatformDns', () => {
  test('GIVEN an existing public zone id THEN no zone is created or looked up and validation records go to that zone', () => {
    const { platform } = synthEnvironment(testEnvironment());
    expect(platform.count('aws_route53_zone')).toBe(0);
    expect(platform.dataSources('aws_route53_zone')).toEqual([]);
    for (const record of platform.resources('aws_route53_record')) expect(record.values.zone_id).toBe('Z0TESTZONE');
    expect(platform.json.output['public-zone-id'].value).toBe('Z0TESTZONE');
    expect(platform.json.output['private-zone-id']).toBeUndefined();
    expect(platform.json.output['public-zone-name-servers']).toBeUndefined();
  });

  test('the edge certificate covers the apex and its wildcard with ONE validation record, read from the apex option', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const certificate = platform.resource('aws_acm_certificate', 'dns/edge-certificate/certificate');
    expect(certificate.values).toMatchObject({
      domain_name: 'test.acme-example.com',
      subject_alternative_names: ['*.test.acme-example.com'],
      validation_method: 'DNS',
      key_algorithm: 'RSA_2048',
      options: { certificate_transparency_logging_preference: 'ENABLED' },
      lifecycle: { create_before_destroy: true },
    });
    const record = platform.only('aws_route53_record');
    expect(record.path).toBe('dns/edge-certificate/validation-test.acme-example.com');
    expectValidationRecord(record, certificate, 'test.acme-example.com', 'Z0TESTZONE');
  });

  test('the exported edge certificate ARN is the validated one, so a listener waits for issuance', () => {
    const { platform } = synthEnvironment(testEnvironment());
    const validation = platform.resource('aws_acm_certificate_validation', 'dns/edge-certificate/validation');
    expect(platform.json.output['edge-certificate-arn'].value).toBe(TerraformJson.ref(validation, 'certificate_arn'));
    expect(validation.values.validation_record_fqdns).toEqual([TerraformJson.ref(platform.only('aws_route53_record'), 'fqdn')]);
  });

  test('GIVEN additional edge names THEN each distinct name gets a record in the public zone reading its own option', () => {
    const names = ['api.test.acme-example.com', '*.apps.test.acme-example.com', 'apps.test.acme-example.com'];
    const { platform } = synthEnvironment(testEnvironment({ dns: { edgeCertificate: { additionalNames: names } } }));
    const certificate = platform.only('aws_acm_certificate');
    expect(certificate.values.subject_alternative_names).toEqual(['*.test.acme-example.com', ...names]);
    expect(platform.resources('aws_route53_record').map((r) => r.path.replace('dns/edge-certificate/', ''))).toEqual([
      'validation-api.test.acme-example.com',
      'validation-apps.test.acme-example.com',
      'validation-test.acme-example.com',
    ]);
    expectValidationRecord(platform.resource('aws_route53_record', 'validation-apps.test.acme-example.com'), certificate, 'apps.test.acme-example.com', 'Z0TESTZONE');
    expectValidationRecord(platform.resource('aws_route53_record', 'validation-api.test.acme-example.com'), certificate, 'api.test.acme-example.com', 'Z0TESTZONE');
  });

  test.each(CERTIFICATE_KEY_ALGORITHMS)('GIVEN edge key algorithm %s THEN the certificate uses it', (keyAlgorithm) => {
    const { platform } = synthEnvironment(testEnvironment({ dns: { edgeCertificate: { keyAlgorithm } } }));
    expect(platform.only('aws_acm_certificate').values.key_algorithm).toBe(keyAlgorithm);
  });

  test('GIVEN createPublicZone THEN the zone is created for the domain, records reference it and its name servers are output', () => {
    const { platform } = synthEnvironment(testEnvironment({ dns: { publicZoneId: null, createPublicZone: true } }));
    const zone = platform.resource('aws_route53_zone', 'dns/public-zone');
    expect(zone.values.name).toBe('test.acme-example.com');
    expect(zone.values.vpc).toBeUndefined();
    expect(platform.only('aws_route53_record').values.zone_id).toBe(TerraformJson.ref(zone, 'zone_id'));
    expect(platform.json.output['public-zone-id'].value).toBe(TerraformJson.ref(zone, 'zone_id'));
    expect(platform.json.output['public-zone-name-servers'].value).toBe(TerraformJson.ref(zone, 'name_servers'));
  });

  test('GIVEN lookUpPublicZone (opt-in, needs AWS at plan time) THEN the public zone is read by name and records reference it', () => {
    const { platform } = synthEnvironment(testEnvironment({ dns: { publicZoneId: null, lookUpPublicZone: true } }));
    const lookup = platform.dataSource('aws_route53_zone', 'dns/public-zone-lookup');
    expect(lookup.values).toEqual(expect.objectContaining({ name: 'test.acme-example.com', private_zone: false }));
    expect(platform.only('aws_route53_record').values.zone_id).toBe(TerraformJson.ref(lookup, 'zone_id'));
    expect(platform.count('aws_route53_zone')).toBe(0);
  });

  test('GIVEN a private zone THEN it is attached to the VPC by reference and validation stays in the public zone', () => {
    const { platform } = synthEnvironment(testEnvironment({ dns: { privateZone: {} } }));
    const zone = platform.resource('aws_route53_zone', 'dns/private-zone');
    expect(zone.values.name).toBe('internal.test.acme-example.com');
    expect(zone.values.vpc).toEqual([{ vpc_id: TerraformJson.ref(platform.only('aws_vpc'), 'id') }]);
    expect(platform.json.output['private-zone-id'].value).toBe(TerraformJson.ref(zone, 'zone_id'));
    expect(platform.only('aws_route53_record').values.zone_id).toBe('Z0TESTZONE');
  });

  test('GIVEN a private zone with an existing VPC THEN it is attached to that VPC id', () => {
    const config = testEnvironment({
      dns: { privateZone: { name: 'corp.acme.internal' } },
      network: existingVpcNetwork(),
    });
    const zone = synthEnvironment(config).platform.resource('aws_route53_zone', 'dns/private-zone');
    expect(zone.values).toEqual(expect.objectContaining({ name: 'corp.acme.internal', vpc: [{ vpc_id: 'vpc-0123456789abcdef0' }] }));
  });
});
