/**
 * What ECS `secrets[].valueFrom` may name, and what the execution role must
 * be allowed to read for it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
export type SecretSource = { readonly kind: 'secretsmanager'; readonly secretArn: string } | { readonly kind: 'ssm'; readonly parameterArn: string };

/**
 * A complete Secrets Manager ARN (the name plus the "-" and six random
 * characters AWS appends: a partial ARN would need a `-??????` wildcard in
 * IAM), optionally followed by `:<json-key>:<version-stage>:<version-id>`.
 */
const SECRETS_MANAGER = /^(?<arn>arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6})(?::[^:\s]*:[^:\s]*:[^:\s]*)?$/;
/** An SSM parameter ARN (a plain name only works in the task's own region and account; an ARN always does). */
const SSM_PARAMETER = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]{1,2048}$/;

export const SECRET_REFERENCE_FORMAT =
  'a Secrets Manager secret ARN with its 6-character suffix (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf, ' +
  'optionally :<json-key>:<version-stage>:<version-id>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)';

/** Where a `valueFrom` reads from, or undefined when it is neither form. */
export function secretSource(valueFrom: string): SecretSource | undefined {
  const secret = SECRETS_MANAGER.exec(valueFrom);
  if (secret?.groups) return { kind: 'secretsmanager', secretArn: secret.groups.arn };
  return SSM_PARAMETER.test(valueFrom) ? { kind: 'ssm', parameterArn: valueFrom } : undefined;
}
