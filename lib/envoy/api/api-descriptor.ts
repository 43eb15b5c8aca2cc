import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A compact description of Envoy's v3 API, built by protobufjs from the
 * `.proto` files that `@grpc/grpc-js-xds` ships (see build-api-descriptor.ts),
 * holding only what the validator needs. Building it parses ~350 files
 * (~0.5 s); reading the cached JSON takes milliseconds, so it is built once
 * per installed package versions and cached under node_modules/.cache.
 */
export interface ApiDescriptor {
  /** Versions of the packages the descriptor was built from. */
  readonly source: { readonly grpcJsXds: string; readonly protobufjs: string };
  /** Messages by full name without the leading dot, e.g. `envoy.config.bootstrap.v3.Bootstrap`. */
  readonly messages: Readonly<Record<string, MessageDescriptor>>;
  /** Enums by full name: value names to numbers. */
  readonly enums: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Extension names (`envoy.filters.http.router`) to their config message, from the `[#extension: …]` doc tags. */
  readonly extensions: Readonly<Record<string, string>>;
  /** v2/alpha message names to the v3 message that replaces them (`udpa.annotations.versioning.previous_message_type`). */
  readonly replacements: Readonly<Record<string, string>>;
  /** `.proto` files left out because an import is not shipped in the package (e.g. OpenCensus tracing). */
  readonly excludedFiles: readonly string[];
}

export interface MessageDescriptor {
  /** By proto name; Envoy's protos set no `json_name`, so every field's JSON name is its lowerCamelCase form. */
  readonly fields: Readonly<Record<string, FieldDescriptor>>;
  /** Real oneofs (not proto3 `optional`): member field names, and whether one must be set (`(validate.required)`). */
  readonly oneofs?: Readonly<Record<string, { readonly fields: readonly string[]; readonly required?: boolean }>>;
  /** Field names removed from this message (`reserved "tls_context";`). */
  readonly reserved?: readonly string[];
}

type FieldKind = 'scalar' | 'enum' | 'message';

export interface FieldDescriptor {
  /** Scalar type (`string`, `uint32`…) or the full name of a message or enum. */
  readonly type: string;
  readonly kind: FieldKind;
  readonly repeated?: boolean;
  /** Key scalar type of a `map<K, V>` field. */
  readonly mapKey?: string;
  readonly oneof?: string;
  /** proto3 `optional`: presence is tracked, so an absent value is not validated. */
  readonly optional?: boolean;
  /** `deprecated = true`, with Envoy's `deprecated_at_minor_version` when given. */
  readonly deprecated?: string | true;
  /** protoc-gen-validate `(validate.rules)` of the field. */
  readonly rules?: Readonly<Record<string, any>>;
}

const DESCRIPTOR_FILES = ['api-descriptor.ts', 'build-api-descriptor.ts'];

let loaded: ApiDescriptor | undefined;

/** The descriptor of the installed Envoy API, built on first use and cached on disk. */
export function envoyApiDescriptor(): ApiDescriptor {
  loaded ??= readOrBuild();
  return loaded;
}

function readOrBuild(): ApiDescriptor {
  const nodeModules = path.resolve(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), '..', '..');
  const cacheFile = path.join(nodeModules, '.cache', 'envoy-api-descriptor', `${cacheKey(nodeModules)}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as ApiDescriptor;

  // Required lazily: protobufjs is only needed when the cache is cold.
  const { buildApiDescriptor } = require('./build-api-descriptor') as typeof import('./build-api-descriptor');
  const descriptor = buildApiDescriptor();
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Write then rename: parallel test workers may build at the same time, and a reader must never see half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(descriptor));
  fs.renameSync(partial, cacheFile);
  // Descriptors of other package versions or builder code are stale from now on.
  for (const file of fs.readdirSync(path.dirname(cacheFile))) {
    if (file.endsWith('.json') && file !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), file), { force: true });
  }
  return descriptor;
}

/**
 * The cache key changes with the package versions and with the code that
 * builds the descriptor, so a stale descriptor is never read. It is never
 * a hand-maintained copy: delete node_modules/.cache to rebuild it.
 */
function cacheKey(nodeModules: string): string {
  const hash = createHash('sha256');
  for (const pkg of ['@grpc/grpc-js-xds', 'protobufjs']) {
    hash.update(`${pkg}@${JSON.parse(fs.readFileSync(path.join(nodeModules, pkg, 'package.json'), 'utf8')).version}\n`);
  }
  for (const file of DESCRIPTOR_FILES) hash.update(fs.readFileSync(sourceOf(file)));
  return hash.digest('hex').slice(0, 16);
}

/** The source of a sibling module: .ts under tsx and jest, .js if compiled. */
function sourceOf(file: string): string {
  const ts = path.join(__dirname, file);
  return fs.existsSync(ts) ? ts : ts.replace(/\.ts$/, '.js');
}
