import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const acmDnsValidation: PolicyRule = {
  id: 'acm-dns-validation',
  level: 'error',
  why: 'DNS-validated certificates renew on their own; e-mail validation silently expires.',
  resourceTypes: [AcmCertificate.tfResourceType],
  check(resource) {
    if (resource.values.private_key !== undefined) return NOT_APPLICABLE;
    return resource.values.validation_method === 'DNS' ? COMPLIANT : nonCompliant(`validation_method is ${resource.values.validation_method ?? 'unset'}`);
  },
};
