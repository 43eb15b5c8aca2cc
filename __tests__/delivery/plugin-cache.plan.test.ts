import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROVIDER_MIRROR_VARIABLE, run, terraformEnvironment } from '../../tools/offline-plan/offline-plan';
import { terraformForSuite } from '../helpers/plan-preflight';

/**
 * Real terraform: a configuration without a dependency lock file (every
 * synthesized stack) takes the provider from a filled plugin cache only with
 * TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE; without it, Terraform >= 1.4
 * installs it again (hashicorp/terraform#32129), so CI's cache was never read.
 */
const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
const required = JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } });
let scratch: string;
let version: string | undefined;

beforeAll(async () => {
  version = await terraformForSuite('the plugin cache test');
});

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cache-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

(mirror ? test : test.skip)(
  'GIVEN a filled cache and a second stack without a lock file THEN init uses the cache, and only with the flag',
  async () => {
    if (!version) return;
    const env = terraformEnvironment(scratch, path.join(scratch, 'cache'), mirror);
    fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR!, { recursive: true });
    const init = async (name: string, environment: NodeJS.ProcessEnv) => {
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'main.tf.json'), required);
      const { stdout } = await run('terraform', ['init', '-input=false', '-no-color', '-backend=false'], dir, environment);
      return stdout;
    };
    await init('first', env);
    expect(await init('second', env)).toContain('Using hashicorp/aws v5.100.0 from the shared cache directory');
    const { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: _flag, ...without } = env;
    expect(await init('third', without)).toContain('Installing hashicorp/aws v5.100.0');
  },
  120_000,
);
