import { attributeChanges, leaves, sameValue, type AttributeChange } from './attribute-changes';
import { directEffects, watchedAttributes, type EffectFinding } from './change-effects';
import { diffFiles, type FileDiff } from './file-diff';
import { rulesFor } from './replacement-rules';
import { securityRuleChanges, statementChanges, type SecurityRuleChange, type StatementChange } from './security-changes';
import type { StackOutput } from '../../lib/terraform-json/synth-output';
import { referencesIn, SynthesizedStack, valueAt, type SynthesizedBlock as TerraformBlock, type TerraformDocument } from '../../lib/terraform-json/synthesized-stack';

export interface ResourceDiff {
  readonly status: 'added' | 'removed' | 'changed';
  /** The head version, or the base version of a removed block. */
  readonly block: TerraformBlock;
  readonly changes: readonly AttributeChange[];
  readonly effects: readonly EffectFinding[];
  /** The base address of a resource a `moved` block of the head moves here (`renamedFrom`, `moveFromId`). */
  readonly movedFrom?: string;
}

/**
 * A removed and an added block of one type with mostly the same arguments:
 * most likely a renamed construct id, which Terraform sees as destroy + create.
 */
export interface RenameCandidate {
  readonly from: TerraformBlock;
  readonly to: TerraformBlock;
  /**
   * The replacement rules that still fire between the two bodies (a changed
   * name, a reference to a resource that is itself recreated): a `moved` block
   * would not avoid the replacement, so none is suggested. Empty when it would.
   */
  readonly forcedBy: readonly EffectFinding[];
  /** The construct path prefixes that differ, e.g. `ecs/service-web` → `ecs/service-front`: suggestions are grouped by it. */
  readonly group: string;
}

/** A `moved` block of the head that Terraform applies: the base has `from`, the head has `to`. */
export interface DeclaredMove {
  readonly from: string;
  readonly to: string;
}

export interface StackDiff {
  readonly stackId: string;
  readonly environment: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Managed resources and data sources, by address. */
  readonly resources: readonly ResourceDiff[];
  readonly renames: readonly RenameCandidate[];
  /** `moved` blocks of the head that move a resource of the base; the moved resources are compared as one. */
  readonly moves: readonly DeclaredMove[];
  /** IAM policy statements added and removed, per policy document (tools/pull-request/security-changes.ts). */
  readonly iamStatements: readonly StatementChange[];
  /** Security group rules added and removed. */
  readonly securityGroupRules: readonly SecurityRuleChange[];
  /** Changes outside resources and data sources: backend, providers, outputs, variables. */
  readonly settings: readonly AttributeChange[];
  readonly files: readonly FileDiff[];
}

/** Share of equal leaves above which a removed and an added block are taken for one renamed block. */
const RENAME_SIMILARITY = 0.5;

/** Compares the stacks of two syntheses, matched by stack id, sorted by environment and id. */
export function diffSyntheses(base: readonly StackOutput[], head: readonly StackOutput[]): StackDiff[] {
  const ids = [...new Set([...base, ...head].map((stack) => stack.id))];
  return ids
    .map((id) =>
      diffStack(
        base.find((s) => s.id === id),
        head.find((s) => s.id === id),
      ),
    )
    .sort((a, b) => a.environment.localeCompare(b.environment) || a.stackId.localeCompare(b.stackId));
}

export function diffStack(base: StackOutput | undefined, head: StackOutput | undefined): StackDiff {
  const stack = (head ?? base)!;
  const baseBlocks = SynthesizedStack.of(base?.document ?? {}).blocks;
  const newBlocks = SynthesizedStack.of(head?.document ?? {}).blocks;
  const moves = declaredMoves(head?.document, baseBlocks, newBlocks);
  // The base seen through the head's moves: moved blocks under their new address, references to them rewritten.
  // Data sources cannot be moved; one renamed along (same arguments after the moves) is taken as the same.
  const moveMap = new Map(moves.map((m) => [m.from, m.to]));
  const oldBlocks = readdressed(baseBlocks, moves.length > 0 ? new Map([...moveMap, ...renamedDataSources(baseBlocks, newBlocks, moveMap)]) : moveMap);
  const movedFrom = new Map(moves.map((m) => [m.to, m.from]));
  const resources: ResourceDiff[] = [];
  for (const [address, block] of newBlocks) {
    const previous = oldBlocks.get(address);
    if (!previous) {
      resources.push({ status: 'added', block, changes: [], effects: [] });
      continue;
    }
    const changes = attributeChanges(previous.values, block.values);
    if (changes.length > 0 || movedFrom.has(address)) {
      resources.push({
        status: 'changed',
        block,
        changes,
        effects: block.mode === 'managed' ? directEffects(block.type, previous.values, block.values, changes) : [],
        ...(movedFrom.has(address) ? { movedFrom: movedFrom.get(address) } : {}),
      });
    }
  }
  for (const [address, block] of oldBlocks) {
    if (!newBlocks.has(address)) resources.push({ status: 'removed', block, changes: [], effects: [] });
  }
  addInheritedEffects(resources, oldBlocks, newBlocks);
  resources.sort((a, b) => a.block.address.localeCompare(b.block.address));
  const settings = attributeChanges(settingsOf(base?.document), settingsOf(head?.document));
  const renames = renameCandidates(resources, newBlocks);
  const files = diffFiles(base?.assets ?? new Map(), head?.assets ?? new Map(), renamedNames([...renames, ...moves.map((m) => ({ from: baseBlocks.get(m.from)!, to: newBlocks.get(m.to)! }))]));
  const iamStatements = statementChanges(oldBlocks, newBlocks);
  const securityGroupRules = securityRuleChanges(oldBlocks, newBlocks);
  const status = !base ? 'added' : !head ? 'removed' : resources.length + settings.length + files.length > 0 ? 'changed' : 'unchanged';
  return { stackId: stack.id, environment: stack.environment, status, resources, renames, moves, settings, files, iamStatements, securityGroupRules };
}

/** The head's `moved` blocks that apply: `from` is in the base and gone from the head, `to` is new in the head. */
function declaredMoves(document: TerraformDocument | undefined, oldBlocks: ReadonlyMap<string, TerraformBlock>, newBlocks: ReadonlyMap<string, TerraformBlock>): DeclaredMove[] {
  const moved: unknown = document?.moved;
  return (Array.isArray(moved) ? moved : [])
    .filter((m): m is DeclaredMove => typeof m?.from === 'string' && typeof m?.to === 'string')
    .filter((m) => oldBlocks.has(m.from) && !newBlocks.has(m.from) && newBlocks.has(m.to) && !oldBlocks.has(m.to))
    .map((m) => ({ from: m.from, to: m.to }));
}

/** Data sources only in the base paired with one only in the head that reads the same, once references follow `moves`. */
function renamedDataSources(oldBlocks: ReadonlyMap<string, TerraformBlock>, newBlocks: ReadonlyMap<string, TerraformBlock>, moves: ReadonlyMap<string, string>): Map<string, string> {
  const added = [...newBlocks.values()].filter((b) => b.mode === 'data' && !oldBlocks.has(b.address));
  const pairs = new Map<string, string>();
  for (const block of oldBlocks.values()) {
    if (block.mode !== 'data' || newBlocks.has(block.address)) continue;
    const values = rewriteReferences(block.values, moves);
    const match = added.find((to) => to.type === block.type && ![...pairs.values()].includes(to.address) && sameValue(values, to.values));
    if (match) pairs.set(block.address, match.address);
  }
  return pairs;
}

/** Blocks under their moved addresses, with every reference to a moved address rewritten. */
function readdressed(blocks: ReadonlyMap<string, TerraformBlock>, moves: ReadonlyMap<string, string>): Map<string, TerraformBlock> {
  if (moves.size === 0) return new Map(blocks);
  const result = new Map<string, TerraformBlock>();
  for (const [address, block] of blocks) {
    const target = moves.get(address) ?? address;
    const name = target.slice(target.lastIndexOf('.') + 1);
    result.set(target, { ...block, address: target, name, values: rewriteReferences(block.values, moves) as TerraformBlock['values'] });
  }
  return result;
}

/** `value` with every reference to a key of `moves` replaced by its value. */
export function rewriteReferences(value: unknown, moves: ReadonlyMap<string, string>): unknown {
  if (moves.size === 0) return value;
  const pattern = new RegExp(`(?<![\\w.-])(${[...moves.keys()].map((a) => a.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})(?![\\w-])`, 'g');
  const visit = (node: unknown): unknown => {
    // Interpolations, and the bare addresses of depends_on.
    if (typeof node === 'string') return node.includes('${') ? node.replace(pattern, (address) => moves.get(address)!) : (moves.get(node) ?? node);
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    return node;
  };
  return visit(value);
}

/**
 * A replaced resource gets a new id and ARN, unknown until apply. Any argument
 * that references them changes too, so a resource whose replacement-forcing
 * argument points at a replaced resource is replaced as well (a subnet's new
 * CIDR replaces the node groups in it). Followed until nothing new is found.
 */
function addInheritedEffects(resources: ResourceDiff[], oldBlocks: ReadonlyMap<string, TerraformBlock>, newBlocks: ReadonlyMap<string, TerraformBlock>): void {
  const replaced = () => new Set(resources.filter((r) => r.effects.some((e) => e.effect !== 'roll')).map((r) => r.block.address));
  for (let recreated = replaced(), previousSize = -1; recreated.size !== previousSize; previousSize = recreated.size, recreated = replaced()) {
    for (const [address, block] of newBlocks) {
      if (block.mode !== 'managed' || !oldBlocks.has(address)) continue;
      const found = rulesFor(block.type)
        .filter((rule) => (rule.trigger ?? 'any') === 'any')
        .flatMap((rule) =>
          watchedAttributes(rule, block.values).flatMap((attribute) =>
            referencesIn(valueAt(block.values, attribute))
              .filter((ref) => recreated.has(ref.address) && ref.address !== address && unknownAfterReplacement(newBlocks.get(ref.address)!, ref.attribute))
              .map((ref): EffectFinding => ({ effect: rule.effect, rule, attribute, becauseOf: ref.address })),
          ),
        );
      if (found.length === 0) continue;
      const existing = resources.findIndex((r) => r.block.address === address);
      const current = existing >= 0 ? resources[existing] : { status: 'changed' as const, block, changes: [], effects: [] };
      const added = found.filter((f) => !current.effects.some((e) => e.attribute === f.attribute && e.rule === f.rule));
      if (added.length === 0) continue;
      const updated = { ...current, effects: [...current.effects, ...added] };
      if (existing >= 0) resources[existing] = updated;
      else resources.push(updated);
    }
  }
}

/** Attributes set in the configuration stay known through a replacement; computed ones (id, arn) do not. */
function unknownAfterReplacement(block: TerraformBlock, attribute: string): boolean {
  const name = attribute.split(/[.[]/)[0];
  return block.values[name] === undefined;
}

function renameCandidates(resources: readonly ResourceDiff[], newBlocks: ReadonlyMap<string, TerraformBlock>): RenameCandidate[] {
  const removed = resources.filter((r) => r.status === 'removed').map((r) => r.block);
  const added = resources.filter((r) => r.status === 'added').map((r) => r.block);
  // Twice: the second time references to the blocks paired the first time count as equal,
  // so a role policy whose role and document were renamed with it is paired too.
  const firstPass = pairBlocks(removed, added, new Map());
  const all = pairBlocks(removed, added, new Map(firstPass.map(({ from, to }) => [from.address, to.address])));
  const moves = new Map(all.map(({ from, to }) => [from.address, to.address]));
  // Data sources are read again, never destroyed: they need no `moved` block.
  const chosen = all.filter(({ from }) => from.mode === 'managed');
  // Compare each pair as Terraform would after all the suggested moves: references to moved siblings are equal.
  const forced = new Map(
    chosen.map(({ from, to }) => {
      const before = rewriteReferences(from.values, moves) as Record<string, unknown>;
      const effects = directEffects(to.type, before, to.values, attributeChanges(before, to.values)).filter((e) => e.effect !== 'roll');
      return [to.address, effects];
    }),
  );
  // A forcing argument that references something recreated (a resource replaced, added, or renamed and
  // replaced anyway) changes at apply too: followed until nothing new is found.
  const recreated = () =>
    new Set([
      ...resources.filter((r) => r.effects.some((e) => e.effect !== 'roll')).map((r) => r.block.address),
      ...added.filter((block) => block.mode === 'managed' && ((forced.get(block.address) ?? []).length > 0 || !chosen.some((c) => c.to === block))).map((b) => b.address),
    ]);
  for (let again = true; again;) {
    again = false;
    const gone = recreated();
    for (const { to } of chosen) {
      if (forced.get(to.address)!.length > 0) continue;
      const found = rulesFor(to.type)
        .filter((rule) => (rule.trigger ?? 'any') === 'any' && rule.effect !== 'roll')
        .flatMap((rule) =>
          watchedAttributes(rule, to.values).flatMap((attribute) =>
            referencesIn(valueAt(to.values, attribute))
              .filter((ref) => gone.has(ref.address) && ref.address !== to.address && newBlocks.has(ref.address) && unknownAfterReplacement(newBlocks.get(ref.address)!, ref.attribute))
              .map((ref): EffectFinding => ({ effect: rule.effect, rule, attribute, becauseOf: ref.address })),
          ),
        );
      if (found.length > 0) {
        forced.set(to.address, found);
        again = true;
      }
    }
  }
  return chosen
    .map(({ from, to }) => ({ from, to, forcedBy: forced.get(to.address)!, group: renameGroup(from.path, to.path) }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.from.address.localeCompare(b.from.address));
}

/** The construct paths up to the first segment that differs: `ecs/service-web` → `ecs/service-front`. */
function renameGroup(from: string, to: string): string {
  const a = from.split('/');
  const b = to.split('/');
  let index = 0;
  while (index < Math.min(a.length, b.length) - 1 && a[index] === b[index]) index++;
  return `${a.slice(0, index + 1).join('/')} → ${b.slice(0, index + 1).join('/')}`;
}

/**
 * Renamed construct ids (`service-web` → `service-front`, `system` → `general`) from renamed and moved
 * blocks, so a rendered file named after the old id is compared with the one named after the new id.
 */
function renamedNames(pairs: readonly { readonly from: TerraformBlock; readonly to: TerraformBlock }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const { from, to } of pairs) {
    const a = from.path.split('/');
    const b = to.path.split('/');
    if (a.length !== b.length) continue;
    const differing = a.map((segment, i) => [segment, b[i]] as const).filter(([x, y]) => x !== y);
    if (differing.length !== 1) continue;
    const [x, y] = differing[0];
    // `service-web` → `service-front`: the common prefix is the construct kind, the rest the name.
    let common = 0;
    while (common < Math.min(x.length, y.length) && x[common] === y[common]) common++;
    const prefix = x.slice(0, x.lastIndexOf('-', common) + 1);
    names.set(x.slice(prefix.length), y.slice(prefix.length));
  }
  return names;
}

/** Removed and added blocks of one type and mode with mostly the same arguments, most similar first, each block once. */
function pairBlocks(removed: readonly TerraformBlock[], added: readonly TerraformBlock[], moves: ReadonlyMap<string, string>): { from: TerraformBlock; to: TerraformBlock }[] {
  const pairs = removed
    .flatMap((from) => {
      const values = rewriteReferences(from.values, moves) as TerraformBlock['values'];
      return added.filter((to) => to.mode === from.mode && to.type === from.type).map((to) => ({ from, to, score: similarity({ ...from, values }, to) }));
    })
    .filter((pair) => pair.score >= RENAME_SIMILARITY)
    .sort((a, b) => b.score - a.score);
  const taken = new Set<string>();
  const chosen: { from: TerraformBlock; to: TerraformBlock }[] = [];
  for (const { from, to } of pairs) {
    if (taken.has(from.address) || taken.has(to.address)) continue;
    taken.add(from.address).add(to.address);
    chosen.push({ from, to });
  }
  return chosen;
}

function similarity(a: TerraformBlock, b: TerraformBlock): number {
  const left = leaves(a.values);
  const right = leaves(b.values);
  const keys = new Set([...left.keys(), ...right.keys()]);
  if (keys.size === 0) return 1;
  const equal = [...keys].filter((key) => left.has(key) && right.has(key) && sameValue(left.get(key)!.value, right.get(key)!.value)).length;
  return equal / keys.size;
}

/** The document without resources, data sources and cdktf's metadata. */
function settingsOf(document: TerraformDocument | undefined): Record<string, unknown> {
  const { resource: _resource, data: _data, '//': _metadata, moved: _moved, ...rest } = document ?? {};
  return rest;
}
