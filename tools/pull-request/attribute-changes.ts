/**
 * Attribute-level differences between two versions of a resource's arguments.
 * Values are flattened to leaves: nested blocks and maps by key, lists of
 * blocks by index, while lists of plain values stay one leaf. A string holding
 * a JSON document (container definitions, policies) is expanded too, so a
 * changed image shows as one line rather than a wall of escaped JSON.
 */

/** Marks the step from an attribute into the JSON document its string holds. */
export const JSON_DOCUMENT = Symbol('json');
/** An element of a list whose elements all have a distinct `name` (containers, environment variables). */
export interface NamedElement {
  readonly name: string;
}
export type PathSegment = string | number | NamedElement | typeof JSON_DOCUMENT;

export interface AttributeChange {
  readonly segments: readonly PathSegment[];
  /** For people: `vpc_config[0].subnet_ids`, `container_definitions::[app].environment[LOG_LEVEL].value`. */
  readonly path: string;
  /** For rules: dotted names without list indices, up to any JSON document (`vpc_config.subnet_ids`). */
  readonly attribute: string;
  /** `undefined` when the leaf did not exist before. */
  readonly before: unknown;
  /** `undefined` when the leaf no longer exists. */
  readonly after: unknown;
}

interface Leaf {
  readonly segments: readonly PathSegment[];
  readonly value: unknown;
}

/** The changed leaves between two argument objects, in path order. */
export function attributeChanges(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): AttributeChange[] {
  const old = leaves(before);
  const current = leaves(after);
  const paths = [...new Set([...old.keys(), ...current.keys()])].sort();
  return paths
    .filter((key) => !sameValue(old.get(key)?.value, current.get(key)?.value))
    .map((key) => {
      const segments = (current.get(key) ?? old.get(key))!.segments;
      return { segments, path: key, attribute: attributeOf(segments), before: old.get(key)?.value, after: current.get(key)?.value };
    });
}

/** Every leaf of a value, keyed by its display path. */
export function leaves(values: Readonly<Record<string, unknown>>): Map<string, Leaf> {
  const found = new Map<string, Leaf>();
  const visit = (value: unknown, segments: PathSegment[]) => {
    const nested = typeof value === 'string' ? parseJsonDocument(value) : undefined;
    if (nested !== undefined && segments.length > 0) {
      visit(nested, [...segments, JSON_DOCUMENT]);
    } else if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
      // Named elements are matched by name, so reordering them is no change and a
      // changed environment variable reads `environment[LOG_LEVEL].value`.
      const names = value.map((item) => (item !== null && typeof item === 'object' ? (item as { name?: unknown }).name : undefined));
      const byName = names.every((n) => typeof n === 'string') && new Set(names).size === names.length;
      value.forEach((item, index) => visit(item, [...segments, byName ? { name: names[index] } : index]));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, [...segments, key]);
    } else {
      found.set(formatPath(segments), { segments, value });
    }
  };
  visit(values, []);
  return found;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (segment === JSON_DOCUMENT) text += '::';
    else if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'object') text += `[${segment.name}]`;
    else text += text === '' || text.endsWith('::') ? segment : `.${segment}`;
  }
  return text;
}

function attributeOf(segments: readonly PathSegment[]): string {
  const end = segments.indexOf(JSON_DOCUMENT);
  return (end === -1 ? segments : segments.slice(0, end)).filter((s): s is string => typeof s === 'string').join('.');
}

function parseJsonDocument(value: string): unknown {
  const trimmed = value.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    // Not JSON after all (an HCL expression such as `${jsonencode(…)}`): compared as text.
    return undefined;
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
