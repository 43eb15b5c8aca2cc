import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import type { ApiDescriptor, FieldDescriptor, MessageDescriptor } from './api-types';

/** Folders of `@grpc/grpc-js-xds/deps` searched for imports, in protoc's `-I` order. */
const INCLUDE_FOLDERS = ['envoy-api', 'xds', 'protoc-gen-validate', 'googleapis'];

/**
 * Parses Envoy's v3 `.proto` files (and the xDS/udpa types they use) with
 * protobufjs and keeps what validation needs. v2 files are not loaded: they
 * are frozen, and several of their imports are not shipped in the package;
 * the v3 messages name the v2 message they replace, which is all the
 * validator needs to point from a v2 name to its v3 replacement.
 *
 * @public loaded lazily by api-descriptor.ts through `require()`, which knip does not follow
 */
export function buildApiDescriptor(): ApiDescriptor {
  const packageDir = path.dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
  const includes = [...INCLUDE_FOLDERS.map((folder) => path.join(packageDir, 'deps', folder)), path.dirname(require.resolve('protobufjs/package.json'))];
  // protobufjs bundles the well-known types (any, duration, struct, wrappers…) under these names.
  const bundled = new Set(Object.keys(protobuf.common).filter((name) => name.endsWith('.proto')));
  const locate = (file: string): string | undefined => includes.map((folder) => path.join(folder, file)).find((candidate) => fs.existsSync(candidate));

  const complete = new Map<string, boolean>();
  const isComplete = (file: string, visiting = new Set<string>()): boolean => {
    if (bundled.has(file)) return true;
    const known = complete.get(file);
    if (known !== undefined) return known;
    if (visiting.has(file)) return true;
    visiting.add(file);
    const located = locate(file);
    const result = located !== undefined && importsOf(fs.readFileSync(located, 'utf8')).every((dep) => isComplete(dep, visiting));
    complete.set(file, result);
    return result;
  };

  const candidates = [...protoFiles(path.join(packageDir, 'deps', 'envoy-api')).filter((file) => file.split('/').includes('v3')), ...protoFiles(path.join(packageDir, 'deps', 'xds'))];
  const files = candidates.filter((file) => isComplete(file));

  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (bundled.has(target) ? target : (locate(target) ?? target));
  // alternateCommentMode keeps the `//` doc comments, where a deprecated field's replacement is named.
  root.loadSync(files, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();

  const messages: Record<string, MessageDescriptor> = {};
  const enums: Record<string, Record<string, number>> = {};
  const replacements: Record<string, string> = {};
  const visit = (namespace: protobuf.NamespaceBase): void => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) {
        const name = nested.fullName.slice(1);
        messages[name] = describeMessage(nested);
        const previous = nested.options?.['(udpa.annotations.versioning).previous_message_type'];
        if (typeof previous === 'string') replacements[previous] = name;
      } else if (nested instanceof protobuf.Enum) {
        enums[nested.fullName.slice(1)] = { ...nested.values };
      }
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) visit(nested);
    }
  };
  visit(root);

  const packageJson = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version as string;
  return {
    source: { grpcJsXds: packageJson('@grpc/grpc-js-xds'), protobufjs: packageJson('protobufjs') },
    messages,
    enums,
    extensions: extensionNames(files.map((file) => locate(file)!)),
    replacements,
    excludedFiles: candidates.filter((file) => !complete.get(file)).sort(),
  };
}

function describeMessage(type: protobuf.Type): MessageDescriptor {
  const fields: Record<string, FieldDescriptor> = {};
  for (const field of type.fieldsArray) {
    const options = field.options ?? {};
    const resolved = field.resolvedType;
    const rules = validateRules(field.parsedOptions);
    const deprecatedAt = options['(envoy.annotations.deprecated_at_minor_version)'];
    fields[field.name] = {
      type: resolved ? resolved.fullName.slice(1) : field.type,
      kind: resolved instanceof protobuf.Enum ? 'enum' : resolved ? 'message' : 'scalar',
      ...(field.repeated || field.map ? { repeated: true } : {}),
      ...(field instanceof protobuf.MapField ? { mapKey: field.keyType } : {}),
      ...(field.partOf && !options.proto3_optional ? { oneof: field.partOf.name } : {}),
      ...(options.proto3_optional ? { optional: true } : {}),
      ...(options.deprecated ? { deprecated: typeof deprecatedAt === 'string' ? deprecatedAt : true } : {}),
      ...(options.deprecated && replacementIn(field.comment) ? { replacement: replacementIn(field.comment) } : {}),
      ...(rules ? { rules } : {}),
    };
  }
  const oneofs: Record<string, { fields: string[]; required?: boolean }> = {};
  for (const oneof of type.oneofsArray) {
    const members = oneof.fieldsArray.filter((field) => !field.options?.proto3_optional).map((field) => field.name);
    if (members.length === 0) continue;
    oneofs[oneof.name] = { fields: members, ...(oneof.options?.['(validate.required)'] ? { required: true } : {}) };
  }
  const reserved = (type.reserved ?? []).filter((entry): entry is string => typeof entry === 'string');
  return {
    fields,
    ...(Object.keys(oneofs).length > 0 ? { oneofs } : {}),
    ...(reserved.length > 0 ? { reserved } : {}),
  };
}

/**
 * The replacement a deprecated field's comment names: the first reference
 * after "deprecated", "in favor of" or "use", either a :ref: to an API field
 * or message (`envoy_v3_api_field_config.core.v3.X.y` → `envoy.config.core.v3.X.y`)
 * or a ``literal``.
 */
export function replacementIn(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  const start = comment.search(/deprecated|in favou?r of|\buse\b|replaced by/i);
  if (start < 0) return undefined;
  const match = /:ref:`[^`<]*<envoy_v3_api_(?:field|msg)_([\w.]+)>`|``([\w.]+)``/.exec(comment.slice(start));
  if (!match) return undefined;
  return match[1] ? `envoy.${match[1]}` : match[2];
}

/** Merges the `(validate.rules)` entries of a field's parsed options into one object. */
function validateRules(parsedOptions: Array<Record<string, any>> | undefined): Record<string, any> | undefined {
  const entries = (parsedOptions ?? []).map((entry) => entry['(validate.rules)']).filter((entry) => entry !== undefined);
  if (entries.length === 0) return undefined;
  return entries.reduce((merged, entry) => deepMerge(merged, entry), {});
}

function deepMerge(target: Record<string, any>, source: Record<string, any>): Record<string, any> {
  const result = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = result[key];
    result[key] = existing && typeof existing === 'object' && !Array.isArray(existing) && value && typeof value === 'object' && !Array.isArray(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

/**
 * `[#extension: envoy.filters.http.router]` tags in the doc comments name an
 * extension; its config is the first message declared after the tag.
 */
function extensionNames(files: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const pkg = /^package\s+([\w.]+)\s*;/m.exec(text)?.[1];
    if (!pkg) continue;
    for (const tag of text.matchAll(/\[#extension: ([\w.]+)\]/g)) {
      const message = /^message\s+(\w+)/m.exec(text.slice(tag.index))?.[1];
      if (message && !names[tag[1]]) names[tag[1]] = `${pkg}.${message}`;
    }
  }
  return names;
}

function importsOf(text: string): string[] {
  return [...text.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)].map((match) => match[1]);
}

function protoFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return walk(full);
        return entry.name.endsWith('.proto') ? [path.relative(root, full).split(path.sep).join('/')] : [];
      });
  return walk(root);
}
