import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CHANGE_RULES, type ChangeEffect } from '../../tools/review/replacement-rules';
import { planStacksOffline, type StackPlanResult } from '../../tools/plan/offline-plan';
import { PROVIDER_SAMPLES, type Patch } from './fixtures/provider-samples';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * The replacement table is only worth something if it is right: every rule
 * attribute is changed against a prior state and planned with the real AWS
 * provider (5.100.0), offline. `replace` and `revision` entries must plan a
 * replacement forced by that attribute, `roll` entries an in-place update.
 */
const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.plan-work', 'replacement-rules');
const STACK = 'replacement-rules';

interface Case {
  readonly name: string;
  readonly resourceType: string;
  readonly attribute: string;
  readonly effect: ChangeEffect;
}

const cases: Case[] = CHANGE_RULES.flatMap((rule) =>
  rule.attributes.map((attribute) => ({ resourceType: rule.resourceType, attribute, effect: rule.effect, name: '' })),
).map((c, index) => ({ ...c, name: `case_${index}` }));

function applyPatch(target: Record<string, unknown>, patch: Patch | undefined): Record<string, unknown> {
  const result = structuredClone(target);
  for (const [dotted, value] of Object.entries(patch ?? {})) {
    const segments = dotted.split('.');
    let node: any = result;
    for (const segment of segments.slice(0, -1)) node = Array.isArray(node[segment]) ? node[segment][0] : node[segment];
    const last = segments[segments.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return result;
}

function writeCaseStack(dir: string): void {
  const resource: Record<string, Record<string, unknown>> = {};
  const instances = [];
  for (const c of cases) {
    const sample = PROVIDER_SAMPLES[c.resourceType];
    const change = sample.changes[c.attribute];
    if (!change) throw new Error(`provider-samples.ts has no change for ${c.resourceType} ${c.attribute}`);
    resource[c.resourceType] = { ...resource[c.resourceType], [c.name]: applyPatch(sample.config, change.config) };
    const prior = applyPatch({ ...sample.config, ...sample.state, id: `${c.name}-id` }, change.state);
    instances.push({
      mode: 'managed',
      type: c.resourceType,
      name: c.name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: sample.schemaVersion ?? 0, attributes: prior }],
    });
  }
  fs.mkdirSync(path.join(dir, 'stacks', STACK), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: { [STACK]: { workingDirectory: `stacks/${STACK}` } } }));
  const config = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource,
  };
  fs.writeFileSync(path.join(dir, 'stacks', STACK, 'cdk.tf.json'), JSON.stringify(config, null, 2));
  const state = { version: 4, terraform_version: '1.10.0', serial: 1, lineage: 'replacement-rules', outputs: {}, resources: instances };
  fs.writeFileSync(path.join(dir, 'stacks', STACK, 'terraform.tfstate'), JSON.stringify(state, null, 2));
}

interface ResourceChange {
  readonly name: string;
  readonly change: { readonly actions: string[]; readonly replace_paths?: (string | number)[][] };
}

let version: string | undefined;
let plan: StackPlanResult;
let changes: Map<string, ResourceChange>;

beforeAll(async () => {
  version = await terraformForSuite('the replacement rule check');
  if (!version) return;
  const synthDir = path.join(work, 'input');
  fs.rmSync(synthDir, { recursive: true, force: true });
  writeCaseStack(synthDir);
  [plan] = await planStacksOffline({ synthDir, workDir: path.join(work, 'stacks'), concurrency: 1 });
  if (!plan.ok) return;
  const { stdout } = await promisify(execFile)('terraform', ['show', '-json', 'offline.tfplan'], {
    cwd: path.join(work, 'stacks', STACK),
    maxBuffer: 64 * 1024 * 1024,
  });
  changes = new Map((JSON.parse(stdout).resource_changes as ResourceChange[]).map((rc) => [rc.name, rc]));
}, 600_000);

describe('replacement rules against the AWS provider', () => {
  test.each(cases)('$resourceType $attribute: $effect', ({ name, attribute, effect }) => {
    if (!version) return;
    if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed:\n${plan.output}`);
    const { actions, replace_paths: replacePaths = [] } = changes.get(name)!.change;
    if (effect === 'roll') {
      expect(actions).toEqual(['update']);
    } else {
      expect([...actions].sort()).toEqual(['create', 'delete']);
      const forcing = replacePaths.map((segments) => segments.filter((s) => typeof s === 'string').join('.'));
      expect(forcing.some((forced) => forced === attribute || forced.startsWith(`${attribute}.`))).toBe(true);
    }
  });
});
