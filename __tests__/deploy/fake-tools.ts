import * as fs from 'fs';
import * as path from 'path';

/**
 * Fake `npm`, `terraform` and `aws` for driving `npm run deploy` without AWS:
 * each appends its argv as one line to `calls.log`. `npm run synth` copies a
 * prepared cdktf output into the working directory; `aws` keeps secret
 * versions as files under `secrets/` (put-secret-value writes the value it
 * was given by file://, list-secret-version-ids reports AWSCURRENT when the
 * file exists) and answers get-caller-identity with $FAKE_ACCOUNT.
 * `terraform` exits 1 when its arguments contain $FAKE_TERRAFORM_FAIL.
 */
export interface FakeTools {
  readonly root: string;
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  /** The calls so far, one line each, paths relative to nothing (argv as given). */
  calls(): string[];
  /** The value put into a secret, if any. */
  secretValue(name: string): string | undefined;
  /** Gives a secret a value, as a person would before the deploy. */
  putSecret(name: string, value: string): void;
}

export function fakeTools(scratch: string, synthOutput: string, repositoryScripts: string, account = '111111111111'): FakeTools {
  const root = path.join(scratch, 'project');
  const bin = path.join(scratch, 'bin');
  const secrets = path.join(scratch, 'secrets');
  const log = path.join(scratch, 'calls.log');
  for (const dir of [root, bin, secrets]) fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(repositoryScripts, path.join(root, 'scripts'));
  fs.writeFileSync(log, '');
  const script = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\nset -euo pipefail\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
  script('npm', `[[ "$*" == "run synth" ]] || exit 3\nrm -rf cdktf.out && cp -r "$FAKE_SYNTH_OUTPUT" cdktf.out`);
  script('terraform', `if [[ -n "\${FAKE_TERRAFORM_FAIL:-}" && "$*" == *"$FAKE_TERRAFORM_FAIL"* ]]; then echo "terraform failed" >&2; exit 1; fi`);
  script(
    'aws',
    `secret_id=""; secret_string=""
args=("$@")
for ((i = 0; i < \${#args[@]}; i++)); do
  case "\${args[i]}" in
    --secret-id) secret_id="\${args[i+1]}" ;;
    --secret-string) secret_string="\${args[i+1]}" ;;
  esac
done
file="$FAKE_SECRETS/\${secret_id//\\//_}"
case "$1 $2" in
  "sts get-caller-identity") echo "$FAKE_ACCOUNT" ;;
  "secretsmanager list-secret-version-ids")
    if [[ -f "$file" ]]; then echo '{"Versions":[{"VersionId":"v1","VersionStages":["AWSCURRENT"]}]}'; else echo '{"Versions":[]}'; fi ;;
  "secretsmanager put-secret-value") cp "\${secret_string#file://}" "$file"; echo v1 ;;
  "ecs wait") ;;
  *) echo "fake aws: unexpected $*" >&2; exit 3 ;;
esac`,
  );
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_LOG: log, FAKE_SECRETS: secrets, FAKE_SYNTH_OUTPUT: synthOutput, FAKE_ACCOUNT: account };
  const secretFile = (name: string) => path.join(secrets, name.replace(/\//g, '_'));
  return {
    root,
    bin,
    env,
    calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
    secretValue: (name) => (fs.existsSync(secretFile(name)) ? fs.readFileSync(secretFile(name), 'utf8') : undefined),
    putSecret: (name, value) => fs.writeFileSync(secretFile(name), value),
  };
}
