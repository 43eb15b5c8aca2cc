import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const acmCreateBeforeDestroy: PolicyRule = {
  id: 'acm-create-before-destroy',
  level: 'error',
  why: 'A listener cannot lose its certificate: the replacement must be issued before the old one is deleted.',
  equivalents: { checkov: 'CKV_AWS_233' },
  resourceTypes: [AcmCertificate.tfResourceType],
  check(resource) {
    return resource.values.lifecycle?.create_before_destroy === true ? COMPLIANT : nonCompliant('lifecycle.create_before_destroy is not true');
  },
};
