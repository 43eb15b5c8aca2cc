import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { HostedZoneRef } from '../../lib/dns/hosted-zone-ref';
import { TerraformJson, type ResourceEntry } from '../helpers/terraform-json';
import { testingApp } from '../helpers/scratch';

/** The public zone DNS construct tests write to, given by id as in the example environments. */
export const PUBLIC_ZONE: HostedZoneRef = { zoneId: 'Z0PUBLICZONE', domain: 'example.com', visibility: 'public' };
export const PRIVATE_ZONE: HostedZoneRef = { zoneId: 'Z0PRIVATEZONE', domain: 'internal.example.com', visibility: 'private' };

/** Builds constructs in a bare stack with an AWS provider and returns the synthesized Terraform, construct paths kept. */
export function synthScope(build: (stack: TerraformStack) => void): TerraformJson {
  const stack = new TerraformStack(testingApp(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return new TerraformJson(JSON.parse(JSON.stringify(stack.toTerraform())));
}

const VALIDATION_OPTION =
  /^\$\{\{ for key, val in toset\(tolist\(aws_acm_certificate\.([A-Za-z0-9_-]+)\.domain_validation_options\)\): val\.domain_name => val \}\["([^"]+)"\]\.(resource_record_name|resource_record_type|resource_record_value)\}$/;

/** Parses a validation record attribute: which certificate, which option (by domain name), which attribute it reads. */
export function validationOptionRef(expression: string): { certificate: string; domain: string; attribute: string } {
  const match = VALIDATION_OPTION.exec(expression);
  if (!match) throw new Error(`not a lookup into a certificate's validation options by domain name: ${expression}`);
  const [, name, domain, attribute] = match;
  return { certificate: `aws_acm_certificate.${name}`, domain, attribute };
}

/** Asserts a validation record reads name, type and value from `certificate`'s option for `domain`, and sits in `zoneId`. */
export function expectValidationRecord(record: ResourceEntry, certificate: ResourceEntry, domain: string, zoneId: string): void {
  expect(record.values.zone_id).toBe(zoneId);
  expect(record.values.allow_overwrite).toBe(true);
  const reads = [record.values.name, record.values.type, record.values.records[0]].map(validationOptionRef);
  expect(reads).toEqual([
    { certificate: certificate.address, domain, attribute: 'resource_record_name' },
    { certificate: certificate.address, domain, attribute: 'resource_record_type' },
    { certificate: certificate.address, domain, attribute: 'resource_record_value' },
  ]);
  expect(record.values.records).toHaveLength(1);
}
