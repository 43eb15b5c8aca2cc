import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { block, COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

export const ecsNoPublicIp: PolicyRule = {
  id: 'ecs-no-public-ip',
  level: 'error',
  why: 'Tasks sit in private subnets behind load balancers; a public IP exposes them directly.',
  equivalents: { checkov: 'CKV_AWS_333' },
  resourceTypes: [EcsService.tfResourceType],
  check(resource) {
    const network = block(resource.values.network_configuration);
    if (!network) return NOT_APPLICABLE;
    return network.assign_public_ip === true ? nonCompliant('network_configuration.assign_public_ip is true') : COMPLIANT;
  },
};
