import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeCheckout } from '../../tools/pull-request/synthesize-checkout';
import { UserError } from '../../lib/util/user-error';

/**
 * A base revision is synthesized by the `app` command of its own cdktf.json:
 * these checkouts stand in for it with shell commands, so the tests see what
 * the command is given and what a broken checkout reports.
 */
describe('synthesizeCheckout', () => {
  let checkout: string;
  let nodeModules: string;

  beforeEach(() => {
    checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-'));
    nodeModules = path.join(checkout, 'node_modules');
    fs.mkdirSync(path.join(nodeModules, '.bin'), { recursive: true });
  });
  afterEach(() => fs.rmSync(checkout, { recursive: true, force: true }));

  const writeApp = (app: unknown) => fs.writeFileSync(path.join(checkout, 'cdktf.json'), JSON.stringify({ language: 'typescript', app }));
  const synthesisError = (): Error => {
    try {
      synthesizeCheckout(checkout, path.join(checkout, 'out'), { nodeModules });
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return error as Error;
    }
    throw new Error('synthesizeCheckout did not fail');
  };

  it('runs the app command in the checkout with CDKTF_OUTDIR, the environments and node_modules/.bin on PATH', () => {
    const outdir = path.join(checkout, 'out');
    fs.writeFileSync(path.join(nodeModules, '.bin', 'fake-runner'), '#!/bin/sh\nmkdir -p "$CDKTF_OUTDIR" && printf "%s|%s|%s" "$PWD" "$ENVIRONMENTS" "$1" > "$CDKTF_OUTDIR/ran"\n', { mode: 0o755 });
    writeApp('fake-runner main.ts');

    synthesizeCheckout(checkout, outdir, { nodeModules, environments: 'dev,stg' });

    const [cwd, environments, entry] = fs.readFileSync(path.join(outdir, 'ran'), 'utf8').split('|');
    expect(fs.realpathSync(cwd)).toBe(fs.realpathSync(checkout));
    expect(environments).toBe('dev,stg');
    expect(entry).toBe('main.ts');
  });

  it('leaves ENVIRONMENTS unset when every environment is wanted, whatever the caller had set', () => {
    const outdir = path.join(checkout, 'out');
    writeApp('mkdir -p "$CDKTF_OUTDIR" && printf "%s" "${ENVIRONMENTS-unset}" > "$CDKTF_OUTDIR/ran"');
    const before = process.env.ENVIRONMENTS;
    process.env.ENVIRONMENTS = 'prod';
    try {
      synthesizeCheckout(checkout, outdir, { nodeModules });
    } finally {
      if (before === undefined) delete process.env.ENVIRONMENTS;
      else process.env.ENVIRONMENTS = before;
    }
    expect(fs.readFileSync(path.join(outdir, 'ran'), 'utf8')).toBe('unset');
  });

  it('names the cdktf.json it cannot read', () => {
    expect(synthesisError().message).toContain(`${path.join(checkout, 'cdktf.json')}: cannot read the cdktf app command`);
  });

  it.each([[undefined], [''], [42]])('rejects a cdktf.json whose app is %p', (app) => {
    writeApp(app);
    expect(synthesisError().message).toBe(`${path.join(checkout, 'cdktf.json')}: "app" must be the command that synthesizes the stacks`);
  });

  it('reports the exit code and the output of an app that fails', () => {
    writeApp('echo "environments/dev.yaml:3: bad region" >&2; exit 3');
    const { message } = synthesisError();
    expect(message).toContain('failed (exit 3)');
    expect(message).toContain('environments/dev.yaml:3: bad region');
  });
});
