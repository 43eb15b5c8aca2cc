import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { judgeSecret } from '../../util/secret-detection';
import { checkContainers } from '../container-definitions';
import type { PolicyRule } from '../policy-rule';

/**
 * A container environment variable holding a plaintext credential, judged by
 * the one detector (lib/util/secret-detection.ts) that also refuses it at load
 * time and redacts it in review comments: a credential-shaped value whatever
 * its name, or a literal value under a name that means a credential. Values
 * that are references or ARNs, and names such as Envoy's `max_tokens`, pass, as do names that
 * guardrails.notSecrets reviewed (never a credential-shaped value).
 */
export const ecsNoPlaintextSecrets: PolicyRule = {
  id: 'ecs-no-plaintext-secrets',
  level: 'error',
  why: 'Environment values are readable by anyone with ecs:DescribeTaskDefinition; secrets go through ECS `secrets`.',
  equivalents: { checkov: 'CKV_AWS_45 (analogue)', cdkNag: 'AwsSolutions-ECS2' },
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check: (resource, context) =>
    checkContainers(resource, 'secret-looking environment variables', (c) =>
      (c.environment ?? [])
        .filter((e: { name: string; value?: unknown }) => judgeSecret(e.name, e.value, context.reviewedNotSecretNames) !== undefined)
        .map((e: { name: string }) => `${c.name}.${e.name}`),
    ),
};
