import { createHash } from 'crypto';
import { createTwoFilesPatch, diffLines } from 'diff';
import { redactText } from './redaction';

/** A changed TerraformAsset file (a rendered Envoy bundle file, for example). */
export interface FileDiff {
  /** `<asset id>/<file path>`. */
  readonly key: string;
  /** `renamed`: a removed and an added file of one folder paired as one file (see diffFiles). */
  readonly status: 'added' | 'removed' | 'changed' | 'renamed';
  /** The base key of a renamed file. */
  readonly from?: string;
  /** Unified diff of the redacted texts; absent for binary files. */
  readonly patch?: string;
  /** sha256 prefixes of a binary file before and after. */
  readonly binary?: { readonly before?: string; readonly after?: string };
}

/** Share of equal lines above which a removed and an added text file of one folder are one renamed file. */
const RENAME_SIMILARITY = 0.5;

/**
 * The files that differ between two asset maps, in key order. A removed and an
 * added text file in the same folder are compared with each other (status
 * `renamed`) when `renamedNames` maps the old file name's stem to the new one
 * (a renamed service's `web.yaml` → `front.yaml`), or else when at least half
 * of their lines are equal; so a renamed Envoy bundle shows what changed, not
 * a full delete and a full add.
 */
export function diffFiles(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>, renamedNames: ReadonlyMap<string, string> = new Map()): FileDiff[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const removed = keys.filter((key) => !after.has(key) && text(before.get(key)!) !== undefined);
  const added = keys.filter((key) => !before.has(key) && text(after.get(key)!) !== undefined);
  const renames = pairRenamed(removed, added, before, after, renamedNames);
  const renamedFrom = new Set(renames.values());
  return keys.flatMap((key): FileDiff[] => {
    if (renamedFrom.has(key)) return [];
    const fromKey = renames.get(key);
    const old = fromKey ? before.get(fromKey) : before.get(key);
    const current = after.get(key);
    if (old && current && old.equals(current) && !fromKey) return [];
    const status = fromKey ? 'renamed' : !old ? 'added' : !current ? 'removed' : 'changed';
    const oldText = old && text(old);
    const currentText = current && text(current);
    if ((old && oldText === undefined) || (current && currentText === undefined)) {
      return [{ key, status, binary: { before: old && sha(old), after: current && sha(current) } }];
    }
    const patch = createTwoFilesPatch(old ? `a/${fromKey ?? key}` : '/dev/null', current ? `b/${key}` : '/dev/null', redactText(oldText ?? ''), redactText(currentText ?? ''), undefined, undefined, {
      context: 3,
    });
    // Drop the `=====` banner the library puts above the ---/+++ header.
    return [{ key, status, ...(fromKey ? { from: fromKey } : {}), patch: patch.replace(/^=+\n/, '') }];
  });
}

/** Added key → removed key, for the pairs taken for one renamed file. */
function pairRenamed(
  removed: readonly string[],
  added: readonly string[],
  before: ReadonlyMap<string, Buffer>,
  after: ReadonlyMap<string, Buffer>,
  renamedNames: ReadonlyMap<string, string>,
): Map<string, string> {
  const folder = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);
  const base = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  const stem = (name: string) => name.replace(/\.[^.]*$/, '');
  const candidates = removed
    .flatMap((from) =>
      added
        .filter((to) => folder(to) === folder(from) && base(to).slice(stem(base(to)).length) === base(from).slice(stem(base(from)).length))
        .map((to) => ({ from, to, mapped: renamedNames.get(stem(base(from))) === stem(base(to)), score: lineSimilarity(text(before.get(from)!)!, text(after.get(to)!)!) })),
    )
    .filter((pair) => pair.mapped || pair.score >= RENAME_SIMILARITY)
    .sort((a, b) => Number(b.mapped) - Number(a.mapped) || b.score - a.score);
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  for (const { from, to } of candidates) {
    if (taken.has(from) || taken.has(to)) continue;
    taken.add(from).add(to);
    pairs.set(to, from);
  }
  return pairs;
}

/** Equal lines over the lines of the longer text. */
function lineSimilarity(a: string, b: string): number {
  const count = (s: string) => s.split('\n').length;
  const equal = diffLines(a, b)
    .filter((part) => !part.added && !part.removed)
    .reduce((sum, part) => sum + (part.count ?? count(part.value)), 0);
  return equal / Math.max(count(a), count(b), 1);
}

/** The file as UTF-8 text, or undefined when it is binary. */
function text(content: Buffer): string | undefined {
  if (content.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // Invalid UTF-8: the file is binary (an ARCHIVE asset's zip), shown by hash.
    return undefined;
  }
}

function sha(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}
