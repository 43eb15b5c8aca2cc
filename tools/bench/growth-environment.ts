/**
 * Builds the environments of benchmark (c): a template environment whose
 * named maps of repeated units (ECS services, EKS node groups) are grown to a
 * given size by cloning the template's own entries, so the clones are as
 * valid as the examples. The result is checked by the real schema when it is
 * synthesized, not here: a clone rule that some future rule rejects shows up
 * as a synth failure in the benchmark output, never as a wrong measurement.
 */

/** Paths of the maps that grow, where the template has them (a missing one is skipped and reported). */
export const GROWABLE_MAPS: readonly (readonly string[])[] = [['services'], ['ecs', 'services'], ['eks', 'nodeGroups']];

/** Map keys are resource keys: at most 32 characters (lib/config/primitives.ts). */
const MAX_KEY_LENGTH = 32;
/** DNS labels are at most 63 characters (RFC 1035). */
const MAX_LABEL_LENGTH = 63;
/** Clone `index` gets ports PORT_BASE + index * PORTS_PER_CLONE + (0..7): unique, below 65536 for 5,000 clones. */
const PORT_BASE = 20000;
const PORTS_PER_CLONE = 8;
/** Likewise for priorities (ALB listener rules take 1-50000). */
const PRIORITY_BASE = 1000;
const PRIORITIES_PER_CLONE = 8;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface GrownMap {
  /** Dotted path, such as `eks.nodeGroups`. */
  readonly path: string;
  readonly templateEntries: number;
  readonly entries: number;
}

export interface GrownEnvironment {
  readonly document: JsonObject;
  /** The maps that were found and grown; empty when the template has none. */
  readonly grown: readonly GrownMap[];
}

/** The template with each growable map it has holding `size` entries. */
export function growEnvironment(template: JsonObject, size: number): GrownEnvironment {
  if (!Number.isInteger(size) || size < 1) throw new Error(`growEnvironment: expected a size of at least 1, got ${size}`);
  const document = structuredClone(template);
  const dns = document.dns;
  const domain = isObject(dns) && typeof dns.domain === 'string' ? dns.domain : undefined;
  const grown: GrownMap[] = [];
  for (const mapPath of GROWABLE_MAPS) {
    const parent = mapPath.slice(0, -1).reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), document);
    const key = mapPath[mapPath.length - 1];
    if (!isObject(parent) || !isObject(parent[key]) || Object.keys(parent[key]).length === 0) continue;
    const map = parent[key];
    parent[key] = growMap(map, size, domain);
    grown.push({ path: mapPath.join('.'), templateEntries: Object.keys(map).length, entries: size });
    if (mapPath.length === 1 && key === 'services') giveClonedApiServicesTheirSettings(document, map, parent[key], domain);
  }
  return { document, grown };
}

/**
 * An `ingress: apigw` clone needs API settings of its own: the NLB takes one listener per service, and a service
 * without `apiGateway.services.<name>.listenerPort` takes the default port the template's service already holds (a
 * config error naming both). Each clone gets a copy of its template's settings with the listener port renumbered as
 * cloneEntry renumbers every port.
 */
function giveClonedApiServicesTheirSettings(document: JsonObject, template: JsonObject, services: Json, domain: string | undefined): void {
  if (!isObject(services)) return;
  const templateKeys = Object.keys(template);
  const apiGateway = isObject(document.apiGateway) ? document.apiGateway : (document.apiGateway = {});
  const settings = isObject(apiGateway.services) ? apiGateway.services : (apiGateway.services = {});
  const nlb = isObject(apiGateway.nlb) ? apiGateway.nlb : {};
  const defaultPort = typeof nlb.defaultListenerPort === 'number' ? nlb.defaultListenerPort : 443;
  Object.keys(services).forEach((toKey, index) => {
    const fromKey = templateKeys[index % templateKeys.length];
    const service = services[toKey];
    if (index < templateKeys.length || !isObject(service) || service.ingress !== 'apigw') return;
    const own = isObject(settings[fromKey]) ? settings[fromKey] : {};
    const withPort: JsonObject = { ...own, listenerPort: typeof own.listenerPort === 'number' ? own.listenerPort : defaultPort };
    settings[toKey] = cloneEntry(withPort, { fromKey, toKey, index, domain });
  });
}

/**
 * `size` entries: the template's own first, in order, then clones of them in
 * turn. With fewer than the template has, the first `size` are kept.
 */
export function growMap(map: JsonObject, size: number, domain?: string): JsonObject {
  const entries = Object.entries(map);
  const taken = new Set(Object.keys(map));
  const result: JsonObject = {};
  for (let index = 0; index < size; index++) {
    const [fromKey, entry] = entries[index % entries.length];
    const copy = Math.floor(index / entries.length);
    if (copy === 0) {
      result[fromKey] = entry;
      continue;
    }
    const toKey = cloneKey(fromKey, copy, taken);
    taken.add(toKey);
    result[toKey] = cloneEntry(entry, { fromKey, toKey, index, domain });
  }
  return result;
}

/** `<fromKey>-<copy>`, shortened to a valid key, and bumped past keys already taken. */
export function cloneKey(fromKey: string, copy: number, taken: ReadonlySet<string> = new Set()): string {
  for (let n = copy; ; n++) {
    const suffix = `-${n}`;
    const key = `${fromKey.slice(0, MAX_KEY_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(key)) return key;
  }
}

export interface CloneContext {
  readonly fromKey: string;
  readonly toKey: string;
  /** Position of the clone in the grown map: makes ports, priorities and host names unique. */
  readonly index: number;
  /** The environment's DNS domain: host names under it get a unique first label. */
  readonly domain?: string;
}

/**
 * A copy of one map entry that does not collide with the others: the key in
 * any string becomes the new key (names, paths, host names), numbers under a
 * `…port(s)`/`…priority` key get values of their own (equal values stay equal
 * within the clone), and host names under the domain that do not contain the
 * key get a unique first label. Nested map keys are kept.
 */
export function cloneEntry(entry: Json, context: CloneContext): Json {
  const ports = new Renumbering(PORT_BASE + context.index * PORTS_PER_CLONE, PORTS_PER_CLONE);
  const priorities = new Renumbering(PRIORITY_BASE + context.index * PRIORITIES_PER_CLONE, PRIORITIES_PER_CLONE);
  const keyPattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(context.fromKey)}(?![A-Za-z0-9])`, 'g');

  const cloneString = (text: string): string => {
    const renamed = text.replace(keyPattern, context.toKey);
    if (renamed !== text || !context.domain || text.startsWith('*.')) return renamed;
    if (text === context.domain) return `${context.toKey}.${context.domain}`;
    if (!text.endsWith(`.${context.domain}`)) return text;
    const [label, ...rest] = text.split('.');
    const suffix = `-${context.index}`;
    return [`${label.slice(0, MAX_LABEL_LENGTH - suffix.length)}${suffix}`, ...rest].join('.');
  };

  const walk = (value: Json, key: string | undefined): Json => {
    if (typeof value === 'string') return cloneString(value);
    if (typeof value === 'number' && key !== undefined) {
      if (/ports?$/i.test(key)) return ports.map(value);
      if (/priority$/i.test(key)) return priorities.map(value);
      return value;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(entry, undefined);
}

/** Gives each distinct original value the next number of a block. */
class Renumbering {
  private readonly assigned = new Map<number, number>();

  constructor(
    private readonly first: number,
    private readonly size: number,
  ) {}

  map(original: number): number {
    const known = this.assigned.get(original);
    if (known !== undefined) return known;
    if (this.assigned.size === this.size) throw new Error(`cloneEntry: more than ${this.size} distinct values to renumber in one entry`);
    const next = this.first + this.assigned.size;
    this.assigned.set(original, next);
    return next;
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
