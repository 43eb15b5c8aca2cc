import * as fs from 'fs';
import * as path from 'path';
import { PROXY_SECRET_KIND_TAG, type ProxySecretKind } from '../../lib/ecs/proxy-secrets';

/** A proxy secret as the synthesized platform stack declares it. */
export interface SynthesizedSecret {
  /** Terraform address, for `-target`. */
  readonly address: string;
  readonly name: string;
  readonly kind: ProxySecretKind;
}

/** What a deploy needs to know of one environment's synthesized stacks. */
export interface SynthesizedEnvironment {
  readonly environment: string;
  readonly bootstrapStack: string;
  readonly platformStack: string;
  /** Stack folders, relative to the project root. */
  readonly bootstrapDir: string;
  readonly platformDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateBucket: string;
  /** Sorted by name. */
  readonly secrets: readonly SynthesizedSecret[];
  /** The ECS cluster and its services' names, when the environment has services. */
  readonly ecs?: { readonly cluster: string; readonly services: readonly string[] };
}

/**
 * Reads `<synthDir>/stacks/<env>-bootstrap` and `<env>-platform` (cdk.tf.json)
 * of a cdktf output folder: the deploy works from what was synthesized, not
 * from a second reading of the environment file.
 * @param synthDir the cdktf output folder, relative to the project root (how stack folders are named in commands)
 */
export function readSynthesizedEnvironment(root: string, synthDir: string, environment: string): SynthesizedEnvironment {
  const bootstrapStack = `${environment}-bootstrap`;
  const platformStack = `${environment}-platform`;
  const bootstrapDir = path.join(synthDir, 'stacks', bootstrapStack);
  const platformDir = path.join(synthDir, 'stacks', platformStack);
  const read = (dir: string): Record<string, any> => {
    const file = path.join(root, dir, 'cdk.tf.json');
    if (!fs.existsSync(file)) throw new Error(`${file}: not found; is ${environment} an environment (environments/${environment}.yaml)?`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  };
  const platform = read(platformDir);
  read(bootstrapDir);
  const provider = ([] as Record<string, any>[]).concat(platform.provider?.aws ?? [])[0] ?? {};
  const resource = (type: string): [string, Record<string, any>][] => Object.entries(platform.resource?.[type] ?? {});

  const secrets = resource('aws_secretsmanager_secret')
    .map(([name, values]) => ({ address: `aws_secretsmanager_secret.${name}`, name: values.name as string, kind: values.tags?.[PROXY_SECRET_KIND_TAG] as ProxySecretKind }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const secret of secrets) {
    if (!secret.kind) throw new Error(`${platformDir}: ${secret.address} (${secret.name}) has no ${PROXY_SECRET_KIND_TAG} tag: no one knows how to fill it`);
  }
  const clusters = resource('aws_ecs_cluster');
  const services = resource('aws_ecs_service').map(([, values]) => values.name as string).sort();
  return {
    environment,
    bootstrapStack,
    platformStack,
    bootstrapDir,
    platformDir,
    region: provider.region,
    accountId: ([] as string[]).concat(provider.allowed_account_ids ?? [])[0],
    stateBucket: platform.terraform?.backend?.s3?.bucket,
    secrets,
    ...(clusters.length === 1 && services.length > 0 ? { ecs: { cluster: clusters[0][1].name as string, services } } : {}),
  };
}
