import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** One string value written in an environment file. */
export interface WrittenString {
  readonly text: string;
  /** Key path from the document root. */
  readonly keyPath: readonly (string | number)[];
  /** Offset of the value in the file's text. */
  readonly offset: number | undefined;
}

/** Shorter strings are too common to name one place of the file (`info`, `alb`, `true`). */
export const MIN_TRACED_LENGTH = 8;

/**
 * Finds where a value of the synthesized output was written in the
 * environment file, for checks that run on the output (the secret scan): the
 * string value equal to it, else the longest one that makes up at least half
 * of it (a value written into a longer string, such as `Bearer <token>`; a
 * shorter one, such as the region inside a URL, names the wrong entry), else
 * the one containing it (a line of a multi-line value). The document's strings are listed once, on the first look-up, from
 * the tree the loader already parsed: no second parse.
 */
export class WrittenValueIndex {
  private strings?: readonly WrittenString[];
  private exact?: ReadonlyMap<string, WrittenString>;

  constructor(private readonly document: Document) {}

  find(value: string): WrittenString | undefined {
    if (value.length < MIN_TRACED_LENGTH) return undefined;
    this.strings ??= writtenStrings(this.document);
    this.exact ??= new Map([...this.strings].reverse().map((written) => [written.text, written]));
    const exact = this.exact.get(value);
    if (exact) return exact;
    let best: WrittenString | undefined;
    for (const written of this.strings) {
      if (written.text.length * 2 >= value.length && value.includes(written.text) && (!best || written.text.length > best.text.length)) best = written;
    }
    return best ?? this.strings.find((written) => written.text.includes(value.trim()) && value.trim().length >= MIN_TRACED_LENGTH);
  }
}

/** Every string scalar of at least MIN_TRACED_LENGTH characters, in document order; aliases are not followed. */
function writtenStrings(document: Document): WrittenString[] {
  const found: WrittenString[] = [];
  // An explicit stack: a deeply nested document must not overflow the call stack here.
  const pending: { node: Node; keyPath: (string | number)[] }[] = document.contents ? [{ node: document.contents, keyPath: [] }] : [];
  while (pending.length > 0) {
    const { node, keyPath } = pending.pop()!;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.length >= MIN_TRACED_LENGTH) found.push({ text: node.value, keyPath, offset: node.range?.[0] });
    } else if (isMap(node)) {
      const children = node.items.flatMap((item) => (isPair(item) && isNode(item.value) && isScalar(item.key) ? [{ node: item.value, keyPath: [...keyPath, String(item.key.value)] }] : []));
      pending.push(...children.reverse());
    } else if (isSeq(node)) {
      pending.push(...node.items.flatMap((item, index) => (isNode(item) ? [{ node: item, keyPath: [...keyPath, index] }] : [])).reverse());
    }
  }
  return found;
}
