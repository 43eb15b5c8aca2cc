import { parseDocument, type ScalarTag } from 'yaml';
import { formatConfigPath } from './api/config-path';
import { ENVOY_TEMPLATES, type EnvoyTemplateName, type TemplateValue } from './template-names';
import { UserError } from '../util/user-error';
import { envoyConfigError } from './envoy-config-error';

/**
 * The Envoy templates in envoy/templates: YAML documents with four tags,
 * rendered against a context of typed values at synth time.
 *
 * - `!var a.b` inserts the context value at `a.b` (any JSON type);
 * - `!sub "x_${a.b}"` builds a string from context values;
 * - `!include name` renders envoy/templates/partials/<name>.yaml in place;
 * - `!splice a.b`, as a list item, inserts the items of the list at `a.b`.
 *
 * Each template also declares `values`: defaults an environment may override
 * in `envoy.overrides.<template>.<key>` (checked by template-overrides.ts).
 * This module is pure: template-files.ts reads the files, once per synth.
 */

export { ENVOY_TEMPLATES, type EnvoyTemplateName, type TemplateValue };

/** Where the templates live, repository-relative: the prefix of every file name in messages. */
export const TEMPLATE_DIRECTORY = 'envoy/templates';

/** A parsed partial (envoy/templates/partials/<name>.yaml), unrendered. */
export interface EnvoyPartial {
  /** Repository-relative path, for messages. */
  readonly file: string;
  readonly document: unknown;
}

export interface EnvoyTemplate {
  readonly name: EnvoyTemplateName;
  /** Repository-relative path, for messages: `envoy/templates/ingress-tls.yaml`. */
  readonly file: string;
  readonly description: string;
  readonly values: Readonly<Record<string, TemplateValue>>;
  /** The other top-level keys (`listeners`, `clusters`, `bootstrap`…), unrendered. */
  readonly sections: Readonly<Record<string, unknown>>;
  /** The partials `!include` may name, by name. */
  readonly partials: Readonly<Record<string, EnvoyPartial>>;
}

/** Every template, parsed: what the render step needs from envoy/templates. */
export type EnvoyTemplateSet = Readonly<Record<EnvoyTemplateName, EnvoyTemplate>>;

class Var {
  constructor(readonly path: string) {}
}
class Sub {
  constructor(readonly text: string) {}
}
class Include {
  constructor(readonly partial: string) {}
}
class Splice {
  constructor(readonly path: string) {}
}

const tag = <T>(name: string, Kind: new (argument: string) => T): ScalarTag => ({
  tag: name,
  resolve: (argument, onError) => {
    if (!argument) onError(`${name} needs an argument`);
    return new Kind(argument);
  },
  identify: (value) => value instanceof Kind,
});
const TAGS = [tag('!var', Var), tag('!sub', Sub), tag('!include', Include), tag('!splice', Splice)];

/** Marks rendered objects with the template file they came from, for error messages. */
const SOURCE = Symbol('envoy template source');
/** Marks rendered mappings and lists with the traced variables their fields were inserted from: key or index → variable. */
const TRACED = Symbol('envoy template traced fields');

/**
 * The context variables (dotted, e.g. `values.ingress-tls.maxRequestHeadersKb`) whose insertions are remembered, so
 * that a problem at a rendered field can be traced to the variable that wrote it (traceAt). @default - none
 */
export type TracedVariables = (variable: string) => boolean;

/** Parses template text; `file` names it in messages; `partials` are what its `!include`s may name. */
export function parseTemplate(name: EnvoyTemplateName, text: string, file: string, partials: Readonly<Record<string, EnvoyPartial>> = {}): EnvoyTemplate {
  const document = parseTemplateText(text, file);
  if (!isMapping(document) || typeof document.description !== 'string') {
    throw templateError(file, [], 'expected a mapping with a "description"');
  }
  const { description, values = {}, ...sections } = document;
  if (!isMapping(values)) throw templateError(file, ['values'], 'expected a mapping of template values');
  for (const [key, value] of Object.entries(values)) {
    if (!isTemplateValue(value)) throw templateError(file, ['values', key], 'expected a string, number, boolean or list of strings');
  }
  return { name, file, description, values: values as Record<string, TemplateValue>, sections, partials };
}

/** Parses a partial's text; `file` names it in messages. */
export function parsePartial(text: string, file: string): EnvoyPartial {
  return { file, document: parseTemplateText(text, file) };
}

/**
 * Renders one section of a template (e.g. its `listeners`) against `context`.
 * Every object of the result remembers the template (or partial) it came from.
 */
export function renderSection(template: EnvoyTemplate, section: string, context: Readonly<Record<string, unknown>>, traced?: TracedVariables): unknown {
  if (!(section in template.sections)) throw templateError(template.file, [section], 'section is missing');
  const rendered = render(template.sections[section], context, template.file, [section], { partials: template.partials, traced });
  return Array.isArray(rendered) ? rendered.map((item) => withSource(item, template.file)) : withSource(rendered, template.file);
}

/** The template file that produced the value at `configPath` of a rendered config, if known. */
export function sourceAt(root: unknown, configPath: readonly (string | number)[]): string | undefined {
  let node: unknown = root;
  let source = sourceOf(node);
  for (const key of configPath) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[key];
    source = sourceOf(node) ?? source;
  }
  return source;
}

/**
 * The traced variable (see renderSection's `traced`) that wrote the field at `configPath` of a rendered config, or a
 * field above it (a list whose item is at the path); undefined when no traced variable did. Direct: the renderer
 * marked the field as it inserted the variable, so nothing is rendered again.
 */
export function traceAt(root: unknown, configPath: readonly (string | number)[]): string | undefined {
  let node: unknown = root;
  for (const key of configPath) {
    if (node === null || typeof node !== 'object') return undefined;
    const variable = (node as { [TRACED]?: Map<string | number, string> })[TRACED]?.get(key);
    if (variable !== undefined) return variable;
    node = (node as Record<string | number, unknown>)[key];
  }
  return undefined;
}

interface RenderOptions {
  /** The partials `!include` may name, by name. */
  readonly partials: Readonly<Record<string, EnvoyPartial>>;
  readonly traced?: TracedVariables;
}

/** The traced variable a template node inserts (`!var`, a `!sub` naming one), if any. */
function tracedVariable(node: unknown, traced: TracedVariables | undefined): string | undefined {
  if (!traced) return undefined;
  if (node instanceof Var) return traced(node.path) ? node.path : undefined;
  if (node instanceof Sub) return [...node.text.matchAll(/\$\{([^}]+)\}/g)].map(([, name]) => name.trim()).find(traced);
  return undefined;
}

function markTraced(target: object, key: string | number, variable: string): void {
  let marks = (target as { [TRACED]?: Map<string | number, string> })[TRACED];
  if (!marks) {
    marks = new Map();
    Object.defineProperty(target, TRACED, { value: marks, enumerable: false });
  }
  marks.set(key, variable);
}

function render(node: unknown, context: Readonly<Record<string, unknown>>, file: string, at: (string | number)[], options: RenderOptions): unknown {
  const { partials } = options;
  if (node instanceof Var) return lookup(context, node.path, file, at);
  if (node instanceof Sub) {
    return node.text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const value = lookup(context, name.trim(), file, at);
      if (typeof value !== 'string' && typeof value !== 'number') throw templateError(file, at, `\${${name}} is not a string or number`);
      return String(value);
    });
  }
  if (node instanceof Include) {
    const partial = partials[node.partial];
    if (!partial) throw templateError(`${TEMPLATE_DIRECTORY}/partials/${node.partial}.yaml`, [], 'template file not found');
    return withSource(render(partial.document, context, partial.file, [], options), `${partial.file} (included by ${file})`);
  }
  if (node instanceof Splice) throw templateError(file, at, '!splice is only allowed as a list item');
  if (Array.isArray(node)) {
    const result: unknown[] = [];
    const spliced: [number, string][] = [];
    node.forEach((item, index) => {
      if (!(item instanceof Splice)) {
        const variable = tracedVariable(item, options.traced);
        if (variable !== undefined) spliced.push([result.length, variable]);
        result.push(render(item, context, file, [...at, index], options));
        return;
      }
      const items = lookup(context, item.path, file, [...at, index]);
      if (!Array.isArray(items)) throw templateError(file, [...at, index], `!splice ${item.path} is not a list`);
      if (options.traced?.(item.path)) items.forEach((_, offset) => spliced.push([result.length + offset, item.path]));
      result.push(...items);
    });
    for (const [index, variable] of spliced) markTraced(result, index, variable);
    return result;
  }
  if (isMapping(node)) {
    // fromEntries defines own properties: a key such as `__proto__` stays a key.
    const result = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, render(value, context, file, [...at, key], options)]));
    for (const [key, value] of Object.entries(node)) {
      const variable = tracedVariable(value, options.traced);
      if (variable !== undefined) markTraced(result, key, variable);
    }
    return result;
  }
  return node;
}

function lookup(context: Readonly<Record<string, unknown>>, dotted: string, file: string, at: (string | number)[]): unknown {
  let value: unknown = context;
  for (const part of dotted.split('.')) {
    if (!isMapping(value) || !(part in value)) throw templateError(file, at, `unknown template variable "${dotted}"`);
    value = value[part];
  }
  if (value === undefined) throw templateError(file, at, `template variable "${dotted}" has no value here`);
  return value;
}

function parseTemplateText(text: string, file: string): unknown {
  const document = parseDocument(text, { customTags: TAGS, uniqueKeys: true, strict: true });
  const problem = [...document.errors, ...document.warnings][0];
  if (problem) throw templateError(file, [], `YAML: ${problem.message.split('\n')[0]}`);
  return document.toJS();
}

function withSource<T>(value: T, source: string): T {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !sourceOf(value)) {
    Object.defineProperty(value, SOURCE, { value: source, enumerable: false });
  }
  return value;
}

function sourceOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? (value as { [SOURCE]?: string })[SOURCE] : undefined;
}

function isTemplateValue(value: unknown): value is TemplateValue {
  return ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Var || value instanceof Sub || value instanceof Include || value instanceof Splice);
}

/** A template that cannot be rendered is a bug in envoy/templates, reported like an invalid config. */
export function templateError(file: string, at: (string | number)[], message: string): UserError {
  return envoyConfigError([{ source: file, path: at.length > 0 ? formatConfigPath(at) : '', message }]);
}
