import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { isMap, isPair, isScalar, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { listEnvironmentFiles } from '../../lib/config/environments';
import { DEFAULT_ENVOY_IMAGE } from '../../lib/config/envoy-schema';
import { MAX_ALIAS_COUNT } from '../../lib/config/loader';
import { parseYamlSafely } from '../../lib/util/safe-yaml';
import { parseImageReference } from '../../lib/ecs/image-reference';
import { UserError } from '../../lib/util/user-error';

/** The environment file with `envoy.image` pinned to a digest. */
export interface PinnedEnvironment {
  /** The whole file: unchanged but for the one line that names the image. */
  readonly text: string;
  /** False when the file already pinned this digest. */
  readonly changed: boolean;
  /** `envoyproxy/envoy:<tag>@sha256:…` */
  readonly image: string;
  /** 1-based line of the `image:` entry in `text`. */
  readonly line: number;
  /** That line as written, indentation included: what CI asks a person to commit. */
  readonly lineText: string;
}

/**
 * Writes `digest` into an environment file's `envoy.image` as
 * `envoyproxy/envoy:<tag>@<digest>` (the form dependency bots update), so the
 * synthesized stack needs no envoy_image_digest variable and `cdktf diff` and
 * `cdktf deploy` work bare. Only that entry changes: the file is edited as
 * text at the positions the `yaml` package's parse gives (the value's range,
 * or the line after `envoy:` when the key is missing; the whole `envoy:`
 * mapping appended when there is none), so comments, quoting, flow mappings
 * and every other byte stay as written; re-serializing the Document would
 * reformat the file. The result is parsed again and must be the same data
 * with the new image, else nothing is returned. A file that already pins this
 * digest comes back unchanged.
 * @param tag the tag the deploy synthesized: a file that names another (changed since) is refused. @default - any tag
 */
export function pinEnvoyImage(text: string, file: string, digest: string, tag?: string): PinnedEnvironment {
  const refuse = (why: string) => new UserError(`${file}: cannot pin envoy.image to ${digest}: ${why}`);
  const parsed = parseYamlSafely(text, MAX_ALIAS_COUNT);
  if (parsed.problems.length > 0) throw refuse(`YAML: ${parsed.problems[0].message}`);
  const root = parsed.document.contents;
  if (!isMap(root) || root.flow) throw refuse('expected a block mapping at the top level');
  const envoy = pairOf(root, 'envoy');
  const entry = envoy && isMap(envoy.value) ? pairOf(envoy.value, 'image') : undefined;
  if (envoy && !isMap(envoy.value)) throw refuse('expected envoy to be a mapping (an alias or another value cannot be pinned in place)');
  if (entry && !(isScalar(entry.value) && typeof entry.value.value === 'string')) throw refuse('expected envoy.image to be a string');

  const current = entry ? (entry.value as Scalar<string>).value : DEFAULT_ENVOY_IMAGE;
  const reference = parseImageReference(current);
  if (typeof reference === 'string') throw refuse(reference);
  if (tag !== undefined && reference.tag !== tag) throw refuse(`it names ${current}, but the deploy synthesized tag ${tag}: synthesize and deploy again`);
  if (reference.digest && reference.digest !== digest) throw refuse(`it already pins ${reference.digest}`);
  const image = `${current.replace(/@sha256:[0-9a-f]+$/, '')}@${digest}`;

  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  let pinned: string;
  if (reference.digest) {
    pinned = text;
  } else if (entry) {
    // The value only: a quoted value keeps its quotes, a comment after it stays.
    const value = entry.value as Scalar<string>;
    const [start, end] = value.range!;
    const quote = value.type === Scalar.QUOTE_DOUBLE ? '"' : value.type === Scalar.QUOTE_SINGLE ? "'" : value.type === Scalar.PLAIN ? '' : undefined;
    if (quote === undefined) throw refuse('expected envoy.image on one line (a plain or quoted scalar, not a block scalar)');
    pinned = `${text.slice(0, start)}${quote}${image}${quote}${text.slice(end)}`;
  } else if (envoy) {
    const map = envoy.value as YAMLMap;
    const [start, end] = map.range!;
    if (map.flow) {
      // `envoy: { logLevel: debug }` -> `envoy: { image: …, logLevel: debug }`
      pinned = map.items.length === 0 ? `${text.slice(0, start)}{ image: ${image} }${text.slice(end)}` : `${text.slice(0, start + 1)} image: ${image},${text.slice(start + 1)}`;
    } else {
      // The line after `envoy:` (and any comment on it), indented as the mapping's first key.
      const after = text.indexOf('\n', (envoy.key as Node).range![1]) + 1;
      const indent = start - lineStart(text, start);
      pinned = `${text.slice(0, after)}${' '.repeat(indent)}image: ${image}${newline}${text.slice(after)}`;
    }
  } else {
    const indent = nestedIndent(text, root) ?? 2;
    const separator = text.length === 0 || text.endsWith('\n') ? '' : newline;
    pinned = `${text}${separator}envoy:${newline}${' '.repeat(indent)}image: ${image}${newline}`;
  }

  const check = parseYamlSafely(pinned, MAX_ALIAS_COUNT);
  const expected = withImage(parsed.value, image);
  if (check.problems.length > 0 || !isDeepStrictEqual(check.value, expected)) throw refuse('the edited file would not read back as the same settings with the pinned image; pin it by hand');
  const written = pairOf(pairOf(check.document.contents as YAMLMap, 'envoy')!.value as YAMLMap, 'image')!;
  const line = check.position((written.key as Node).range![0]).line;
  return { text: pinned, changed: pinned !== text, image, line, lineText: pinned.split(/\r?\n/)[line - 1] };
}

/**
 * Pins the digest in `environments/<environment>.yaml` of `root` (see
 * pinEnvoyImage), through a temporary file renamed over it, so a failure never
 * leaves half a file. With `write: false` (CI, whose checkout is thrown away)
 * the file is left alone and the deploy stops with the line to commit, until
 * it is committed.
 */
export function pinEnvoyImageInFile(root: string, environment: string, tag: string, digest: string, write: boolean): PinnedEnvironment {
  const file = listEnvironmentFiles(path.join(root, 'environments')).find((candidate) => path.basename(candidate).replace(/\.ya?ml$/, '') === environment);
  if (!file) throw new UserError(`environments/${environment}.yaml: not found; cannot pin envoy.image to ${digest}`);
  const relative = path.relative(root, file);
  const pin = pinEnvoyImage(fs.readFileSync(file, 'utf8'), relative, digest, tag);
  if (!pin.changed) return pin;
  if (!write) {
    throw new UserError(
      `${relative}:${pin.line}: envoy.image names no digest; commit this line there (the digest the pull through cache holds for ${tag}), then run the deploy again:\n${pin.lineText}`,
    );
  }
  const temporary = `${file}.pin-${process.pid}`;
  try {
    fs.writeFileSync(temporary, pin.text, { mode: fs.statSync(file).mode });
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return pin;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item): item is Pair => isPair(item) && isScalar(item.key) && item.key.value === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** How this file indents: the column of the first key of the first block mapping nested in the top-level one. */
function nestedIndent(text: string, root: YAMLMap): number | undefined {
  for (const item of root.items) {
    if (isPair(item) && isMap(item.value) && !item.value.flow && item.value.range) return item.value.range[0] - lineStart(text, item.value.range[0]);
  }
  return undefined;
}

/** The file's data with envoy.image set: what the edited file must read back as. */
function withImage(value: unknown, image: string): unknown {
  const data = value as Record<string, unknown>;
  return { ...data, envoy: { ...((data.envoy as Record<string, unknown> | undefined) ?? {}), image } };
}
