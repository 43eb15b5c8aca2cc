import type { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { AliasRecord } from '../../lib/dns/alias-record';
import { AliasTarget } from '../../lib/dns/alias-target';
import { DnsValidatedCertificate } from '../../lib/dns/dns-validated-certificate';
import { TerraformJson } from '../helpers/terraform-json';
import { PRIVATE_ZONE, PUBLIC_ZONE, synthScope } from './dns-test-helpers';

const subnets = ['subnet-0000000000000000a', 'subnet-0000000000000000b'];

function apiCertificateArn(scope: Construct): string {
  return new DnsValidatedCertificate(scope, 'api-certificate', { validationZone: PUBLIC_ZONE, domainName: 'api.example.com' }).certificateArn;
}

describe('AliasRecord', () => {
  test('GIVEN an internet-facing ALB THEN an A alias in the public zone targets its dns_name and zone_id, with target health', () => {
    const terraform = synthScope((stack) => {
      const alb = new Lb(stack, 'alb', { loadBalancerType: 'application', subnets });
      new AliasRecord(stack, 'app', { zone: PUBLIC_ZONE, name: 'app.example.com', target: AliasTarget.loadBalancer(alb) });
    });
    const alb = terraform.only('aws_lb');
    const record = terraform.only('aws_route53_record');
    expect(record.path).toBe('app/a');
    expect(record.values).toEqual(
      expect.objectContaining({
        zone_id: 'Z0PUBLICZONE',
        name: 'app.example.com',
        type: 'A',
        alias: { name: TerraformJson.ref(alb, 'dns_name'), zone_id: TerraformJson.ref(alb, 'zone_id'), evaluate_target_health: true },
      }),
    );
    expect(record.values.allow_overwrite).toBeUndefined();
  });

  test('GIVEN an internal NLB THEN the alias sits in the private zone and targets that NLB', () => {
    const terraform = synthScope((stack) => {
      new Lb(stack, 'other', { loadBalancerType: 'network', internal: true, subnets });
      const nlb = new Lb(stack, 'nlb', { loadBalancerType: 'network', internal: true, subnets });
      new AliasRecord(stack, 'nlb-name', { zone: PRIVATE_ZONE, name: 'nlb.internal.example.com', target: AliasTarget.loadBalancer(nlb) });
    });
    const record = terraform.only('aws_route53_record');
    expect(record.values.zone_id).toBe('Z0PRIVATEZONE');
    expect(terraform.follow(record.values.alias.name).entry.path).toBe('nlb');
    expect(terraform.follow(record.values.alias.zone_id)).toEqual({ entry: terraform.resource('aws_lb', 'nlb'), attribute: 'zone_id' });
    expect(record.values.alias.evaluate_target_health).toBe(true);
  });

  test.each(['dualstack', 'dualstack-without-public-ipv4'])('GIVEN a load balancer with ip_address_type %s THEN A and AAAA aliases target it', (ipAddressType) => {
    const terraform = synthScope((stack) => {
      const alb = new Lb(stack, 'alb', { loadBalancerType: 'application', ipAddressType, subnets });
      new AliasRecord(stack, 'app', { zone: PUBLIC_ZONE, name: 'example.com', target: AliasTarget.loadBalancer(alb) });
    });
    const alb = terraform.only('aws_lb');
    const records = terraform.resources('aws_route53_record');
    expect(records.map((r) => [r.path, r.values.type, r.values.name])).toEqual([
      ['app/a', 'A', 'example.com'],
      ['app/aaaa', 'AAAA', 'example.com'],
    ]);
    for (const record of records) expect(record.values.alias.name).toBe(TerraformJson.ref(alb, 'dns_name'));
  });

  test('GIVEN a regional REST API domain THEN the alias targets its regional name and zone, without target health', () => {
    const terraform = synthScope((stack) => {
      const domain = new ApiGatewayDomainName(stack, 'api-domain', {
        domainName: 'api.example.com',
        regionalCertificateArn: apiCertificateArn(stack),
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_2',
      });
      new AliasRecord(stack, 'api', { zone: PUBLIC_ZONE, name: 'api.example.com', target: AliasTarget.apiGatewayRestDomain(domain) });
    });
    const domain = terraform.only('aws_api_gateway_domain_name');
    const record = terraform.resource('aws_route53_record', 'api/a');
    expect(record.values.alias).toEqual({
      name: TerraformJson.ref(domain, 'regional_domain_name'),
      zone_id: TerraformJson.ref(domain, 'regional_zone_id'),
      evaluate_target_health: false,
    });
    expect(terraform.follow(domain.values.regional_certificate_arn).entry.type).toBe('aws_acm_certificate_validation');
    expect(terraform.resources('aws_route53_record').filter((r) => r.path.startsWith('api/'))).toHaveLength(1);
  });

  test('GIVEN a dual-stack HTTP API domain THEN A and AAAA aliases target its domain name configuration', () => {
    const terraform = synthScope((stack) => {
      const domain = new Apigatewayv2DomainName(stack, 'http-domain', {
        domainName: 'api.example.com',
        domainNameConfiguration: { certificateArn: apiCertificateArn(stack), endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', ipAddressType: 'dualstack' },
      });
      new AliasRecord(stack, 'api', { zone: PUBLIC_ZONE, name: 'api.example.com', target: AliasTarget.apiGatewayHttpDomain(domain) });
    });
    const domain = terraform.only('aws_apigatewayv2_domain_name');
    for (const type of ['a', 'aaaa']) {
      const alias = terraform.resource('aws_route53_record', `api/${type}`).values.alias;
      expect(terraform.follow(alias.name)).toEqual({ entry: domain, attribute: 'domain_name_configuration[0].target_domain_name' });
      expect(terraform.follow(alias.zone_id)).toEqual({ entry: domain, attribute: 'domain_name_configuration[0].hosted_zone_id' });
      expect(alias.evaluate_target_health).toBe(false);
    }
  });

  test('GIVEN an edge-optimized REST API domain THEN it is refused', () => {
    expect(() =>
      synthScope((stack) => {
        const domain = new ApiGatewayDomainName(stack, 'edge-domain', { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' });
        AliasTarget.apiGatewayRestDomain(domain);
      }),
    ).toThrow(/^AliasTarget for test\/edge-domain: expected a regional custom domain \(endpoint_configuration\.types \["REGIONAL"\]\), got "EDGE \(the default\)"$/);
  });

  test.each([
    ['a name outside the zone', 'app.example.org', /^AliasRecord test\/app: name: app\.example\.org is outside the zone example\.com/],
    ['a name with a trailing dot', 'app.example.com.', /^AliasRecord test\/app: name: expected a lowercase DNS name/],
  ])('GIVEN %s THEN the error names the prop', (_, name, message) => {
    expect(() =>
      synthScope((stack) => {
        const alb = new Lb(stack, 'alb', { loadBalancerType: 'application', subnets });
        new AliasRecord(stack, 'app', { zone: PUBLIC_ZONE, name, target: AliasTarget.loadBalancer(alb) });
      }),
    ).toThrow(message);
  });
});
