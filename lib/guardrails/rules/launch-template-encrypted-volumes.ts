import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { block, blocks, COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const launchTemplateEncryptedVolumes: PolicyRule = {
  id: 'launch-template-encrypted-volumes',
  level: 'error',
  why: 'Node volumes hold container layers, logs and secrets mounted into pods.',
  equivalents: { checkov: 'CKV_AWS_8', cdkNag: 'AwsSolutions-EC26' },
  resourceTypes: [LaunchTemplate.tfResourceType],
  check(resource) {
    const mappings = blocks(resource.values.block_device_mappings);
    if (mappings.length === 0) return nonCompliant('no block_device_mappings: the AMI default root volume may be unencrypted');
    const plain = mappings.filter((m) => {
      const encrypted = block(m.ebs)?.encrypted;
      return encrypted !== true && encrypted !== 'true';
    });
    return plain.length === 0 ? COMPLIANT : nonCompliant(`${plain.map((m) => m.device_name).join(', ')} not encrypted`);
  },
};
