import { createHash } from 'crypto';
import { createTwoFilesPatch } from 'diff';
import { redactText } from './redaction';

/** A changed TerraformAsset file (a rendered Envoy bundle file, for example). */
export interface FileDiff {
  /** `<asset id>/<file path>`. */
  readonly key: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** Unified diff of the redacted texts; absent for binary files. */
  readonly patch?: string;
  /** sha256 prefixes of a binary file before and after. */
  readonly binary?: { readonly before?: string; readonly after?: string };
}

/** The files that differ between two asset maps, in key order. */
export function diffFiles(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>): FileDiff[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.flatMap((key): FileDiff[] => {
    const old = before.get(key);
    const current = after.get(key);
    if (old && current && old.equals(current)) return [];
    const status = !old ? 'added' : !current ? 'removed' : 'changed';
    const oldText = old && text(old);
    const currentText = current && text(current);
    if ((old && oldText === undefined) || (current && currentText === undefined)) {
      return [{ key, status, binary: { before: old && sha(old), after: current && sha(current) } }];
    }
    const patch = createTwoFilesPatch(
      old ? `a/${key}` : '/dev/null',
      current ? `b/${key}` : '/dev/null',
      redactText(oldText ?? ''),
      redactText(currentText ?? ''),
      undefined,
      undefined,
      { context: 3 },
    );
    // Drop the `=====` banner the library puts above the ---/+++ header.
    return [{ key, status, patch: patch.replace(/^=+\n/, '') }];
  });
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
