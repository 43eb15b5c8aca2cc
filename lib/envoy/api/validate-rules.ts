import type { FieldDescriptor } from './api-types';
/**
 * The protoc-gen-validate rules Envoy enforces when it loads a config
 * (https://github.com/bufbuild/protoc-gen-validate#constraint-rules): every
 * rule kind the shipped Envoy API uses on scalars, enums, durations, lists
 * and maps. Presence rules (`message.required`, `duration.required`) are
 * checked by the caller, which knows what is absent.
 */

export type RuleKind =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'enum'
  | 'duration'
  | 'repeated'
  | 'map';

/** PGV's well-known header regexes (strict: RFC 7230; not strict: only NUL, CR and LF are refused). */
const HEADER_REGEXES: Record<string, { strict: RegExp; lax: RegExp }> = {
  HTTP_HEADER_NAME: { strict: /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/, lax: /^[^\0\n\r]*$/ },
  HTTP_HEADER_VALUE: { strict: /^[^\0-\x08\x0A-\x1F\x7F]*$/, lax: /^[^\0\n\r]*$/ },
};

/**
 * What `value` violates among `rules[kind]`, as phrases that follow the
 * field's name ("must be at least 1 character long, got \"\"").
 */
export function ruleViolations(rules: Record<string, any>, kind: RuleKind, value: unknown, enumValues: readonly number[] | undefined): string[] {
  const rule = rules[kind];
  if (!rule || typeof rule !== 'object') return [];
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? stringViolations(rule, value) : [];
    case 'bytes':
      return typeof value === 'string' ? lengthViolations(rule, Buffer.from(value, 'base64').length, 'byte', value) : [];
    case 'bool':
      return rule.const !== undefined && value !== rule.const ? [`must be ${rule.const}`] : [];
    case 'enum':
      return enumViolations(rule, value as number, enumValues);
    case 'duration':
      return numberViolations(durationRule(rule), value as number, (n) => `${n}s`);
    case 'repeated':
      return countViolations(rule.min_items, rule.max_items, (value as unknown[]).length, 'item').concat(
        rule.unique && new Set((value as unknown[]).map((item) => JSON.stringify(item))).size !== (value as unknown[]).length ? ['must not repeat items'] : [],
      );
    case 'map':
      return countViolations(rule.min_pairs, undefined, Object.keys(value as object).length, 'entry');
    default:
      return typeof value === 'number' ? numberViolations(rule, value, String) : [];
  }
}

function stringViolations(rule: Record<string, any>, value: string): string[] {
  if (rule.ignore_empty && value === '') return [];
  const problems = lengthViolations(rule, [...value].length, 'character', value);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (rule.max_bytes !== undefined && bytes > Number(rule.max_bytes)) problems.push(`must be at most ${rule.max_bytes} bytes long, got ${bytes} bytes`);
  if (Array.isArray(rule.in) && !rule.in.includes(value)) problems.push(`must be one of ${rule.in.map((v: string) => `"${v}"`).join(', ')}, got ${JSON.stringify(value)}`);
  const headerRegex = HEADER_REGEXES[rule.well_known_regex];
  if (headerRegex && !(rule.strict === false ? headerRegex.lax : headerRegex.strict).test(value)) {
    problems.push(`must be a valid ${rule.well_known_regex === 'HTTP_HEADER_NAME' ? 'HTTP header name' : 'HTTP header value'}, got ${JSON.stringify(value)}`);
  }
  // PGV patterns are RE2; the ones Envoy's API uses are also valid JavaScript.
  if (typeof rule.pattern === 'string' && !new RegExp(rule.pattern, 'u').test(value)) problems.push(`must match ${rule.pattern}, got ${JSON.stringify(value)}`);
  return problems;
}

function lengthViolations(rule: Record<string, any>, length: number, unit: string, value: string): string[] {
  const problems: string[] = [];
  const plural = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (rule.min_len !== undefined && length < Number(rule.min_len)) problems.push(`must be at least ${plural(Number(rule.min_len))} long, got ${JSON.stringify(value)}`);
  if (rule.max_len !== undefined && length > Number(rule.max_len)) problems.push(`must be at most ${plural(Number(rule.max_len))} long, got ${plural(length)}`);
  return problems;
}

function numberViolations(rule: Record<string, any>, value: number, show: (n: number) => string): string[] {
  const bound = (key: string) => (rule[key] === undefined ? undefined : Number(rule[key]));
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  const problems: string[] = [];
  if (gt !== undefined && !(value > gt)) problems.push(`must be greater than ${show(gt)}, got ${show(value)}`);
  if (gte !== undefined && !(value >= gte)) problems.push(`must be at least ${show(gte)}, got ${show(value)}`);
  if (lt !== undefined && !(value < lt)) problems.push(`must be less than ${show(lt)}, got ${show(value)}`);
  if (lte !== undefined && !(value <= lte)) problems.push(`must be at most ${show(lte)}, got ${show(value)}`);
  return problems;
}

function enumViolations(rule: Record<string, any>, value: number, enumValues: readonly number[] | undefined): string[] {
  const problems: string[] = [];
  if (rule.defined_only && enumValues && !enumValues.includes(value)) problems.push(`must be a value the enum defines, got ${value}`);
  if (Array.isArray(rule.not_in) && rule.not_in.map(Number).includes(value)) problems.push(`must not be the enum value numbered ${value}`);
  return problems;
}

function countViolations(min: unknown, max: unknown, count: number, unit: string): string[] {
  const plural = (n: number) => `${n} ${unit === 'entry' ? (n === 1 ? 'entry' : 'entries') : `${unit}${n === 1 ? '' : 's'}`}`;
  const problems: string[] = [];
  if (min !== undefined && count < Number(min)) problems.push(`must have at least ${plural(Number(min))}, got ${count}`);
  if (max !== undefined && count > Number(max)) problems.push(`must have at most ${plural(Number(max))}, got ${count}`);
  return problems;
}

/** Duration bounds are `{seconds, nanos}` messages; compare in seconds. */
function durationRule(rule: Record<string, any>): Record<string, number | undefined> {
  const seconds = (bound: { seconds?: unknown; nanos?: unknown } | undefined) => (bound === undefined ? undefined : Number(bound.seconds ?? 0) + Number(bound.nanos ?? 0) / 1e9);
  return { gt: seconds(rule.gt), gte: seconds(rule.gte), lt: seconds(rule.lt), lte: seconds(rule.lte) };
}

/** What a field needs when it is absent, if its rules fail on the default value. */
export function missingRequirement(field: FieldDescriptor): string | undefined {
  const rules = field.rules!;
  if (field.repeated) {
    const min = field.mapKey ? rules.map?.min_pairs : rules.repeated?.min_items;
    return min > 0 && !rules.repeated?.ignore_empty ? `at least ${min} item${min === 1 ? '' : 's'}` : undefined;
  }
  if (field.kind === 'message') {
    if (rules.message?.required) return field.type;
    for (const kind of ['duration', 'timestamp', 'any'] as const) if (rules[kind]?.required) return field.type;
    return undefined;
  }
  const kind = field.kind === 'enum' ? 'enum' : (field.type as RuleKind);
  if (rules[kind]?.ignore_empty) return undefined;
  const defaultValue = field.kind === 'enum' ? 0 : field.type === 'string' || field.type === 'bytes' ? '' : field.type === 'bool' ? false : 0;
  const [violation] = ruleViolations(rules, kind, defaultValue, undefined);
  // "must be at least 1 character long, got \"\"": the value part says nothing about an absent field.
  return violation ? `${field.type} that ${violation.replace(/, got .*$/, '')}` : undefined;
}
