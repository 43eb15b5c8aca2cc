import { stringify } from 'yaml';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { parseEnvironment } from '../../lib/config/loader';
import { FIXTURE_TODAY } from './fixed-clock';
import { TerraformJson } from './terraform-json';

/** A complete, valid environment document; tests change only what they test. */
export function baseEnvironmentDocument(): Record<string, any> {
  return {
    project: 'acme',
    account: { id: '123456789012', region: 'eu-west-1' },
    state: { bucket: 'acme-tfstate-test' },
    dns: { domain: 'test.acme-example.com', publicZoneId: 'Z0TESTZONE' },
    network: {
      vpc: { cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 'per-az' },
    },
  };
}

/** `network` changes that replace the created VPC with an existing one given by ids. */
export function existingVpcNetwork(): Record<string, any> {
  return {
    vpc: null,
    existingVpc: {
      vpcId: 'vpc-0123456789abcdef0',
      cidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
      privateSubnetIds: ['subnet-0000000000000000c', 'subnet-0000000000000000d'],
    },
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | null : T[K] | null };

/** Deep-merges `changes` into the base document; `null` deletes a key. */
export function environmentDocument(changes: DeepPartial<Record<string, any>> = {}): Record<string, any> {
  return merge(baseEnvironmentDocument(), changes);
}

/** A validated config, through the real schema, from the base document plus `changes`. */
export function testEnvironment(changes: DeepPartial<Record<string, any>> = {}, name = 'test'): EnvironmentConfig {
  return parseEnvironment(stringify(environmentDocument(changes)), `${name}.yaml`, name, { today: FIXTURE_TODAY });
}

/**
 * Synthesizes one environment's stacks exactly as `cdktf synth` does (aspects,
 * validations, construct paths kept) and reads the JSON back.
 */
export function synthEnvironment(config: EnvironmentConfig): { platform: TerraformJson; bootstrap: TerraformJson } {
  // Required here: most importers only want testEnvironment, and envoy-inputs.ts loads the stacks and reads Envoy's templates and API.
  const { environmentStacks } = require('./envoy-inputs') as typeof import('./envoy-inputs');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stacks = environmentStacks(app, config);
    app.synth();
    const read = (stackId: string) => new TerraformJson(fs.readFileSync(path.join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8'));
    return { platform: read(stacks.platform.node.id), bootstrap: read(stacks.bootstrap.node.id) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function merge(base: Record<string, any>, changes: Record<string, any>): Record<string, any> {
  const result: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete result[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof result[key] === 'object' && !Array.isArray(result[key])) {
      result[key] = merge(result[key], value);
    } else result[key] = value;
  }
  return result;
}
