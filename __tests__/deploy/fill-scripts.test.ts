import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The secret fill scripts against a fake `aws` that logs its argv and keeps the
 * file:// value it was given, byte for byte: what Secrets Manager would store.
 */
const scripts = path.resolve(__dirname, '../../scripts');
let scratch: string;
let bin: string;

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fill-scripts-test-'));
  bin = path.join(scratch, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'aws'),
    `#!/usr/bin/env bash\necho "aws $*" >> "${scratch}/calls.log"\nfor a in "$@"; do case "$a" in file://*) cp "\${a#file://}" "${scratch}/stored" ;; esac; done\necho v1\n`,
    { mode: 0o755 },
  );
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

const run = (script: string, args: string[], input = '', region: string | null = 'eu-west-1') => {
  const env: NodeJS.ProcessEnv = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: scratch, TMPDIR: scratch };
  if (region) env.AWS_REGION = region;
  return spawnSync(path.join(scripts, script), args, { env, input, encoding: 'utf8' });
};
const calls = () => (fs.existsSync(path.join(scratch, 'calls.log')) ? fs.readFileSync(path.join(scratch, 'calls.log'), 'utf8').trim().split('\n') : []);
const stored = () => fs.readFileSync(path.join(scratch, 'stored'), 'utf8');

describe('scripts/put-oauth2-client-secret.sh', () => {
  test.each([
    ['a trailing newline', 's3cr3t-Value_from-IdP\n'],
    ['a pasted CRLF and surrounding spaces', '  s3cr3t-Value_from-IdP \r\n'],
    ['a tab before it', '\ts3cr3t-Value_from-IdP\n'],
  ])('GIVEN %s THEN the secret holds exactly the value, without whitespace, in the named region', (_, input) => {
    const result = run('put-oauth2-client-secret.sh', ['acme/dev/web/oauth2-client-secret'], input);
    expect(result.status).toBe(0);
    expect(stored()).toBe('s3cr3t-Value_from-IdP');
    expect(calls()).toEqual([
      expect.stringMatching(/^aws secretsmanager put-secret-value --region eu-west-1 --secret-id acme\/dev\/web\/oauth2-client-secret --secret-string file:\/\/\S+ --query VersionId --output text$/),
    ]);
    // The value is on no command line, and its temporary folder is gone.
    expect(calls().join('\n')).not.toContain('s3cr3t');
    expect(fs.readdirSync(scratch).sort()).toEqual(['bin', 'calls.log', 'stored']);
  });

  test('GIVEN only whitespace THEN it refuses and puts nothing', () => {
    const result = run('put-oauth2-client-secret.sh', ['acme/dev/web/oauth2-client-secret'], '   \n');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected the client secret, got nothing');
    expect(calls()).toEqual([]);
  });
});

describe('every fill script names the region', () => {
  test.each([
    ['put-oauth2-client-secret.sh', ['acme/dev/web/oauth2-client-secret'], 'value\n'],
    ['put-random-secret.sh', ['acme/dev/web/oauth2-hmac-key'], ''],
    ['put-envoy-tls-secret.sh', ['acme/dev/envoy-tls'], ''],
    ['put-docker-hub-credential.sh', ['ecr-pullthroughcache/acme-dev/docker-hub', 'acmebot'], 'dckr_pat_token\n'],
  ])('%s passes --region from AWS_REGION, and refuses without it before calling aws', (script, args, input) => {
    const result = run(script, args, input, 'eu-central-1');
    expect(result.status).toBe(0);
    expect(calls()).toEqual([expect.stringMatching(/^aws secretsmanager put-secret-value --region eu-central-1 --secret-id /)]);
    fs.rmSync(path.join(scratch, 'calls.log'));
    const refused = run(script, args, input, null);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('set AWS_REGION to the region of the secret');
    expect(calls()).toEqual([]);
  });
});
