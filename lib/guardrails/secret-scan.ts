import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { ConfigLocation } from '../config/config-error';
import { withOrigin, type SecretValueLocator } from './secret-origin';

/** A secret-looking value in a synthesized file. */
export interface SecretHit {
  readonly file: string;
  /** Where in the document, e.g. `resource.aws_ecs_task_definition.x.container_definitions[0].environment[1].value`. */
  readonly keyPath: string;
  readonly kind: string;
  /** Where the environment file wrote the value, when it did (see secret-origin.ts). */
  readonly origin?: ConfigLocation;
}

const VALUE_PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { kind: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Keys whose literal value is a credential; references (`${...}`) and ARNs are fine. */
const SECRET_KEY = /^(password|passwd|secret|secret_key|secret_access_key|aws_secret_access_key|client_secret|private_key|api_key|access_token|auth_token)$/i;
const AWS_SECRET_VALUE = /^[A-Za-z0-9/+]{40}$/;

/** Scans every file under `directory` (synth output, rendered bundles); `locate` names where a hit's value was written. */
export function scanForSecrets(directory: string, locate?: SecretValueLocator): SecretHit[] {
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
      text.split('\n').forEach((line, index) => hits.push(...withOrigin(scanValue(line, relative, `line ${index + 1}`, ''), line, locate)));
    } else {
      walk(document, '', '', (value, keyPath, key) => hits.push(...withOrigin(scanValue(value, relative, keyPath, key), value, locate)));
    }
  }
  return hits;
}

function scanValue(value: string, file: string, keyPath: string, key: string): SecretHit[] {
  const hits = VALUE_PATTERNS.filter(({ pattern }) => pattern.test(value)).map(({ kind }) => ({ file, keyPath, kind }));
  const literal = value.length >= 8 && !value.includes('${') && !value.startsWith('arn:');
  if (literal && SECRET_KEY.test(key)) hits.push({ file, keyPath, kind: `literal value for "${key}"` });
  else if (/secret/i.test(key) && AWS_SECRET_VALUE.test(value)) hits.push({ file, keyPath, kind: 'AWS secret access key' });
  return hits;
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
    for (const [childKey, child] of Object.entries(node)) walk(child, keyPath ? `${keyPath}.${childKey}` : childKey, childKey, visit);
  }
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '.terraform' ? [] : listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}
