import { attributeChanges, leaves, sameValue, type AttributeChange } from './attribute-changes';
import { directEffects, watchedAttributes, type EffectFinding } from './change-effects';
import { diffFiles, type FileDiff } from './file-diff';
import { rulesFor } from './replacement-rules';
import type { StackOutput } from './synth-output';
import { referencesIn, SynthesizedStack, valueAt, type SynthesizedBlock as TerraformBlock, type TerraformDocument } from '../../lib/synth/synthesized-stack';

export interface ResourceDiff {
  readonly status: 'added' | 'removed' | 'changed';
  /** The head version, or the base version of a removed block. */
  readonly block: TerraformBlock;
  readonly changes: readonly AttributeChange[];
  readonly effects: readonly EffectFinding[];
}

/**
 * A removed and an added block of one type with mostly the same arguments:
 * most likely a renamed construct id, which Terraform sees as destroy + create.
 */
export interface RenameCandidate {
  readonly from: TerraformBlock;
  readonly to: TerraformBlock;
}

export interface StackDiff {
  readonly stackId: string;
  readonly environment: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Managed resources and data sources, by address. */
  readonly resources: readonly ResourceDiff[];
  readonly renames: readonly RenameCandidate[];
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
    .map((id) => diffStack(base.find((s) => s.id === id), head.find((s) => s.id === id)))
    .sort((a, b) => a.environment.localeCompare(b.environment) || a.stackId.localeCompare(b.stackId));
}

export function diffStack(base: StackOutput | undefined, head: StackOutput | undefined): StackDiff {
  const stack = (head ?? base)!;
  const oldBlocks = SynthesizedStack.of(base?.document ?? {}).blocks;
  const newBlocks = SynthesizedStack.of(head?.document ?? {}).blocks;
  const resources: ResourceDiff[] = [];
  for (const [address, block] of newBlocks) {
    const previous = oldBlocks.get(address);
    if (!previous) {
      resources.push({ status: 'added', block, changes: [], effects: [] });
      continue;
    }
    const changes = attributeChanges(previous.values, block.values);
    if (changes.length > 0) {
      resources.push({ status: 'changed', block, changes, effects: block.mode === 'managed' ? directEffects(block.type, previous.values, block.values, changes) : [] });
    }
  }
  for (const [address, block] of oldBlocks) {
    if (!newBlocks.has(address)) resources.push({ status: 'removed', block, changes: [], effects: [] });
  }
  addInheritedEffects(resources, oldBlocks, newBlocks);
  resources.sort((a, b) => a.block.address.localeCompare(b.block.address));
  const settings = attributeChanges(settingsOf(base?.document), settingsOf(head?.document));
  const files = diffFiles(base?.assets ?? new Map(), head?.assets ?? new Map());
  const status = !base ? 'added' : !head ? 'removed' : resources.length + settings.length + files.length > 0 ? 'changed' : 'unchanged';
  return { stackId: stack.id, environment: stack.environment, status, resources, renames: renameCandidates(resources), settings, files };
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

function renameCandidates(resources: readonly ResourceDiff[]): RenameCandidate[] {
  const removed = resources.filter((r) => r.status === 'removed').map((r) => r.block);
  const added = resources.filter((r) => r.status === 'added').map((r) => r.block);
  const pairs = removed
    .flatMap((from) => added.filter((to) => to.mode === from.mode && to.type === from.type).map((to) => ({ from, to, score: similarity(from, to) })))
    .filter((pair) => pair.score >= RENAME_SIMILARITY)
    .sort((a, b) => b.score - a.score);
  const taken = new Set<string>();
  const result: RenameCandidate[] = [];
  for (const { from, to } of pairs) {
    if (taken.has(from.address) || taken.has(to.address)) continue;
    taken.add(from.address).add(to.address);
    result.push({ from, to });
  }
  return result.sort((a, b) => a.from.address.localeCompare(b.from.address));
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
  const { resource: _resource, data: _data, '//': _metadata, ...rest } = document ?? {};
  return rest;
}
