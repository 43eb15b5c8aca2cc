import type { ConfigPath } from './api/config-path';
import type { EnvoyTemplateSet, TemplateValue } from './templates';

/** One override that its template does not accept, at its path under `envoy.overrides`. */
export interface OverrideProblem {
  /** From the environment's `envoy` section: `['overrides', '<template>', '<key>']`. */
  readonly path: ConfigPath;
  readonly message: string;
}

/**
 * An override must name a value its template declares, with the same kind of
 * value. The config schema checks the template names and value shapes; this
 * needs the templates, so the synth pipeline runs it where it has read them.
 */
export function overrideProblems(overrides: Readonly<Record<string, Readonly<Record<string, TemplateValue>>>>, templates: EnvoyTemplateSet): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  for (const [template, values] of Object.entries(overrides)) {
    const declared = templates[template as keyof EnvoyTemplateSet]?.values;
    if (!declared) continue; // an unknown template name is the schema's to report
    for (const [key, value] of Object.entries(values)) {
      const path = ['overrides', template, key];
      if (!(key in declared)) {
        problems.push({ path, message: `envoy/templates/${template}.yaml has no value "${key}"; expected one of: ${Object.keys(declared).join(', ')}` });
      } else if (kindOf(value) !== kindOf(declared[key])) {
        problems.push({ path, message: `expected a ${kindOf(declared[key])} like the template's default ${JSON.stringify(declared[key])}, got ${JSON.stringify(value)}` });
      }
    }
  }
  return problems;
}

function kindOf(value: TemplateValue): string {
  return Array.isArray(value) ? 'list of strings' : typeof value;
}
