import type { ApiDescriptor, FieldDescriptor, MessageDescriptor } from './api-types';
import { missingTypedConfig, removedFieldHint, similarTypes, snapshotGap, typeReplacementHint } from './legacy-hints';
import type { ConfigPath } from './config-path';
import { missingRequirement, ruleViolations, type RuleKind } from './validate-rules';
import { describe, didYouMean, own, DURATION, DURATION_EXPECTED, durationSeconds, isMapping, isText, jsonNames, scalarProblem, TIMESTAMP, TYPED_STRUCTS, WRAPPERS } from './proto-json';
import { signerBeforeRewrites } from './signing-rules';
import { escapedSlashesAtEdge } from './edge-rules';
import { terminalFilterProblems } from './terminal-filters';

/** The message every bootstrap file is. */
const BOOTSTRAP_TYPE = 'envoy.config.bootstrap.v3.Bootstrap';

/** One problem in an Envoy config, at the path of the offending value as written. */
export interface EnvoyApiProblem {
  /** Keys and indexes from the root, e.g. `['static_resources', 'listeners', 0]`. */
  readonly path: ConfigPath;
  readonly message: string;
  /**
   * Set on what Envoy loads with a warning (a deprecated field): a problem
   * for the project's own bundles (`strict`), not a reason to reject a file.
   */
  readonly warning?: true;
}

export interface ValidateEnvoyConfigOptions {
  /** The message `config` is. @default envoy.config.bootstrap.v3.Bootstrap */
  readonly typeName?: string;
  /**
   * Deprecated fields are errors rather than warnings. Synth validates the
   * project's own bundles strictly; `envoy:check` only with `--strict`,
   * since Envoy itself loads deprecated fields with a warning. @default false
   */
  readonly strict?: boolean;
}

/**
 * Checks an Envoy config (as parsed from YAML or JSON) against Envoy's v3
 * API the way Envoy reads it: the proto3 JSON mapping (unknown fields, value
 * kinds, enum names, oneofs, `@type` of `Any`), the protoc-gen-validate rules
 * Envoy enforces at load time, and the Envoy rules a schema cannot express
 * (filters need `typed_config`, an HTTP filter chain ends with its terminal
 * filter). Returns every problem found; an empty list means valid. `api`
 * is Envoy's API as envoyApiDescriptor() reads it (lib/envoy/api/api-descriptor.ts).
 */
export function validateEnvoyConfig(config: unknown, api: ApiDescriptor, options: ValidateEnvoyConfigOptions = {}): EnvoyApiProblem[] {
  const validator = new ConfigValidator(api, options.strict ?? false);
  validator.message(options.typeName ?? BOOTSTRAP_TYPE, config, []);
  return validator.problems;
}

const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

class ConfigValidator {
  readonly problems: EnvoyApiProblem[] = [];

  constructor(
    private readonly api: ApiDescriptor,
    private readonly strict: boolean,
  ) {}

  /** Validates `value` as the message `typeName` (well-known types included). */
  message(typeName: string, value: unknown, path: ConfigPath): void {
    if (this.wellKnown(typeName, value, path)) return;
    const descriptor = own(this.api.messages, typeName);
    if (!descriptor) return;
    if (!isMapping(value)) {
      this.report(path, `expected a mapping (${typeName}), got ${describe(value)}`);
      return;
    }
    const present = new Map<string, { key: string; value: unknown }>();
    for (const [key, child] of Object.entries(value)) {
      // Own properties only: "constructor" or "toString" must not find Object.prototype's.
      const fieldName = own(descriptor.fields, key) ? key : jsonNames(descriptor).get(key);
      if (!fieldName) {
        this.unknownField(typeName, descriptor, key, [...path, key]);
        continue;
      }
      if (present.has(fieldName)) {
        this.report([...path, key], `"${key}" sets the same field as "${present.get(fieldName)!.key}"`);
        continue;
      }
      // proto3 JSON: null is the same as leaving the field out.
      if (child === null) continue;
      present.set(fieldName, { key, value: child });
      const field = descriptor.fields[fieldName];
      if (field.deprecated) this.deprecated(key, field, [...path, key]);
      this.field(field, child, [...path, key], key);
    }
    this.oneofs(typeName, descriptor, present, path);
    this.absentFields(descriptor, present, path);
    this.filterRules(typeName, descriptor, present, path);
  }

  /** Envoy loads a deprecated field and logs a warning; the API's comment often names what replaces it. */
  private deprecated(key: string, field: FieldDescriptor, path: ConfigPath): void {
    const since = field.deprecated === true ? '' : ` (since API version ${field.deprecated})`;
    const instead = field.replacement ? `use ${field.replacement} instead` : 'its documentation names no replacement';
    const message = `"${key}" is deprecated in Envoy's v3 API${since}: ${instead}`;
    if (this.strict) this.report(path, `${message} (deprecated fields are errors under --strict)`);
    else this.problems.push({ path, message: `${message} (Envoy loads it with a warning)`, warning: true });
  }

  private field(field: FieldDescriptor, value: unknown, path: ConfigPath, label: string): void {
    if (field.mapKey) {
      if (!isMapping(value)) return this.report(path, `expected a mapping of ${field.mapKey} keys, got ${describe(value)}`);
      for (const [key, item] of Object.entries(value)) {
        this.mapKey(field.mapKey, key, [...path, key]);
        this.applyRules(field.rules?.map?.keys, 'string', key, [...path, key], `${label} key`);
        this.single(field, item, [...path, key], key);
      }
      this.applyRules(field.rules, 'map', value, path, label);
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) return this.report(path, `expected a list, got ${describe(value)}`);
      value.forEach((item, index) => this.single(field, item, [...path, index], `${label}[${index}]`));
      this.applyRules(field.rules, 'repeated', value, path, label);
      return;
    }
    this.single(field, value, path, label);
  }

  /** One value of a field: a scalar, an enum value or a message. */
  private single(field: FieldDescriptor, value: unknown, path: ConfigPath, label: string): void {
    const rules = field.mapKey ? field.rules?.map?.values : field.repeated ? field.rules?.repeated?.items : field.rules;
    const wrapped = WRAPPERS[field.type];
    if (field.kind === 'scalar' || wrapped) {
      // PGV puts the rules of a wrapper (UInt32Value) under the wrapped scalar's kind (uint32).
      const kind = wrapped ?? (field.type as RuleKind);
      if (this.scalar(kind, value, path)) this.applyRules(rules, kind, typeof value === 'string' && !isText(kind) ? Number(value) : value, path, label);
    } else if (field.kind === 'enum') {
      const number = this.enumValue(field.type, value, path);
      if (number !== undefined) this.applyRules(rules, 'enum', number, path, label, field.type);
    } else if (field.type === 'google.protobuf.Duration') {
      if (typeof value === 'string' && DURATION.test(value)) this.applyRules(rules, 'duration', durationSeconds(value), path, label);
      else this.report(path, `expected ${DURATION_EXPECTED}, got ${describe(value)}`);
    } else {
      this.message(field.type, value, path);
    }
  }

  private applyRules(rules: Record<string, any> | undefined, kind: RuleKind, value: unknown, path: ConfigPath, label: string, enumType?: string): void {
    if (!rules) return;
    const enumValues = enumType ? Object.values(own(this.api.enums, enumType) ?? {}) : undefined;
    for (const message of ruleViolations(rules, kind, value, enumValues)) this.report(path, `"${label}" ${message}`);
  }

  /** Checks the JSON kind of a scalar; returns whether rules may be applied to it. */
  private scalar(type: string, value: unknown, path: ConfigPath): boolean {
    const problem = scalarProblem(type, value);
    if (problem) this.report(path, problem);
    return problem === undefined;
  }

  /**
   * The number of an enum value given by name or number; reports unknown
   * names. Envoy parses JSON with protobuf's `case_insensitive_enum_parsing`
   * (MessageUtil::loadFromJson): a name that is not found is tried in upper case.
   */
  private enumValue(type: string, value: unknown, path: ConfigPath): number | undefined {
    const values = own(this.api.enums, type) ?? {};
    if (typeof value === 'string') {
      const number = own(values, value) ?? own(values, value.toUpperCase());
      if (number !== undefined) return number;
    }
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    const names = Object.keys(values);
    this.report(path, `unknown value ${describe(value)} of enum ${type}; expected one of ${names.slice(0, 16).join(', ')}${names.length > 16 ? ', …' : ''}`);
    return undefined;
  }

  private mapKey(type: string, key: string, path: ConfigPath): void {
    if (type === 'bool' && key !== 'true' && key !== 'false') this.report(path, `expected a map key true or false, got "${key}"`);
    if (type !== 'bool' && type !== 'string' && !/^-?\d+$/.test(key)) this.report(path, `expected an integer map key (${type}), got "${key}"`);
  }

  /** proto3 JSON forms of the well-known types; returns false for ordinary messages. */
  private wellKnown(typeName: string, value: unknown, path: ConfigPath): boolean {
    const expect = (ok: boolean, what: string) => {
      if (!ok) this.report(path, `expected ${what}, got ${describe(value)}`);
      return true;
    };
    switch (typeName) {
      case 'google.protobuf.Any':
        this.any(value, path);
        return true;
      case 'google.protobuf.Duration':
        return expect(typeof value === 'string' && DURATION.test(value), DURATION_EXPECTED);
      case 'google.protobuf.Timestamp':
        return expect(typeof value === 'string' && TIMESTAMP.test(value), 'an RFC 3339 timestamp such as "2024-01-01T00:00:00Z"');
      case 'google.protobuf.FieldMask':
        return expect(typeof value === 'string', 'a comma-separated field mask string');
      case 'google.protobuf.Struct':
        return expect(isMapping(value), 'a mapping (google.protobuf.Struct)');
      case 'google.protobuf.ListValue':
        return expect(Array.isArray(value), 'a list (google.protobuf.ListValue)');
      case 'google.protobuf.Value':
        return true;
      case 'google.protobuf.Empty':
        return expect(isMapping(value) && Object.keys(value).length === 0, 'an empty mapping {}');
      default:
        break;
    }
    const wrapped = own(WRAPPERS, typeName);
    if (!wrapped) return false;
    this.scalar(wrapped, value, path);
    return true;
  }

  /** `{"@type": "type.googleapis.com/<message>", …fields of that message}`. */
  private any(value: unknown, path: ConfigPath): void {
    if (!isMapping(value)) return this.report(path, `expected a mapping with an "@type", got ${describe(value)}`);
    const typeUrl = value['@type'];
    if (typeof typeUrl !== 'string' || !typeUrl.includes('/')) {
      return this.report([...path, '@type'], `expected "@type": type.googleapis.com/<message name>, got ${describe(typeUrl ?? undefined)}`);
    }
    const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    const { ['@type']: _, ...fields } = value;
    const known = own(this.api.messages, typeName) || own(WRAPPERS, typeName) || typeName.startsWith('google.protobuf.');
    if (!known) {
      const hint = typeReplacementHint(this.api, typeName) ?? similarTypes(this.api, typeName);
      const gap = typeName.startsWith('envoy.') ? `: ${snapshotGap(this.api)}` : '';
      return this.report([...path, '@type'], `"@type" ${typeUrl} does not resolve to a message of Envoy's v3 API${hint ? `: ${hint}` : gap}`);
    }
    if (TYPED_STRUCTS.has(typeName)) return this.typedStruct(typeName, fields, path);
    // A well-known type inside an Any keeps its JSON form under "value".
    if (typeName.startsWith('google.protobuf.') && this.wellKnown(typeName, fields.value, [...path, 'value'])) return;
    this.message(typeName, fields, path);
  }

  /** A TypedStruct carries its config as a Struct: validate it as the message its `type_url` names. */
  private typedStruct(typeName: string, fields: Record<string, unknown>, path: ConfigPath): void {
    this.message(typeName, fields, path);
    const typeUrl = fields.type_url ?? fields.typeUrl;
    if (typeof typeUrl !== 'string' || !isMapping(fields.value)) return;
    this.any({ '@type': typeUrl, ...fields.value }, [...path, 'value']);
  }

  private unknownField(typeName: string, descriptor: MessageDescriptor, key: string, path: ConfigPath): void {
    if (key === '@type') {
      this.report(path, `"@type" is only allowed where the API expects a google.protobuf.Any (typed_config and the like), not in ${typeName}`);
      return;
    }
    const typo = didYouMean(key, Object.keys(descriptor.fields));
    const hint = removedFieldHint(typeName, key, descriptor.reserved ?? []) ?? (typo && `did you mean "${typo}"?`);
    // A member name of every JavaScript object (constructor, __proto__…) is no Envoy field, old or new.
    const note = hint ?? (key in {} ? undefined : snapshotGap(this.api));
    this.report(path, `unknown field "${key}" in ${typeName}${note ? `: ${note}` : ''}`);
  }

  private oneofs(typeName: string, descriptor: MessageDescriptor, present: Map<string, { key: string }>, path: ConfigPath): void {
    for (const [name, oneof] of Object.entries(descriptor.oneofs ?? {})) {
      const set = oneof.fields.filter((field) => present.has(field));
      if (set.length > 1) {
        const keys = set.map((field) => present.get(field)!.key);
        this.report([...path, keys[1]], `"${keys[0]}" and "${keys[1]}" are both set, but they are alternatives (oneof ${name} of ${typeName}): keep one`);
      } else if (set.length === 0 && oneof.required && !this.isFilterLike(descriptor)) {
        this.report(path, `one of ${oneof.fields.map((f) => `"${f}"`).join(', ')} is required (oneof ${name} of ${typeName})`);
      }
    }
  }

  /** Fields left out: PGV validates their default value, so `min_len: 1` makes a string required. */
  private absentFields(descriptor: MessageDescriptor, present: Map<string, unknown>, path: ConfigPath): void {
    for (const [name, field] of Object.entries(descriptor.fields)) {
      if (present.has(name) || !field.rules || field.oneof || field.optional) continue;
      const required = missingRequirement(field);
      if (required) this.report(path, `required field "${name}" is missing (${required})`);
    }
  }

  /** Filters need a typed_config; filter chains end with their terminal filter. */
  private filterRules(typeName: string, descriptor: MessageDescriptor, present: Map<string, { key: string; value: unknown }>, path: ConfigPath): void {
    if (this.isFilterLike(descriptor)) {
      const configured = ['typed_config', ...(Object.values(descriptor.oneofs ?? {}).find((o) => o.fields.includes('typed_config'))?.fields ?? [])];
      if (!configured.some((field) => present.has(field))) {
        const name = present.get('name')?.value;
        this.report(path, missingTypedConfig(this.api, typeName, typeof name === 'string' ? name : undefined));
      }
    }
    if (typeName === HCM) {
      const hcm = Object.fromEntries([...present.values()].map((p) => [p.key, p.value]));
      for (const problem of [...signerBeforeRewrites(hcm), ...escapedSlashesAtEdge(hcm)]) this.report([...path, ...problem.path], problem.message);
    }
    for (const problem of terminalFilterProblems(this.api, typeName, present)) this.report([...path, ...problem.path], problem.message);
  }

  /** Extension points: a `name` and a `typed_config` (Any). */
  private isFilterLike(descriptor: MessageDescriptor): boolean {
    return descriptor.fields.typed_config?.type === 'google.protobuf.Any' && descriptor.fields.name?.type === 'string';
  }

  private report(path: ConfigPath, message: string): void {
    this.problems.push({ path, message });
  }
}
