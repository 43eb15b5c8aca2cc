import type { MessageDescriptor } from './api-types';
import type { RuleKind } from './validate-rules';

/**
 * The proto3 JSON mapping of Envoy's scalar and well-known types
 * (https://protobuf.dev/programming-guides/json/), as pure functions: the
 * value checks of validate-envoy-config.ts that need no API descriptor.
 */

/**
 * `record[key]` when it is the record's own entry: config keys such as
 * `constructor`, `toString` or `__proto__` must not find Object.prototype's
 * members and pass as known fields, types or enum values.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);
export const WRAPPERS: Record<string, RuleKind> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};

export const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
export const DURATION_EXPECTED = 'a duration such as "5s" or "0.25s" (google.protobuf.Duration)';
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Why `value` is not the proto3 JSON form of the scalar `type`, or undefined when it is. */
export function scalarProblem(type: string, value: unknown): string | undefined {
  if (type === 'string' || type === 'bytes') {
    if (typeof value === 'string') return undefined;
    return `expected a ${type === 'bytes' ? 'base64 string' : 'string'}, got ${describe(value)}${typeof value === 'number' || typeof value === 'boolean' ? ' (quote it)' : ''}`;
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return undefined;
    return `expected true or false, got ${describe(value)}`;
  }
  if (type === 'double' || type === 'float') {
    if (typeof value === 'number' || (typeof value === 'string' && /^(NaN|-?Infinity|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value))) return undefined;
    return `expected a number, got ${describe(value)}`;
  }
  const integer = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(integer)) {
    return `expected an integer (${type}), got ${describe(value)}`;
  }
  const range = INT_RANGES[type] ?? (type.startsWith('u') || type.startsWith('fixed') ? [0, Number.MAX_SAFE_INTEGER] : undefined);
  if (range && (integer < range[0] || integer > range[1])) {
    return `expected an integer between ${range[0]} and ${range[1]} (${type}), got ${integer}`;
  }
  return undefined;
}

export function isText(kind: RuleKind): boolean {
  return kind === 'string' || kind === 'bytes';
}

export function durationSeconds(value: string): number {
  const [, sign, seconds, fraction] = DURATION.exec(value)!;
  const magnitude = Number(seconds) + (fraction ? Number(`0.${fraction}`) : 0);
  return sign ? -magnitude : magnitude;
}

const JSON_NAMES = new WeakMap<MessageDescriptor, Map<string, string>>();

/** proto3 JSON also accepts each field's lowerCamelCase name (`per_connection_buffer_limit_bytes` → `perConnectionBufferLimitBytes`). */
export function jsonNames(descriptor: MessageDescriptor): Map<string, string> {
  let names = JSON_NAMES.get(descriptor);
  if (!names) {
    names = new Map(Object.keys(descriptor.fields).map((name) => [name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()), name]));
    JSON_NAMES.set(descriptor, names);
  }
  return names;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** The closest known name within two edits, for typos. */
export function didYouMean(key: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
