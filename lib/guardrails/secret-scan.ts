import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { ConfigLocation } from '../config/config-error';
import { findSecretSpans, judgeSecret, looksLike } from '../core/secret-detection';
import { withOrigin, type SecretValueLocator } from './secret-origin';

/** A secret-looking value in a synthesized file. */
export interface SecretHit {
  readonly file: string;
  /** Where in the document, e.g. `resource.aws_ecs_task_definition.x.container_definitions[0].environment[1].value`. */
  readonly keyPath: string;
  /** Why, from the one detector (lib/core/secret-detection.ts): `looks like a private key`, `"password" names a credential…`. */
  readonly reason: string;
  /** Where the environment file wrote the value, when it did (see secret-origin.ts). */
  readonly origin?: ConfigLocation;
}

/**
 * Scans every file under `directory` (synth output, rendered bundles); `locate` names where a hit's value was written;
 * `reviewedNames` are names guardrails.notSecrets reviewed (the name rule does not count them, value shapes still do).
 */
export function scanForSecrets(directory: string, locate?: SecretValueLocator, reviewedNames?: ReadonlySet<string>): SecretHit[] {
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
      for (const span of findSecretSpans(text)) {
        const hit = { file: relative, keyPath: `line ${text.slice(0, span.start).split('\n').length}`, reason: looksLike(span.kind) };
        hits.push(...withOrigin([hit], text.slice(span.start, span.end), locate));
      }
    } else {
      walk(document, '', '', (value, keyPath, key) => hits.push(...withOrigin(scanValue(value, relative, keyPath, key, reviewedNames), value, locate)));
    }
  }
  return hits;
}

function scanValue(value: string, file: string, keyPath: string, key: string, reviewedNames?: ReadonlySet<string>): SecretHit[] {
  const reason = judgeSecret(key || undefined, value, reviewedNames);
  return reason ? [{ file, keyPath, reason }] : [];
}

/** Visits every string, descending into strings that are themselves JSON (container definitions). */
function walk(node: unknown, keyPath: string, key: string, visit: (value: string, keyPath: string, key: string) => void): void {
  if (typeof node === 'string') {
    const trimmed = node.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
      try {
        walk(JSON.parse(trimmed), keyPath, key, visit);
        return;
      } catch {
        // not JSON: scan it as text
      }
    }
    visit(node, keyPath, key);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${keyPath}[${index}]`, key, visit));
  } else if (node && typeof node === 'object') {
    // `{name: DB_PASSWORD, value: …}` (ECS environment, Envoy headers) and `{key: …, value: …}` (tags, taints):
    // the value is judged under its entry's name.
    const entry = node as Record<string, unknown>;
    const entryName = 'value' in entry ? [entry.name, entry.key].find((candidate) => typeof candidate === 'string') : undefined;
    for (const [childKey, child] of Object.entries(node)) {
      walk(child, keyPath ? `${keyPath}.${childKey}` : childKey, entryName !== undefined && childKey === 'value' ? (entryName as string) : childKey, visit);
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
