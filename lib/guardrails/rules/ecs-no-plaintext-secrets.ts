import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

/** Variable names that hold credentials; their values belong in `secrets` (Secrets Manager or SSM). */
export const SECRET_NAME = /(secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential|client[_-]?key)/i;

export const ecsNoPlaintextSecrets: PolicyRule = {
  id: 'ecs-no-plaintext-secrets',
  level: 'error',
  why: 'Environment values are readable by anyone with ecs:DescribeTaskDefinition; secrets go through ECS `secrets`.',
  equivalents: { checkov: 'CKV_AWS_45 (analogue)', cdkNag: 'AwsSolutions-ECS2' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource) =>
    checkContainers(resource, 'secret-looking environment variables', (c) =>
      (c.environment ?? []).filter((e: { name: string }) => SECRET_NAME.test(e.name)).map((e: { name: string }) => `${c.name}.${e.name}`),
    ),
};
