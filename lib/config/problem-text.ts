/**
 * How values and names are shown in configuration messages: what the reader
 * cannot see (zero-width spaces, no-break spaces, look-alike letters from other
 * scripts) is escaped, and a near-miss gets a "did you mean".
 */

/** At most this many problems are printed per file, then "and N more". */
export const MAX_PROBLEMS_PER_FILE = 20;

/** JSON-quoted, with every character outside printable ASCII as `\uXXXX`, so `web\u200b` is not shown as `web`. */
export function showText(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/gu, (char) => [...char].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}

/** A note for a text that holds characters outside printable ASCII, or ''. */
export function invisibleNote(text: string): string {
  return /[^\x20-\x7e]/.test(text) ? ' (it contains invisible or non-ASCII look-alike characters, shown escaped)' : '';
}

/** The candidate closest to `input` when it is a plausible typo (case, a swapped or missing letter or two). */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const folded = input.toLowerCase().replace(/[^\x20-\x7e]/g, '');
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best || best.candidate === input) return undefined;
  return best.distance <= Math.max(1, Math.min(2, Math.floor(best.candidate.length / 3))) ? best.candidate : undefined;
}

/** `; did you mean "x"?` or ''. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closest(input, candidates);
  return match === undefined ? '' : `; did you mean ${JSON.stringify(match)}?`;
}

/** Damerau-Levenshtein (optimal string alignment): a swap of two neighbours counts once. Inputs are short keys. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Names an encoding or line-ending problem of the raw bytes, which would
 * otherwise surface as a baffling YAML error: UTF-16 (a byte-order mark or
 * NUL bytes between ASCII letters) and classic-Mac CR-only line endings.
 */
export function encodingProblem(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'the file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'the file is UTF-16 (big-endian, with a byte-order mark); save it as UTF-8';
  const sample = bytes.subarray(0, 512);
  let nulAfterAscii = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0 && sample[i - 1] >= 0x09 && sample[i - 1] < 0x7f) nulAfterAscii++;
  let nulBeforeAscii = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) if (sample[i] === 0 && sample[i + 1] >= 0x09 && sample[i + 1] < 0x7f) nulBeforeAscii++;
  const pairs = Math.floor(sample.length / 2);
  if (pairs >= 2 && nulAfterAscii >= pairs * 0.6) return 'the file is UTF-16 (little-endian, no byte-order mark); save it as UTF-8';
  if (pairs >= 2 && nulBeforeAscii >= pairs * 0.6) return 'the file is UTF-16 (big-endian, no byte-order mark); save it as UTF-8';
  if (bytes.includes(0x0d) && !bytes.includes(0x0a)) return 'the file has CR-only line endings (classic Mac OS); save it with LF (or CRLF) line endings';
  return undefined;
}
