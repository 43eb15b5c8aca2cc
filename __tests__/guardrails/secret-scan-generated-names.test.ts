import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { seededRandom } from '../helpers/seeded-random';

/**
 * Property: the secret scan judges what a person wrote or a secret could flow into, never what the synthesizer
 * generates from names (cdktf metadata, construct paths and unique ids, depends_on addresses). Names a new team
 * would pick (`k8s-dev`, `stg-b7`) put digits between letters, and cdktf appends an upper-case hash: before the
 * scan knew Terraform JSON's address-holding parts, such environments were refused as "high-entropy tokens".
 * The real-secret corpus that must still be caught is in secret-detection.test.ts and secret-scan.test.ts.
 */

const root = path.resolve(__dirname, '../..');
/** The examples: three kinds of service, OAuth2, egress targets, a private zone, two or three node groups. */
const EXAMPLES = ['stg', 'dev', 'prod'].map((name) => fs.readFileSync(path.join(root, 'environments', `${name}.yaml`), 'utf8'));

const random = seededRandom(30);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS_AND_DIGITS = `${LETTERS}0123456789`;
const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)];

/** A name the schema accepts (primitives.ts hyphenatedName): a letter first, then letters, digits and single hyphens. */
function generatedName(minLength: number, maxLength: number): string {
  const length = minLength + Math.floor(random() * (maxLength - minLength + 1));
  let name = pick(LETTERS);
  while (name.length < length) {
    const hyphen = random() < 0.15 && !name.endsWith('-') && name.length < length - 1;
    name += hyphen ? '-' : pick(LETTERS_AND_DIGITS);
  }
  return name;
}

/** Distinct generated names. */
function distinctNames(count: number, minLength: number, maxLength: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(generatedName(minLength, maxLength));
  return [...names];
}

interface Naming {
  readonly environment: string;
  readonly project: string;
  /** New keys of stg's web, api and worker. */
  readonly services: readonly [string, string, string];
  /** New keys of the example's node groups, in order (as many as it has). */
  readonly nodeGroups: readonly string[];
  /** New keys of the worker's egress targets, in order (Envoy listener and cluster names, EGRESS_URL_ variables). */
  readonly egress?: readonly string[];
  /** Which example (environments/stg.yaml, dev.yaml, prod.yaml) is renamed. @default 0 (stg) */
  readonly example?: number;
}

/** An example with every name replaced: project, services (and the egress target naming the API service), node groups, egress targets. */
function renamedExample(naming: Naming): string {
  const doc = parseDocument(EXAMPLES[naming.example ?? 0]);
  doc.set('project', naming.project);
  const rekey = (map: YAMLMap, keys: readonly string[]) => {
    const entries = map.items.map((pair) => pair.value);
    if (entries.length > keys.length) throw new Error(`expected at least ${entries.length} generated keys, got ${keys.length}`);
    map.items.length = 0;
    entries.forEach((value, index) => map.set(keys[index], value));
  };
  const services = doc.get('services') as YAMLMap;
  rekey(services, naming.services);
  const worker = services.get(naming.services[2]) as YAMLMap;
  (worker.getIn(['egress', 'orders']) as YAMLMap).set('service', naming.services[1]);
  if (naming.egress) rekey(worker.get('egress') as YAMLMap, naming.egress);
  const nodeGroups = doc.getIn(['eks', 'nodeGroups']);
  if (!isMap(nodeGroups)) throw new Error('stg.yaml has no eks.nodeGroups map');
  rekey(nodeGroups, naming.nodeGroups);
  return doc.toString();
}

const serviceNames = (): Naming['services'] => distinctNames(3, 2, 20) as unknown as Naming['services'];
const nodeGroupNames = (): Naming['nodeGroups'] => distinctNames(3, 2, 20);

/**
 * How many generated namings to synthesize after the two the issue reported, each about half a second of synth:
 * 6 by default (two renamings of each example), `SECRET_SCAN_GENERATED_NAMINGS=38` for the deep run of 40
 * environments this test made before (the same generator and seed: the first namings are the same in both).
 * docs/bench.md, "What makes synth and the tests fast".
 */
const GENERATED = Number(process.env.SECRET_SCAN_GENERATED_NAMINGS || 6);
if (!Number.isInteger(GENERATED) || GENERATED < EXAMPLES.length)
  throw new Error(`SECRET_SCAN_GENERATED_NAMINGS: expected a whole number of at least ${EXAMPLES.length} (one renaming of each example), got ${process.env.SECRET_SCAN_GENERATED_NAMINGS}`);

/** The two names the issue reported, then generated ones. */
const NAMINGS: Naming[] = [
  { environment: 'k8s-dev', project: 'acme', services: ['web', 'api', 'worker'], nodeGroups: ['system', 'spot-general'] },
  { environment: 'stg-b7', project: 'acme', services: ['web', 'api', 'worker'], nodeGroups: ['system', 'spot-general'] },
  ...Array.from({ length: GENERATED }, (_, index) => ({
    environment: generatedName(1, 16),
    project: generatedName(2, 20),
    services: serviceNames(),
    nodeGroups: nodeGroupNames(),
    egress: distinctNames(4, 2, 20),
    example: index % EXAMPLES.length,
  })),
];

describe('secret scan over generated names', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-names-'));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test(`GIVEN ${NAMINGS.length} copies of the examples with generated environment, project, service, node group and egress target names WHEN synthesized THEN the secret scan refuses none`, () => {
    const refused: string[] = [];
    for (const naming of NAMINGS) {
      const config = parseEnvironment(renamedExample(naming), `environments/${naming.environment}.yaml`, naming.environment, { today: FIXTURE_TODAY });
      const outdir = path.join(scratch, naming.environment, 'cdktf.out');
      try {
        synthesizeEnvironments([config], outdir, addEnvironmentStacks, { today: FIXTURE_TODAY });
      } catch (error) {
        refused.push(`${JSON.stringify(naming)}: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
      } finally {
        fs.rmSync(path.join(scratch, naming.environment), { recursive: true, force: true });
      }
    }
    expect(refused).toEqual([]);
  });
});
