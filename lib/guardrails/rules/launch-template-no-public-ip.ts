import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { blocks, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const launchTemplateNoPublicIp: PolicyRule = {
  id: 'launch-template-no-public-ip',
  level: 'error',
  why: 'Nodes live in private subnets; a public address bypasses the NAT and the network boundary.',
  equivalents: { checkov: 'CKV_AWS_88' },
  resourceTypes: [LaunchTemplate.tfResourceType],
  check(resource) {
    const exposed = blocks(resource.values.network_interfaces).some((nic) => nic.associate_public_ip_address === true || nic.associate_public_ip_address === 'true');
    return exposed ? nonCompliant('network_interfaces associate a public IP address') : COMPLIANT;
  },
};
