import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import * as renamedConstructs from '../../stacks/renamed-constructs';
import { UserError } from '../../lib/util/user-error';

/**
 * `renamedFrom` on every service and node group of every example environment
 * moves the entry's primary resource (its `aws_ecs_service`, its
 * `aws_eks_node_group`s) from the address it has in the unrenamed synthesis.
 * If the construct paths stacks/renamed-constructs.ts knows drift from what
 * the platform stack builds, synth fails at the entry's `renamedFrom` instead
 * of writing no `moved` blocks (Terraform would destroy and recreate it all).
 */
jest.mock('../../stacks/renamed-constructs', () => {
  const actual = jest.requireActual('../../stacks/renamed-constructs');
  return { ...actual, renamedEntries: jest.fn(actual.renamedEntries) };
});

const root = path.resolve(__dirname, '../..');
const examples = fs.readdirSync(path.join(root, 'environments')).filter((f) => f.endsWith('.yaml'));
const NEW = (name: string) => `${name}2`;

function load(file: string, document: Record<string, any>) {
  return parseEnvironment(stringify(document), `environments/${file}`, file.replace(/\.yaml$/, ''), { today: FIXTURE_TODAY });
}

/** Each entry of `section` under a new name (same position), with `renamedFrom` its old one. */
function renameAll(section: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(section).map(([name, entry]) => [NEW(name), { ...structuredClone(entry), renamedFrom: name }]));
}

describe.each(examples)('renamedFrom in environments/%s', (file) => {
  const original = parse(fs.readFileSync(path.join(root, 'environments', file), 'utf8'));
  const renamed = structuredClone(original);
  renamed.services = renameAll(original.services ?? {});
  // A service's egress to another by name (`type: environment-api, service: api`) follows the rename.
  for (const service of Object.values<any>(renamed.services))
    for (const egress of Object.values<any>(service.egress ?? {})) if (typeof egress.service === 'string') egress.service = NEW(egress.service);
  if (renamed.eks?.nodeGroups) renamed.eks.nodeGroups = renameAll(original.eks.nodeGroups);

  test('GIVEN every service and node group renamed THEN each moves its aws_ecs_service / aws_eks_node_group from an address the unrenamed synthesis has', () => {
    const base = synthEnvironment(load(file, original)).platform;
    const head = synthEnvironment(load(file, renamed)).platform;
    const before = new Set(base.resources().map((r) => r.address));
    const moved = (head.json.moved ?? []) as { from: string; to: string }[];
    const movedTo = new Map(moved.map((m) => [m.to, m.from]));
    // Construct paths below the stack: `ecs/service-<name>/…`, `eks/<name>/…` or per zone `eks/<name>-<zone>/…`.
    const primaries: [string, RegExp, string][] = [
      ...Object.keys(original.services ?? {}).map((name): [string, RegExp, string] => ['aws_ecs_service', new RegExp(`^ecs/service-${NEW(name)}/`), name]),
      ...Object.keys(original.eks?.nodeGroups ?? {}).map((name): [string, RegExp, string] => ['aws_eks_node_group', new RegExp(`^eks/${NEW(name)}(-[a-z0-9-]+)?/`), name]),
    ];
    expect(primaries.length).toBeGreaterThan(0);
    for (const [type, pathPart, name] of primaries) {
      const resources = head.resources(type).filter((r) => pathPart.test(r.path));
      expect([name, resources.length > 0]).toEqual([name, true]);
      for (const resource of resources) {
        const from = movedTo.get(resource.address);
        expect([resource.address, from !== undefined && before.has(from)]).toEqual([resource.address, true]);
        expect(base.stack.blocks.get(from!)!.path).toContain(name);
      }
    }
    // Every old address exists, except validation records named after host names (docs/review.md, "after renamedFrom").
    const unmatched = moved.filter(({ from }) => !before.has(from)).map((m) => m.from);
    expect(unmatched).toEqual(unmatched.map(() => expect.stringMatching(/^aws_route53_record\.[\w-]+_validation-/)));
  });

  test('GIVEN construct paths that drifted from what the stack builds THEN synth fails at each entry’s renamedFrom', () => {
    const config = load(file, renamed);
    const drift = (entries: renamedConstructs.RenamedEntry[]) => entries.map((entry) => ({ ...entry, constructs: entry.constructs.map((c) => ({ ...c, parent: [...c.parent, 'drifted'] })) }));
    const mocked = renamedConstructs.renamedEntries as jest.MockedFunction<typeof renamedConstructs.renamedEntries>;
    mocked.mockImplementationOnce((c, ids) => drift(jest.requireActual('../../stacks/renamed-constructs').renamedEntries(c, ids)));
    let error: unknown;
    try {
      synthEnvironment(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const lines = (error as Error).message.split('\n');
    const expected = [
      ...Object.keys(original.services ?? {}).map((name) => `services.${NEW(name)}.renamedFrom: expected the rename to move the entry's aws_ecs_service`),
      ...Object.keys(original.eks?.nodeGroups ?? {}).map((name) => `eks.nodeGroups.${NEW(name)}.renamedFrom: expected the rename to move the entry's aws_eks_node_group`),
    ];
    expect(lines).toEqual(expected.map((text) => expect.stringMatching(new RegExp(`^environments/${file.replace('.', '\\.')}:\\d+:\\d+: ${text.replace(/\./g, '\\.')} .*got no moved block at all`))));
  });
});
