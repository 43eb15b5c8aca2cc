/**
 * The one reader of a synthesized stack (`cdk.tf.json`): its resources and
 * data sources by type, Terraform address and construct path, its variables,
 * outputs and `terraform` block, and the `${type.name.attribute}` references
 * between blocks. The policy pack, the review tooling (diff, topology) and the
 * tests read stacks through it, so they agree on what a path or a reference is.
 *
 * The document is parsed once: `SynthesizedStack.of(document)` returns the same
 * reader for the same document object.
 */

export type TerraformDocument = Readonly<Record<string, any>>;

/** One resource or data source of a stack. */
export interface SynthesizedBlock {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  /** Terraform name (cdktf's unique id), e.g. `network_vpc_1A2B3C4D`. */
  readonly name: string;
  /** `type.name`, or `data.type.name`. */
  readonly address: string;
  /**
   * Construct path below the stack, e.g. `network/vpc` (cdktf's `//.metadata.path`
   * without the stack id): the stable id suppressions and tests use.
   */
  readonly path: string;
  /** Arguments, without cdktf's `//` metadata. */
  readonly values: Readonly<Record<string, any>>;
}

/** A `type.name.attribute` reference inside an expression. */
export interface Reference {
  /** Address of the referenced block: `type.name` or `data.type.name`. */
  readonly address: string;
  /** Attribute path after the address (`arn`, `domain_validation_options[0].resource_record_name`); empty for the block itself. */
  readonly attribute: string;
}

const readers = new WeakMap<object, SynthesizedStack>();

export class SynthesizedStack {
  /** The reader of a parsed document, created once per document object. */
  static of(document: TerraformDocument): SynthesizedStack {
    let reader = readers.get(document);
    if (!reader) {
      reader = new SynthesizedStack(document);
      readers.set(document, reader);
    }
    return reader;
  }

  /** Parses `cdk.tf.json` text (or takes a parsed document). */
  static parse(json: string | TerraformDocument): SynthesizedStack {
    return typeof json === 'string' ? new SynthesizedStack(JSON.parse(json) as TerraformDocument) : SynthesizedStack.of(json);
  }

  private readonly managed: readonly SynthesizedBlock[];
  private readonly data: readonly SynthesizedBlock[];
  private readonly addresses = new Map<string, SynthesizedBlock>();
  private readonly managedByType = new Map<string, SynthesizedBlock[]>();
  private readonly dataByType = new Map<string, SynthesizedBlock[]>();

  private constructor(readonly document: TerraformDocument) {
    this.managed = collect('managed', document.resource);
    this.data = collect('data', document.data);
    for (const block of [...this.managed, ...this.data]) {
      this.addresses.set(block.address, block);
      const byType = block.mode === 'managed' ? this.managedByType : this.dataByType;
      byType.set(block.type, [...(byType.get(block.type) ?? []), block]);
    }
  }

  /** Resources, of one type or all, in document order. */
  resources(type?: string): readonly SynthesizedBlock[] {
    return type === undefined ? this.managed : (this.managedByType.get(type) ?? []);
  }

  /** Data sources, of one type or all, in document order. */
  dataSources(type?: string): readonly SynthesizedBlock[] {
    return type === undefined ? this.data : (this.dataByType.get(type) ?? []);
  }

  /** Resources and data sources, keyed by address. */
  get blocks(): ReadonlyMap<string, SynthesizedBlock> {
    return this.addresses;
  }

  /** The block at a Terraform address (`type.name`, `data.type.name`). */
  at(address: string): SynthesizedBlock | undefined {
    return this.addresses.get(address);
  }

  /** The blocks whose construct path is `path` or ends with `/path`. */
  atPath(path: string, mode: SynthesizedBlock['mode'] = 'managed'): SynthesizedBlock[] {
    return (mode === 'managed' ? this.managed : this.data).filter((b) => b.path === path || b.path.endsWith(`/${path}`));
  }

  get variables(): Readonly<Record<string, any>> {
    return this.document.variable ?? {};
  }

  get outputs(): Readonly<Record<string, any>> {
    return this.document.output ?? {};
  }

  /** The first (unaliased) configuration of a provider, e.g. `aws`; cdktf writes one object or a list. */
  provider(name: string): Readonly<Record<string, any>> | undefined {
    const configurations = this.document.provider?.[name];
    return Array.isArray(configurations) ? configurations[0] : configurations;
  }

  /** The `terraform` block: backend, required providers. */
  get terraform(): Readonly<Record<string, any>> {
    return this.document.terraform ?? {};
  }

  /**
   * The block a value that is exactly one reference names (`${type.name.attr}`,
   * `${data.type.name.attr}`); undefined for anything else, including a
   * reference inside a longer expression.
   */
  follow(expression: unknown): SynthesizedBlock | undefined {
    const reference = singleReference(expression);
    return reference && this.addresses.get(reference.address);
  }

  /** The first block of this stack that a value references anywhere inside it. */
  referenced(value: unknown): SynthesizedBlock | undefined {
    for (const ref of referencesIn(value)) {
      const block = this.addresses.get(ref.address);
      if (block) return block;
    }
    return undefined;
  }
}

/** Names that start expressions but are not resource types. */
const NOT_RESOURCE_TYPES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);
const INTERPOLATION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const ADDRESS_IN_EXPRESSION = /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)/g;
const SINGLE_REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)\}$/;

/** The reference a value is, when it is exactly `${type.name.attribute}` (or `${data.…}`). */
export function singleReference(expression: unknown): Reference | undefined {
  const match = typeof expression === 'string' ? SINGLE_REFERENCE.exec(expression) : null;
  return match ? { address: `${match[1] ?? ''}${match[2]}.${match[3]}`, attribute: match[4] } : undefined;
}

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

function collect(mode: SynthesizedBlock['mode'], section: Record<string, Record<string, any>> | undefined): SynthesizedBlock[] {
  return Object.entries(section ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, raw]) => {
      const { '//': metadata, ...values } = raw as Record<string, any>;
      const fullPath: string = metadata?.metadata?.path ?? name;
      const path = fullPath.split('/').slice(1).join('/') || fullPath;
      return { mode, type, name, address: `${mode === 'data' ? 'data.' : ''}${type}.${name}`, path, values };
    }),
  );
}
