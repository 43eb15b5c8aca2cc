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

/**
 * A note naming each character outside printable ASCII that `text` holds, or '': `(it contains a zero-width space
 * (U+200B); shown escaped)`, `(it contains a Cyrillic "е" (U+0435), which looks like the Latin "e"; shown escaped)`.
 */
export function invisibleNote(text: string): string {
  const odd = [...new Set([...text].filter((char) => /[^\x20-\x7e]/u.test(char)))];
  if (odd.length === 0) return '';
  const named = odd.slice(0, 3).map(describeCharacter);
  const more = odd.length > 3 ? ` and ${odd.length - 3} more` : '';
  return ` (it contains ${named.join(', ')}${more}; shown escaped)`;
}

/** Invisible characters that a paste brings along, by name (https://www.unicode.org/charts/PDF/U2000.pdf). */
const INVISIBLE_CHARACTERS: Readonly<Record<string, string>> = {
  '\u00a0': 'a no-break space',
  '\u00ad': 'a soft hyphen',
  '\u180e': 'a Mongolian vowel separator',
  '\u200b': 'a zero-width space',
  '\u200c': 'a zero-width non-joiner',
  '\u200d': 'a zero-width joiner',
  '\u200e': 'a left-to-right mark',
  '\u200f': 'a right-to-left mark',
  '\u2028': 'a line separator',
  '\u2029': 'a paragraph separator',
  '\u202a': 'a left-to-right embedding',
  '\u202b': 'a right-to-left embedding',
  '\u202c': 'a pop directional formatting',
  '\u202d': 'a left-to-right override',
  '\u202e': 'a right-to-left override',
  '\u2060': 'a word joiner',
  '\u2066': 'a left-to-right isolate',
  '\u2067': 'a right-to-left isolate',
  '\u2068': 'a first strong isolate',
  '\u2069': 'a pop directional isolate',
  '\u3000': 'an ideographic space',
  '\ufeff': 'a byte-order mark (zero-width no-break space)',
};

/** Letters of other scripts drawn like Latin ones (the confusables an attacker or a keyboard layout brings in). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'B',
  е: 'e',
  к: 'k',
  м: 'M',
  н: 'H',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 'T',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  һ: 'h',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  // Greek
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

const SCRIPTS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'Cyrillic', pattern: /\p{Script=Cyrillic}/u },
  { name: 'Greek', pattern: /\p{Script=Greek}/u },
  { name: 'Armenian', pattern: /\p{Script=Armenian}/u },
  { name: 'Cherokee', pattern: /\p{Script=Cherokee}/u },
];

/** `U+200B`. */
function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What one character outside printable ASCII is, said so a reader can find it: named, never printed when invisible. */
export function describeCharacter(char: string): string {
  const invisible = INVISIBLE_CHARACTERS[char];
  if (invisible) return `${invisible} (${codePoint(char)})`;
  if (/[\p{Cc}\p{Cf}\p{Z}\p{M}]/u.test(char)) return `an invisible or control character (${codePoint(char)})`;
  const latin = LOOK_ALIKES[char] ?? (char.normalize('NFKC') !== char && /^[\x21-\x7e]$/.test(char.normalize('NFKC')) ? char.normalize('NFKC') : undefined);
  const script = SCRIPTS.find(({ pattern }) => pattern.test(char))?.name ?? (/[\uff01-\uff5e]/.test(char) ? 'full-width' : 'non-ASCII');
  return `${script === 'non-ASCII' ? 'a' : /^[AEIOU]/.test(script) ? 'an' : 'a'} ${script} "${char}" (${codePoint(char)})${latin ? `, which looks like the Latin "${latin}"` : ''}`;
}

/** `text` with each look-alike letter replaced by the Latin letter it imitates and invisible characters removed. */
export function foldLookAlikes(text: string): string {
  return [...text]
    .filter((char) => !INVISIBLE_CHARACTERS[char] && !/[\p{Cc}\p{Cf}]/u.test(char))
    .map((char) => LOOK_ALIKES[char] ?? (/^[\x21-\x7e]$/.test(char.normalize('NFKC')) ? char.normalize('NFKC') : char))
    .join('');
}

/** The candidate closest to `input` when it is a plausible typo (case, a swapped or missing letter or two). */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const folded = foldLookAlikes(input)
    .toLowerCase()
    .replace(/[^\x20-\x7e]/g, '');
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
