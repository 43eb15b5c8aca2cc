import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { bundleFiles } from '../../lib/envoy/envoy-config-bundle';
import { renderProxies } from '../helpers/envoy-inputs';

/**
 * Each environment's rendered Envoy bundle is committed under golden/<env>/,
 * so a pull request shows the exact Envoy change. After an intended change:
 * `npm run envoy:golden` (UPDATE_GOLDEN=1) rewrites them; review the diff.
 */
const GOLDEN = path.join(__dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const environments = loadEnvironments(path.join(__dirname, '..', '..', 'environments'));

describe('golden Envoy bundles', () => {
  test.each(environments.map((config) => [config.name, config] as const))('GIVEN the %s environment THEN its rendered bundle is the committed one', (name, config) => {
    const rendered = bundleFiles(renderProxies(config));
    const folder = path.join(GOLDEN, name);
    if (update) {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder, { recursive: true });
      for (const [file, text] of Object.entries(rendered)) fs.writeFileSync(path.join(folder, file), text);
    }
    const committed = fs.existsSync(folder) ? Object.fromEntries(fs.readdirSync(folder).map((file) => [file, fs.readFileSync(path.join(folder, file), 'utf8')])) : {};
    expect(Object.keys(committed).sort()).toEqual(Object.keys(rendered).sort());
    for (const file of Object.keys(rendered)) expect({ file, text: committed[file] }).toEqual({ file, text: rendered[file] });
  });

  test('GIVEN the golden folders THEN there is one per environment and no stale one', () => {
    expect(fs.readdirSync(GOLDEN).sort()).toEqual(environments.map((config) => config.name).sort());
  });
});
