import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, parseDocument } from 'yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { renderProxies } from '../helpers/envoy-inputs';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';

const root = path.resolve(__dirname, '..', '..');

/** The example environment file with the items of the maps at `paths` in reverse order. */
function reorderedText(name: string, paths: readonly (readonly string[])[]): string {
  const document = parseDocument(fs.readFileSync(path.join(root, 'environments', `${name}.yaml`), 'utf8'));
  for (const at of paths) {
    const map = document.getIn(at, true);
    if (!isMap(map)) throw new Error(`${at.join('.')} is not a map in ${name}.yaml`);
    map.items.reverse();
  }
  return document.toString();
}

/** The example environment with the items of the maps at `paths` in reverse order, synthesized; its stacks' JSON with object keys sorted. */
function synthReordered(name: string, paths: readonly (readonly string[])[]): Record<string, string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'key-order-'));
  try {
    fs.mkdirSync(path.join(work, 'environments'));
    fs.writeFileSync(path.join(work, 'environments', `${name}.yaml`), reorderedText(name, paths));
    const outdir = path.join(work, 'cdktf.out');
    synthesizeEnvironments(loadEnvironments(path.join(work, 'environments'), [name], { today: FIXTURE_TODAY }), outdir, addEnvironmentStacks, { today: FIXTURE_TODAY });
    const stacks = path.join(outdir, 'stacks');
    return Object.fromEntries(fs.readdirSync(stacks).map((stack) => [stack, canonical(JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')))]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function canonical(value: unknown): string {
  const sort = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(sort)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(
            Object.keys(node)
              .sort()
              .map((key) => [key, sort((node as Record<string, unknown>)[key])]),
          )
        : node;
  return JSON.stringify(sort(value), null, 1);
}

describe('the order of keys in an environment file', () => {
  test('GIVEN the services of prod in reverse order THEN the synthesized Terraform is the same: no port, priority or name comes from a position', () => {
    const asWritten = synthReordered('prod', []);
    const reordered = synthReordered('prod', [['services']]);
    expect(Object.keys(reordered)).toEqual(Object.keys(asWritten));
    for (const stack of Object.keys(asWritten)) expect({ stack, json: reordered[stack] }).toEqual({ stack, json: asWritten[stack] });
  });

  test('GIVEN the egress targets of a service in reverse order THEN every listener port stays with its target', () => {
    const load = (text: string) => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'key-order-'));
      try {
        fs.mkdirSync(path.join(work, 'environments'));
        fs.writeFileSync(path.join(work, 'environments', 'prod.yaml'), text);
        return loadEnvironments(path.join(work, 'environments'), ['prod'], { today: FIXTURE_TODAY })[0];
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    };
    const ports = (text: string) => renderProxies(load(text)).worker.ports.egress;
    const asWritten = ports(reorderedText('prod', []));
    expect(Object.keys(asWritten).length).toBeGreaterThan(1);
    const reordered = ports(reorderedText('prod', [['services', 'worker', 'egress']]));
    expect(Object.keys(reordered)).toEqual(Object.keys(asWritten).reverse());
    for (const target of Object.keys(asWritten)) expect({ target, port: reordered[target].port }).toEqual({ target, port: asWritten[target].port });
  });
});
