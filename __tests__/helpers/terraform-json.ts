import { singleReference, SynthesizedStack, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';

/**
 * Reading synthesized Terraform JSON in tests, through the one reader
 * (lib/terraform-json/synthesized-stack.ts) plus assertions: exactly one resource of a
 * type at a construct path, a reference that must name something. The cdktf
 * matchers pass when *any* resource of a type matches, which is too weak.
 */
export type ResourceEntry = SynthesizedBlock;

export class TerraformJson {
  readonly json: Record<string, any>;
  readonly stack: SynthesizedStack;

  constructor(json: Record<string, any> | string) {
    this.stack = SynthesizedStack.parse(json);
    this.json = this.stack.document;
  }

  /** A copy, which a test may sort. */
  resources(type?: string): ResourceEntry[] {
    return [...this.stack.resources(type)];
  }

  dataSources(type?: string): ResourceEntry[] {
    return [...this.stack.dataSources(type)];
  }

  count(type: string): number {
    return this.resources(type).length;
  }

  /** The resource of `type` whose construct path ends with `pathSuffix`; fails unless exactly one matches. */
  resource(type: string, pathSuffix: string): ResourceEntry {
    return exactlyOne(
      this.stack.atPath(pathSuffix).filter((r) => r.type === type),
      `${type} at ${pathSuffix}`,
    );
  }

  /** The only resource of `type`; fails if there are none or several. */
  only(type: string): ResourceEntry {
    return exactlyOne(this.resources(type), type);
  }

  dataSource(type: string, pathSuffix: string): ResourceEntry {
    return exactlyOne(
      this.stack.atPath(pathSuffix, 'data').filter((r) => r.type === type),
      `data ${type} at ${pathSuffix}`,
    );
  }

  /** Follows a `${type.name.attribute}` reference to the resource (or data source) it names. */
  follow(reference: string): { entry: ResourceEntry; attribute: string } {
    const ref = singleReference(reference);
    if (!ref) throw new Error(`not a single reference: ${reference}`);
    const entry = this.stack.at(ref.address);
    if (!entry) throw new Error(`reference ${reference} names nothing in this stack`);
    return { entry, attribute: ref.attribute };
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
}

function exactlyOne<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}
