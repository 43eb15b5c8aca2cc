import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * Keys that name members of `Object.prototype` (`__proto__`, `constructor`,
 * `toString`, `hasOwnProperty`, …) plus `prototype`. A document that uses one
 * as a key either pollutes a plain object, shadows a method the code calls, or
 * makes a look-up such as `services[name]` find an inherited function instead
 * of nothing. They are refused wherever they appear, never dropped silently.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

export interface PrototypeKeyHit {
  /** Offset of the key in the text. */
  readonly offset: number | undefined;
  /** Path of the key from the document root, the key itself last. */
  readonly keyPath: readonly (string | number)[];
  readonly key: string;
}

/** Every mapping key anywhere in `document` that is a prototype key, in document order. */
export function findPrototypeKeys(document: Document): PrototypeKeyHit[] {
  const hits: PrototypeKeyHit[] = [];
  // An explicit stack: a deeply nested document must not overflow the call stack here.
  const pending: { node: Node; keyPath: (string | number)[] }[] = document.contents ? [{ node: document.contents, keyPath: [] }] : [];
  const seen = new Set<Node>();
  while (pending.length > 0) {
    const { node, keyPath } = pending.pop()!;
    if (seen.has(node)) continue; // aliases point back at nodes already visited
    seen.add(node);
    if (isMap(node)) {
      const children: typeof pending = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key !== undefined && isPrototypeKey(key)) {
          hits.push({ offset: isNode(item.key) ? item.key.range?.[0] : undefined, keyPath: [...keyPath, key], key });
        }
        if (isNode(item.value)) children.push({ node: item.value, keyPath: [...keyPath, key ?? '?'] });
      }
      pending.push(...children.reverse());
    } else if (isSeq(node)) {
      const children = node.items.flatMap((item, index) => (isNode(item) ? [{ node: item, keyPath: [...keyPath, index] }] : []));
      pending.push(...children.reverse());
    }
  }
  return hits.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

/** `record[key]` only when `record` has `key` as its own property: never an inherited member. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
