import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runScript } from '../helpers/run-script';

/**
 * Every script under scripts/ refuses an unknown flag: one line on stderr and
 * a non-zero exit, before it does any work (no synth, no Terraform, no AWS
 * call), so a typo never runs the command with a default. New scripts are
 * picked up by listing the folder.
 */
const root = path.resolve(__dirname, '../..');
const scripts = fs
  .readdirSync(path.join(root, 'scripts'))
  .filter((file) => /\.(ts|sh)$/.test(file))
  .sort();

describe('unknown flags', () => {
  test('the scripts folder has entry points', () => {
    expect(scripts).toEqual(expect.arrayContaining(['diff.ts', 'policy.ts', 'put-random-secret.sh']));
  });

  test.each(scripts)('GIVEN scripts/%s --no-such-flag THEN one line on stderr and a non-zero exit, before any work', (script) => {
    // Every script that synthesizes, plans or generates starts with a scratch folder in the temporary directory, or
    // synthesizes into cdktf.out (CDKTF_OUTDIR): a private folder for both that stays empty shows the flags were refused first.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'script-flags-'));
    try {
      const env = { ...process.env, TMPDIR: tmp, CDKTF_OUTDIR: path.join(tmp, 'cdktf.out'), ENVIRONMENTS: '' };
      const result = script.endsWith('.sh')
        ? spawnSync('bash', [path.join('scripts', script), '--no-such-flag'], { cwd: root, encoding: 'utf8', env })
        : runScript(path.join('scripts', script), ['--no-such-flag'], { env });
      expect(result.status).not.toBe(0);
      expect(result.status).not.toBeNull();
      expect(result.stderr).toMatch(/^[^\n]*--no-such-flag[^\n]*\n$/);
      expect(result.stdout).toBe('');
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
