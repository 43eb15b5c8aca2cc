/**
 * Reading a synthesized `cdk.tf.json`: its resources and data sources by
 * Terraform address, and the `${type.name.attribute}` references between them.
 */

export type TerraformDocument = Readonly<Record<string, any>>;

export interface TerraformBlock {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  /** Terraform name (cdktf's unique id). */
  readonly name: string;
  /** `type.name`, or `data.type.name`. */
  readonly address: string;
  /** Construct path below the stack, e.g. `network/vpc`. */
  readonly constructPath: string;
  /** Arguments, without cdktf's `//` metadata. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface Reference {
  /** Address of the referenced block. */
  readonly address: string;
  /** Attribute path after the address (`arn`, `domain_validation_options[0].resource_record_name`). */
  readonly attribute: string;
}

/** Every resource and data source of a document, by address. */
export function terraformBlocks(document: TerraformDocument): Map<string, TerraformBlock> {
  const blocks = new Map<string, TerraformBlock>();
  const add = (mode: TerraformBlock['mode'], section: Record<string, Record<string, any>> | undefined) => {
    for (const [type, byName] of Object.entries(section ?? {})) {
      for (const [name, raw] of Object.entries(byName)) {
        const { '//': metadata, ...values } = raw as Record<string, unknown> & { '//'?: { metadata?: { path?: string } } };
        const fullPath = metadata?.metadata?.path ?? name;
        const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        blocks.set(address, { mode, type, name, address, constructPath: fullPath.split('/').slice(1).join('/') || fullPath, values });
      }
    }
  };
  add('managed', document.resource);
  add('data', document.data);
  return blocks;
}

/** Names that start expressions but are not resource types. */
const NOT_RESOURCE_TYPES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);
const INTERPOLATION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const ADDRESS_IN_EXPRESSION = /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)/g;

/** The references to resources and data sources anywhere inside a value. */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (node: unknown) => {
    if (typeof node === 'string') {
      for (const [, expression] of node.matchAll(INTERPOLATION)) {
        for (const [, data, type, name, rest] of expression.matchAll(ADDRESS_IN_EXPRESSION)) {
          if (NOT_RESOURCE_TYPES.has(type)) continue;
          found.push({ address: `${data ?? ''}${type}.${name}`, attribute: rest.replace(/^\./, '') });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return found;
}

/**
 * The value at a dotted attribute path; nested blocks written as one-element
 * lists are stepped through (`vpc_config.subnet_ids`).
 */
export function valueAt(values: unknown, dottedPath: string): unknown {
  let node: unknown = values;
  for (const segment of dottedPath.split('.')) {
    if (Array.isArray(node)) node = node[0];
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The environment of a stack id `<environment>-<layer>`. */
export function environmentOfStack(stackId: string): string {
  const dash = stackId.lastIndexOf('-');
  return dash > 0 ? stackId.slice(0, dash) : stackId;
}
