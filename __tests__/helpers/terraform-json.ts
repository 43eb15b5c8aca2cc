/**
 * Reading synthesized Terraform JSON in tests: count resources, find one by
 * type and construct path, and follow `${type.name.attr}` references. The
 * cdktf matchers pass when *any* resource of a type matches, which is too weak.
 */
export interface ResourceEntry {
  readonly type: string;
  /** Terraform name (cdktf's unique id). */
  readonly name: string;
  /** Construct path below the stack, e.g. `network/vpc`. */
  readonly path: string;
  readonly values: Record<string, any>;
  /** `type.name`, as in a Terraform address. */
  readonly address: string;
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.\[\]]+)\}$/;
const DATA_REFERENCE = /^\$\{data\.([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.\[\]]+)\}$/;

export class TerraformJson {
  readonly json: Record<string, any>;

  constructor(json: Record<string, any> | string) {
    this.json = typeof json === 'string' ? JSON.parse(json) : json;
  }

  resources(type?: string): ResourceEntry[] {
    return this.entries(this.json.resource ?? {}, type, '');
  }

  dataSources(type?: string): ResourceEntry[] {
    return this.entries(this.json.data ?? {}, type, 'data.');
  }

  count(type: string): number {
    return this.resources(type).length;
  }

  /** The resource of `type` whose construct path ends with `pathSuffix`; fails unless exactly one matches. */
  resource(type: string, pathSuffix: string): ResourceEntry {
    return exactlyOne(this.resources(type).filter((r) => r.path === pathSuffix || r.path.endsWith(`/${pathSuffix}`)), `${type} at ${pathSuffix}`);
  }

  /** The only resource of `type`; fails if there are none or several. */
  only(type: string): ResourceEntry {
    return exactlyOne(this.resources(type), type);
  }

  dataSource(type: string, pathSuffix: string): ResourceEntry {
    return exactlyOne(this.dataSources(type).filter((r) => r.path === pathSuffix || r.path.endsWith(`/${pathSuffix}`)), `data ${type} at ${pathSuffix}`);
  }

  /** Follows a `${type.name.attribute}` reference to the resource (or data source) it names. */
  follow(reference: string): { entry: ResourceEntry; attribute: string } {
    const data = DATA_REFERENCE.exec(reference);
    const match = data ?? REFERENCE.exec(reference);
    if (!match) throw new Error(`not a single reference: ${reference}`);
    const [, type, name, attribute] = match;
    const pool = data ? this.dataSources(type) : this.resources(type);
    const entry = pool.find((r) => r.name === name);
    if (!entry) throw new Error(`reference ${reference} names nothing in this stack`);
    return { entry, attribute };
  }

  /** The reference expression `${type.name.attribute}` for a resource, for equality checks. */
  static ref(entry: ResourceEntry, attribute: string): string {
    return `\${${entry.address}.${attribute}}`;
  }

  /** Decoded IAM policy document statements rendered by an aws_iam_policy_document data source. */
  policyStatements(reference: string): Record<string, any>[] {
    const { entry } = this.follow(reference);
    if (entry.type !== 'aws_iam_policy_document') throw new Error(`${reference} is not a policy document`);
    return entry.values.statement;
  }

  private entries(block: Record<string, Record<string, any>>, type: string | undefined, prefix: string): ResourceEntry[] {
    const types = type ? [type] : Object.keys(block);
    return types.flatMap((t) =>
      Object.entries(block[t] ?? {}).map(([name, values]) => {
        const fullPath: string = values['//']?.metadata?.path ?? name;
        return { type: t, name, path: fullPath.split('/').slice(1).join('/'), values, address: `${prefix}${t}.${name}` };
      }),
    );
  }
}

function exactlyOne<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}
