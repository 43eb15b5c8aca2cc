import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { block, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

/** A hop limit above 2 lets containers behind one more network hop reach node credentials. */
const MAX_HOP_LIMIT = 2;

export const launchTemplateImdsv2: PolicyRule = {
  id: 'launch-template-imdsv2',
  level: 'error',
  why: 'IMDSv1 answers SSRF requests with the node role credentials; IMDSv2 with a low hop limit does not.',
  equivalents: { checkov: 'CKV_AWS_79', cdkNag: 'AwsSolutions-EC2 (IMDSv2)' },
  resourceTypes: [LaunchTemplate.tfResourceType],
  check(resource) {
    const metadata = block(resource.values.metadata_options);
    if (metadata?.http_tokens !== 'required') return nonCompliant('metadata_options.http_tokens is not "required"');
    const hops = Number(metadata.http_put_response_hop_limit ?? 1);
    if (hops > MAX_HOP_LIMIT) return nonCompliant(`metadata_options.http_put_response_hop_limit is ${hops}, above ${MAX_HOP_LIMIT}`);
    return COMPLIANT;
  },
};
