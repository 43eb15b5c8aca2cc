import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { ConfigLocation } from '../config/config-error';
import { formatKeyPath } from '../util/key-path';
import { findSecretSpans, judgeSecret, looksLike } from '../util/secret-detection';
import { withOrigin, type SecretValueLocator } from './secret-origin';

/** A secret-looking value in a synthesized file. */
export interface SecretHit {
  readonly file: string;
  /** Where in the document, e.g. `resource.aws_ecs_task_definition.x.container_definitions[0].environment[1].value`. */
  readonly keyPath: string;
  /** Why, from the one detector (lib/util/secret-detection.ts): `looks like a private key`, `"password" names a credential…`. */
  readonly reason: string;
  /** Where the environment file wrote the value, when it did (see secret-origin.ts). */
  readonly origin?: ConfigLocation;
}

/**
 * Scans every file under `directory` (synth output, rendered bundles); `locate` names where a hit's value was written;
 * `reviewedNames` are names guardrails.notSecrets reviewed (the name rule does not count them, value shapes still do);
 * `identifiers` are the names the environment files gave things, which generated names are joined from
 * (lib/config/environment-identifiers.ts): the entropy rule does not judge them.
 */
export function scanForSecrets(directory: string, locate?: SecretValueLocator, reviewedNames?: ReadonlySet<string>, identifiers?: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const file of listFiles(directory)) {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(directory, file);
    let document: unknown;
    try {
      document = /\.ya?ml$/.test(file) ? parseYaml(text) : /\.json$/.test(file) ? JSON.parse(text) : undefined;
    } catch {
      document = undefined;
    }
    if (document === undefined) {
      // Whole text, not line by line, so a certificate's base64 lines are seen inside their BEGIN/END block.
      for (const span of findSecretSpans(text, identifiers)) {
        const hit = { file: relative, keyPath: `line ${text.slice(0, span.start).split('\n').length}`, reason: looksLike(span.kind) };
        hits.push(...withOrigin([hit], text.slice(span.start, span.end), locate));
      }
    } else {
      const skip = skippedPaths(relative);
      walk(document, [], '', skip, (value, keyPath, key) => hits.push(...withOrigin(scanValue(value, relative, keyPath, key, reviewedNames, identifiers), value, locate)));
    }
  }
  return hits;
}

function scanValue(value: string, file: string, keyPath: string, key: string, reviewedNames?: ReadonlySet<string>, identifiers?: readonly string[]): SecretHit[] {
  const reason = judgeSecret(key || undefined, value, reviewedNames, identifiers);
  return reason ? [{ file, keyPath, reason }] : [];
}

/** Where a value sits in its document: object keys and array indexes, from the top. */
type Segments = readonly (string | number)[];

/**
 * Which parts of a synthesized file hold what the synthesizer generated from construct ids, never a value a person
 * wrote or a secret could flow into: those are not judged. Construct ids carry environment names and service keys
 * (`ecs_service-k8s-api_task_13C3A159`), whose mix of short words, digits and cdktf's hash suffix can look random.
 */
function skippedPaths(file: string): (segments: Segments) => boolean {
  // cdktf's own manifest at the top of the output: stack names and the paths of their files.
  if (file === CDKTF_MANIFEST) return () => true;
  // Terraform JSON (https://developer.hashicorp.com/terraform/language/syntax/json): what the stacks synthesize.
  if (/\.tf\.json$/.test(file)) return isTerraformAddress;
  return () => false;
}

const CDKTF_MANIFEST = 'manifest.json';

/**
 * The parts of a Terraform JSON document that hold addresses and construct paths:
 * - `//` (anywhere): cdktf's metadata, the construct path and unique id of a resource, the stack's outputs map;
 * - a resource's or data source's `depends_on`, `provider` (`aws.us-east-1`), `lifecycle.ignore_changes` and
 *   `lifecycle.replace_triggered_by` (https://developer.hashicorp.com/terraform/language/meta-arguments);
 * - a module's `depends_on` and `providers`, an output's `depends_on`;
 * - `moved` (`from`, `to`), `import` (`to`) and `removed` (`from`) blocks (renamedFrom writes moved blocks).
 * Everything else is judged: provider settings, backend settings and every argument of every resource.
 */
export function isTerraformAddress(segments: Segments): boolean {
  if (segments.includes('//')) return true;
  const [block, , third, fourth, fifth] = segments;
  if (block === 'resource' || block === 'data') {
    return fourth === 'depends_on' || fourth === 'provider' || (fourth === 'lifecycle' && (fifth === 'ignore_changes' || fifth === 'replace_triggered_by'));
  }
  if (block === 'module') return third === 'depends_on' || third === 'providers';
  if (block === 'output') return third === 'depends_on';
  if (block === 'moved' || block === 'removed') return third === 'from' || third === 'to';
  if (block === 'import') return third === 'to';
  return false;
}

/** Visits every string not `skip`ped, descending into strings that are themselves JSON (container definitions). */
function walk(node: unknown, segments: Segments, key: string, skip: (segments: Segments) => boolean, visit: (value: string, keyPath: string, key: string) => void): void {
  if (skip(segments)) return;
  if (typeof node === 'string') {
    const trimmed = node.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
      try {
        // A document inside a string has its own structure: what it holds is judged.
        walk(JSON.parse(trimmed), segments, key, () => false, visit);
        return;
      } catch {
        // not JSON: scan it as text
      }
    }
    visit(node, formatKeyPath([...segments]), key);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, [...segments, index], key, skip, visit));
  } else if (node && typeof node === 'object') {
    // `{name: DB_PASSWORD, value: …}` (ECS environment, Envoy headers) and `{key: …, value: …}` (tags, taints):
    // the value is judged under its entry's name.
    const entry = node as Record<string, unknown>;
    const entryName = 'value' in entry ? [entry.name, entry.key].find((candidate) => typeof candidate === 'string') : undefined;
    for (const [childKey, child] of Object.entries(node)) {
      walk(child, [...segments, childKey], entryName !== undefined && childKey === 'value' ? entryName : childKey, skip, visit);
    }
  }
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '.terraform' ? [] : listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}
