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
  /**
   * What replaces a deprecated field, as its doc comment names it ("deprecated
   * in favor of :ref:`x <envoy_v3_api_field_…>`" or ``x``), e.g.
   * `envoy.config.core.v3.HttpProtocolOptions.max_requests_per_connection`.
   */
  readonly replacement?: string;
  /** protoc-gen-validate `(validate.rules)` of the field. */
  readonly rules?: Readonly<Record<string, any>>;
}
