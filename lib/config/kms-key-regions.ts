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
  readonly account: { readonly region: string };
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
    const secretRegions = [...new Set(Object.values(service.secrets).map((valueFrom) => arnRegion(secretSource(valueFrom))).filter((r): r is string => r !== undefined))];
    const regions = secretRegions.length > 0 ? secretRegions : [config.account.region];
    const user = secretRegions.length > 0 ? `the secrets in services.${name}.secrets` : 'the secrets, account.region';
    check(['services', name, 'secretsKmsKeyArn'], service.secretsKmsKeyArn, regions, user);
  }
}

function arnRegion(source: ReturnType<typeof secretSource>): string | undefined {
  if (!source) return undefined;
  const arn = source.kind === 'secretsmanager' ? source.secretArn : source.parameterArn;
  return arn.split(':')[3];
}
