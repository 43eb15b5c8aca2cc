import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
// cdktf's own naming of resources from their construct path (TerraformStack.allocateLogicalId), so an old
// address is computed exactly as cdktf computed it when the construct had its old id.
import { makeUniqueId } from 'cdktf/lib/private/unique';

/** A construct whose id changed: every resource below it moves. */
export interface RenamedConstruct {
  /** Construct ids from the stack down to the parent of the renamed construct, e.g. `['ecs']`. */
  readonly parent: readonly string[];
  /** The construct's old id, e.g. `service-web`. */
  readonly from: string;
  /** Its new id, e.g. `service-front`. */
  readonly to: string;
  /**
   * Ids `<to><suffix>` move too, keeping the suffix (`spot-eu-west-1a` → `pool-eu-west-1a` for per-zone
   * node groups). @default - only the id itself
   */
  readonly suffix?: RegExp;
}

/** One `moved` block written: Terraform moves the state of `from` to `to` instead of destroying `from` and creating `to`. */
export interface WrittenMove {
  readonly from: string;
  readonly to: string;
  /** The rename that wrote it (one of the `renames` passed in, by reference): to check each rename moved something. */
  readonly rename: RenamedConstruct;
}

/**
 * Writes a Terraform `moved` block (cdktf's `moveFromId`, synthesized into the stack's top-level `moved` list) for
 * every resource below a renamed construct: its address as it was under the old construct id. Only addresses cdktf
 * derives from the construct path move; a resource with an overridden logical id keeps its address anyway. Data
 * sources have no state to keep. Call it once the stack's constructs are all built. A rename whose construct path
 * matches nothing writes nothing here: the caller checks the moves it needs were written (stacks/renamed-constructs.ts).
 * https://developer.hashicorp.com/terraform/language/modules/develop/refactoring#moved-block-syntax
 */
export function moveRenamedResources(stack: TerraformStack, renames: readonly RenamedConstruct[]): WrittenMove[] {
  if (renames.length === 0) return [];
  const written: WrittenMove[] = [];
  for (const construct of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(construct)) continue;
    const resource = construct;
    const components = pathBelow(stack, resource);
    if (resource.friendlyUniqueId !== makeUniqueId(components)) continue;
    const found = oldComponents(components, renames);
    if (!found) continue;
    const from = `${resource.terraformResourceType}.${makeUniqueId(found.old)}`;
    resource.moveFromId(from);
    written.push({ from, to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, rename: found.rename });
  }
  return written;
}

function pathBelow(stack: TerraformStack, construct: IConstruct): string[] {
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
}

/** The construct path with the renamed construct's old id, or undefined when no rename covers it. */
function oldComponents(components: readonly string[], renames: readonly RenamedConstruct[]): { old: string[]; rename: RenamedConstruct } | undefined {
  for (const rename of renames) {
    const depth = rename.parent.length;
    if (components.length <= depth || rename.parent.some((id, i) => components[i] !== id)) continue;
    const id = components[depth];
    const suffix = id.slice(rename.to.length);
    const renamed = id === rename.to ? rename.from : id.startsWith(rename.to) && rename.suffix?.test(suffix) ? `${rename.from}${suffix}` : undefined;
    if (renamed !== undefined) return { old: [...components.slice(0, depth), renamed, ...components.slice(depth + 1)], rename };
  }
  return undefined;
}
