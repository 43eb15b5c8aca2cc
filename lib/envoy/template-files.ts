import * as fs from 'fs';
import * as path from 'path';
import { envoyApiDescriptor } from './api/api-descriptor';
import type { EnvoyRenderInputs } from './render-service-proxy';
import { ENVOY_TEMPLATES, parsePartial, parseTemplate, TEMPLATE_DIRECTORY, templateError, type EnvoyTemplateSet } from './templates';

/**
 * The one module that reads envoy/templates: the synth pipeline calls it once
 * (lib/synth/synthesize.ts) and renders every environment from the result.
 * `root` is the repository (or a copy of it, in tests).
 */
export function readEnvoyTemplates(root: string = path.resolve(__dirname, '..', '..')): EnvoyTemplateSet {
  const partialsFolder = path.join(root, TEMPLATE_DIRECTORY, 'partials');
  const partials = Object.fromEntries(
    (fs.existsSync(partialsFolder) ? fs.readdirSync(partialsFolder) : [])
      .filter((entry) => entry.endsWith('.yaml'))
      .sort()
      .map((entry) => {
        const file = `${TEMPLATE_DIRECTORY}/partials/${entry}`;
        return [entry.replace(/\.yaml$/, ''), parsePartial(readFile(root, file), file)];
      }),
  );
  return Object.fromEntries(
    ENVOY_TEMPLATES.map((name) => {
      const file = `${TEMPLATE_DIRECTORY}/${name}.yaml`;
      return [name, parseTemplate(name, readFile(root, file), file, partials)];
    }),
  ) as EnvoyTemplateSet;
}

function readFile(root: string, file: string): string {
  const absolute = path.join(root, file);
  if (!fs.existsSync(absolute)) throw templateError(file, [], 'template file not found');
  return fs.readFileSync(absolute, 'utf8');
}

/** Everything rendering reads from disk: the templates and Envoy's API descriptor (cached under node_modules/.cache, see api-descriptor.ts). */
export function readEnvoyInputs(): EnvoyRenderInputs {
  return { templates: readEnvoyTemplates(), api: envoyApiDescriptor() };
}
