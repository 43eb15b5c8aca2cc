import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { ownValue, PROTOTYPE_KEYS } from '../../lib/util/prototype-keys';
import { environmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { rejectionLines } from '../helpers/config-problems';

/** The base document's text plus `extra` lines at the end. */
function withLines(...extra: string[]): string {
  return `${stringify(environmentDocument())}${extra.join('\n')}\n`;
}

function problemsOf(text: string): string[] {
  return rejectionLines(() => parseEnvironment(text, 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY }));
}

const baseLines = () => stringify(environmentDocument()).split('\n').length - 1;

describe('prototype keys in environment files', () => {
  test.each([
    ['tags', ['tags:', '  __proto__: { polluted: "yes" }'], 'tags.__proto__', 3, 0],
    ['tags', ['tags:', '  constructor: x'], 'tags.constructor', 3, 0],
    ['services', ['services:', '  constructor:', '    image: public.ecr.aws/acme/web:1.0.0', '    ingress: none'], 'services.constructor', 3, 2],
    ['overrides', ['envoy:', '  overrides:', '    bootstrap:', '      toString: 1'], 'envoy.overrides.bootstrap.toString', 7, 0],
    ['overrides', ['envoy:', '  overrides:', '    hasOwnProperty: {}'], 'envoy.overrides.hasOwnProperty', 5, 0],
    ['a top-level key', ['valueOf: 1'], 'valueOf', 1, 0],
    ['a flow mapping in a list', ['guardrails:', '  suppressions: [{ __proto__: 1 }]'], 'guardrails.suppressions[0].__proto__', 20, 0],
  ] as [string, string[], string, number, number][])(
    'GIVEN a prototype key in %s WHEN loaded THEN refused at its line:col and key, nothing else reported',
    (_where, lines, keyPath, column, lineInExtra) => {
      const line = baseLines() + (lineInExtra || lines.length);
      const key = keyPath
        .split('.')
        .pop()!
        .replace(/^.*\]\./, '');
      expect(problemsOf(withLines(...lines))).toEqual([
        `environments/bad.yaml:${line}:${column}: ${keyPath}: "${key}" is a JavaScript prototype key and cannot be a key in an environment file; rename it`,
      ]);
    },
  );

  test('GIVEN prototype keys in several places THEN each is reported, in document order', () => {
    const problems = problemsOf(withLines('tags:', '  __proto__: a', '  toString: b'));
    expect(problems.map((p) => p.replace(/^environments\/bad\.yaml:\d+:\d+: /, '').split(':')[0])).toEqual(['tags.__proto__', 'tags.toString']);
  });

  test('GIVEN the key set THEN it covers every member of Object.prototype', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype']) {
      expect(PROTOTYPE_KEYS.has(name)).toBe(true);
    }
  });

  test('GIVEN a record WHEN ownValue looks up an inherited name THEN it finds nothing (old code found Object)', () => {
    const services: Record<string, number> = { web: 1 };
    expect(services['constructor' as string]).toBe(Object);
    expect(ownValue(services, 'constructor')).toBeUndefined();
    expect(ownValue(services, 'web')).toBe(1);
  });
});
