import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findConfigDefaults } from './config-defaults';

const root = path.resolve(__dirname, '../..');
/** The construct folders of the dependency rules (.dependency-cruiser.cjs, dependency-rules.test.ts). */
const CONSTRUCT_FOLDERS = ['apigw', 'core', 'dns', 'ecs', 'edge', 'eks', 'envoy', 'iam', 'network', 'observability', 's3', 'state'];

/**
 * Construct-own defaults whose property is named like a config key, but that no config key feeds
 * (docs/architecture.md, "Defaults live once"). Each one is a behaviour of the construct or of the AWS
 * format it writes, so it lives only in the construct.
 */
const CONSTRUCT_OWN_DEFAULTS: Readonly<Record<string, string>> = {
  'DnsValidatedCertificateProps.keyAlgorithm': "the API domain's certificate (ApiCustomDomain) has no config key; dns.edgeCertificate.keyAlgorithm reaches PlatformDns resolved",
  'NlbServiceListenerProps.deregistrationDelaySeconds': "the NLB target group's drain time; services.<name>.deregistrationDelaySeconds is the ALB target group's",
  'PolicyStatement.effect': 'IAM statements of the typed policy helper are Allow unless they say Deny; no config key writes IAM statements',
  'ContainerDefinition.environment': "a container definition's optional variable list (the ECS API type), extended by the sidecar; the app's variables arrive resolved",
  'InstanceRequirement.minGeneration': 'an optional filter, not a value: absent means no generation filter (the schema documents the same and defaults nothing)',
  'NodeTaint.value': "an absent taint value is written as the empty string in Cluster Autoscaler's node-template tag (the tag's format)",
};

function sources(): string[] {
  return execFileSync('git', ['ls-files', 'main.ts', 'lib/*.ts', 'stacks/*.ts', 'tools/*.ts', 'scripts/*.ts'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file.endsWith('.ts'));
}

describe('defaults live once: no `??` default of a config-fed value outside lib/config', () => {
  test('THEN stacks compute nothing, and constructs and tools restate no default of the schema or the resolved model', () => {
    const found = findConfigDefaults(root, sources(), CONSTRUCT_FOLDERS);
    const unlisted = found.filter(({ value }) => !Object.hasOwn(CONSTRUCT_OWN_DEFAULTS, value)).map(({ at, value }) => `${at}: ${value}`);
    expect(unlisted).toEqual([]);
    // A listed default that is gone is taken off the list, so the list stays the short truth.
    const stale = Object.keys(CONSTRUCT_OWN_DEFAULTS).filter((value) => !found.some((f) => f.value === value));
    expect(stale).toEqual([]);
  });

  test('GIVEN a stack, a construct and a tool that each default a config-fed value THEN each is found, and a construct-own default is not', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-defaults-'));
    try {
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'commonjs', types: [] } }),
        'lib/config/state-schema.ts': [
          'declare const z: { strictObject(shape: object): unknown };',
          "export const stateSchema = z.strictObject({ region: 'optional', bucket: 'required' });",
          'export interface StateConfig { readonly region?: string; readonly bucket: string }',
          '',
        ].join('\n'),
        'stacks/state-stack.ts': ["import type { StateConfig } from '../lib/config/state-schema';", 'export const region = (state: StateConfig, account: string) => state.region ?? account;', ''].join(
          '\n',
        ),
        'lib/state/bucket.ts': [
          'export interface BucketProps { readonly region?: string; readonly versioningDays?: number }',
          "export const bucketRegion = (props: BucketProps) => props.region ?? 'eu-west-1';",
          'export const versioningDays = (props: BucketProps) => props.versioningDays ?? 90;',
          '',
        ].join('\n'),
        'tools/state/report.ts': ["import type { StateConfig } from '../../lib/config/state-schema';", "export const where = (state: StateConfig) => state.region ?? 'us-east-1';", ''].join('\n'),
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
        fs.writeFileSync(path.join(scratch, file), text);
      }
      const found = findConfigDefaults(
        scratch,
        Object.keys(files).filter((f) => f.endsWith('.ts')),
        ['state'],
      );
      expect(found).toEqual([
        { at: 'stacks/state-stack.ts:2', value: 'state.region' },
        { at: 'lib/state/bucket.ts:2', value: 'BucketProps.region' },
        { at: 'tools/state/report.ts:2', value: 'StateConfig.region' },
      ]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
