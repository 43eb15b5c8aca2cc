import type { z } from 'zod';
import { secretSource } from '../ecs/secret-reference';
import { stateRegionOf } from './derived-values';

/**
 * KMS keys are regional (https://docs.aws.amazon.com/kms/latest/developerguide/overview.html): a key is used by
 * the services of its own region, so S3 SSE-KMS (the state bucket), CloudWatch Logs, EBS (node volumes) and
 * Secrets Manager refuse a key from another region at `apply`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html). The offline plan cannot see
 * that, so it is refused here at the key's position, naming both regions. An alias ARN names its region the same
 * way (`arn:aws:kms:<region>:<account>:alias/<name>`) and is checked by it.
 */
/** The region of a KMS key or alias ARN, or undefined for anything else. */
export function kmsKeyRegion(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(?:key|alias)\//.exec(arn)?.[1];
}

/** The parts of a parsed environment file that name KMS keys, and the regions of what uses them. */
export interface KmsKeySources {
  readonly account: { readonly id: string; readonly region: string };
  readonly state: { readonly region?: string; readonly kmsKeyArn?: string };
  readonly eks?: { readonly nodeVolumeKmsKeyArn?: string };
  readonly services: Readonly<Record<string, { readonly secretsKmsKeyArn?: string; readonly secrets: Readonly<Record<string, string>> }>>;
}

export function checkKmsKeyRegions(config: KmsKeySources, ctx: z.RefinementCtx): void {
  const check = (path: (string | number)[], arn: string | undefined, regions: readonly string[], user: string) => {
    const region = arn === undefined ? undefined : kmsKeyRegion(arn);
    if (region === undefined || regions.includes(region)) return;
    ctx.addIssue({
      code: 'custom',
      path,
      message: `expected a KMS key in ${regions.join(' or ')} (the region of ${user}), got a key in ${region}: KMS keys are regional and AWS refuses a key from another region`,
    });
  };
  const stateRegion = stateRegionOf(config);
  check(['state', 'kmsKeyArn'], config.state.kmsKeyArn, [stateRegion], `the state bucket, ${config.state.region ? 'state.region' : 'account.region'}`);
  check(['eks', 'nodeVolumeKmsKeyArn'], config.eks?.nodeVolumeKmsKeyArn, [config.account.region], 'the node volumes, account.region');
  for (const [name, service] of Object.entries(config.services)) {
    // The key decrypts the service's secrets, so it belongs in their region: account.region, or the region their ARNs name.
    const secretRegions = [
      ...new Set(
        Object.values(service.secrets)
          .map((valueFrom) => arnRegion(secretSource(valueFrom)))
          .filter((r): r is string => r !== undefined),
      ),
    ];
    const regions = secretRegions.length > 0 ? secretRegions : [config.account.region];
    const user = secretRegions.length > 0 ? `the secrets in services.${name}.secrets` : 'the secrets, account.region';
    check(['services', name, 'secretsKmsKeyArn'], service.secretsKmsKeyArn, regions, user);
    checkCrossAccountSecrets(name, service, config.account.id, ctx);
  }
}

/**
 * A Secrets Manager secret of another account is readable by the task only when it is encrypted with a customer
 * managed key whose key policy admits this account: the AWS managed key (aws/secretsmanager) cannot be used across
 * accounts, and the execution role needs kms:Decrypt on the key itself
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html). The config cannot
 * show which key encrypts the secret, so it requires `secretsKmsKeyArn`, as a key ARN: an alias in an IAM policy's
 * Resource does not grant use of the key it points at (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html).
 */
function checkCrossAccountSecrets(name: string, service: KmsKeySources['services'][string], accountId: string, ctx: z.RefinementCtx): void {
  for (const [variable, valueFrom] of Object.entries(service.secrets)) {
    const source = secretSource(valueFrom);
    if (source?.kind !== 'secretsmanager') continue;
    const owner = source.secretArn.split(':')[4];
    if (owner === accountId) continue;
    if (service.secretsKmsKeyArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', name, 'secrets', variable],
        message:
          `the secret is in account ${owner}, not this environment's ${accountId}: another account's secret can only be read when it is encrypted with a customer managed KMS key ` +
          `whose key policy admits ${accountId} (the AWS managed key aws/secretsmanager cannot be shared), so the task would never get it; set services.${name}.secretsKmsKeyArn to that key's ARN`,
      });
    } else if (/:alias\//.test(service.secretsKmsKeyArn)) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', name, 'secretsKmsKeyArn'],
        message: `expected the key ARN (arn:aws:kms:<region>:<account>:key/<id>) of the key that encrypts the secret of account ${owner} (services.${name}.secrets.${variable}): an alias in an IAM policy does not grant use of the key it points at`,
      });
      return;
    }
  }
}

function arnRegion(source: ReturnType<typeof secretSource>): string | undefined {
  if (!source) return undefined;
  const arn = source.kind === 'secretsmanager' ? source.secretArn : source.parameterArn;
  return arn.split(':')[3];
}
