import * as fs from 'fs';
import * as path from 'path';

/**
 * Fake `npm`, `terraform`, `aws` and `docker` for driving `npm run deploy` without AWS:
 * each appends its argv as one line to `calls.log`. `npm run synth` copies a
 * prepared cdktf output into the working directory; `aws` keeps secret
 * versions as files under `secrets/` (put-secret-value writes the value it
 * was given by file://, list-secret-version-ids reports AWSCURRENT when the
 * file exists) and answers get-caller-identity with $FAKE_ACCOUNT.
 * `terraform` exits 1 when its arguments contain $FAKE_TERRAFORM_FAIL, printing $FAKE_TERRAFORM_ERROR (default
 * "terraform failed") on stderr; `terraform version -json` says 1.11.4.
 * The ECR pull through cache is files under `ecr/`: `docker pull <registry>/<repo>:<tag>`
 * (after a `docker login` whose stdin was the `aws ecr get-login-password` output)
 * caches the tag at $FAKE_UPSTREAM_DIGEST; `aws ecr describe-images` answers
 * by tag or digest from them, or fails with ImageNotFoundException.
 * After an apply: `terraform output -json <name>` prints `tf-outputs/<name>.json`;
 * `terraform plan` exits $FAKE_PLAN_EXIT (default 0); `aws ecs wait` gives up (exit 255) when $FAKE_ECS_WAIT_FAIL is set; `aws ecs describe-services`
 * answers each service from `ecs/<service>.json` (a missing file is a MISSING
 * failure); `aws eks describe-addon-versions` lists `eks/<addon>.json` (none when missing). Each ECS service of the synthesized platform stack starts out
 * rolled out: output ecs_task_definitions names revision 2 of its task
 * definition and its PRIMARY deployment is COMPLETED on it.
 * The project holds a copy of this repository's environments/, where the
 * deploy pins the Envoy image's digest.
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
  /** What `docker login` read on its standard input, if it ran. */
  dockerLoginInput(): string | undefined;
  /** Puts an image into the fake cache, as an earlier pull by tag would have. */
  cacheImage(repository: string, tag: string, digest: string): void;
  /** Replaces the builds `aws eks describe-addon-versions` lists for an add-on (by default an older build and the pinned one). */
  eksAddonBuilds(addon: string, builds: readonly string[]): void;
  /** Replaces what `aws ecs describe-services` says of a service's deployments (and the alarms they watch). */
  /** `enable`: whether the service's alarms block is switched on (a worker's names an alarm with it off). @default true */
  ecsDeployments(service: string, deployments: readonly FakeDeployment[], deploymentAlarms?: readonly string[], enable?: boolean): void;
  /** Sets what `aws cloudwatch describe-alarms --state-value ALARM` finds of an alarm. */
  alarmState(name: string, state: 'ALARM' | 'OK'): void;
}

/** A deployment of DescribeServices, as far as the deploy reads it. */
export interface FakeDeployment {
  readonly status: 'PRIMARY' | 'ACTIVE';
  readonly taskDefinition: string;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
}

/** The task definition ARN the fake names for a service's revision. */
export function fakeTaskDefinitionArn(service: string, revision: number, account = '111111111111'): string {
  return `arn:aws:ecs:eu-west-1:${account}:task-definition/acme-dev-${service}:${revision}`;
}

/** What the fake `aws ecr get-login-password` prints. */
export const FAKE_ECR_PASSWORD = 'fake-ecr-password-from-get-login-password';
/** The digest Docker Hub gives every tag in the fake, unless $FAKE_UPSTREAM_DIGEST says otherwise. */
export const FAKE_UPSTREAM_DIGEST = `sha256:${'ab'.repeat(32)}`;

export function fakeTools(scratch: string, synthOutput: string, repositoryScripts: string, account = '111111111111'): FakeTools {
  const root = path.join(scratch, 'project');
  const bin = path.join(scratch, 'bin');
  const secrets = path.join(scratch, 'secrets');
  const log = path.join(scratch, 'calls.log');
  const ecr = path.join(scratch, 'ecr');
  const tfOutputs = path.join(scratch, 'tf-outputs');
  const ecs = path.join(scratch, 'ecs');
  const eks = path.join(scratch, 'eks');
  for (const dir of [root, bin, secrets, ecr, tfOutputs, ecs, eks]) fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(repositoryScripts, path.join(root, 'scripts'));
  fs.cpSync(path.resolve(__dirname, '../../environments'), path.join(root, 'environments'), { recursive: true });
  fs.writeFileSync(log, '');
  const script = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\nset -euo pipefail\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
  script('npm', `[[ "$*" == "run synth" ]] || exit 3\nrm -rf cdktf.out && cp -r "$FAKE_SYNTH_OUTPUT" cdktf.out`);
  script(
    'terraform',
    `if [[ -n "\${FAKE_TERRAFORM_FAIL:-}" && "$*" == *"$FAKE_TERRAFORM_FAIL"* ]]; then echo "\${FAKE_TERRAFORM_ERROR:-terraform failed}" >&2; exit 1; fi
# terraform version -json, as apply:plan reads it (the approved-plan path).
if [[ "\${1:-}" == version ]]; then echo '{"terraform_version":"1.11.4"}'; exit 0; fi
case "\${2:-}" in
  output) f="$FAKE_TF_OUTPUTS/\${4:-}.json"; if [[ -f "$f" ]]; then cat "$f"; else echo "Output \"\${4:-}\" not found" >&2; exit 1; fi ;;
  plan) exit "\${FAKE_PLAN_EXIT:-0}" ;;
esac`,
  );
  script(
    'aws',
    `secret_id=""; secret_string=""; repository=""; image_id=""
args=("$@")
for ((i = 0; i < \${#args[@]}; i++)); do
  case "\${args[i]}" in
    --secret-id) secret_id="\${args[i+1]}" ;;
    --secret-string) secret_string="\${args[i+1]}" ;;
    --repository-name) repository="\${args[i+1]}" ;;
    --image-ids) image_id="\${args[i+1]}" ;;
  esac
done
file="$FAKE_SECRETS/\${secret_id//\\//_}"
case "$1 $2" in
  "sts get-caller-identity") echo "$FAKE_ACCOUNT" ;;
  "secretsmanager list-secret-version-ids")
    if [[ -f "$file" ]]; then echo '{"Versions":[{"VersionId":"v1","VersionStages":["AWSCURRENT"]}]}'; else echo '{"Versions":[]}'; fi ;;
  "secretsmanager put-secret-value") cp "\${secret_string#file://}" "$file"; echo v1 ;;
  "ecs wait") if [[ -n "\${FAKE_ECS_WAIT_FAIL:-}" ]]; then echo "Waiter ServicesStable failed: Max attempts exceeded" >&2; exit 255; fi ;;
  "ecs describe-services")
    found=(); missing=(); in_services=""
    for arg in "$@"; do
      if [[ "$arg" == --services ]]; then in_services=1; continue; fi
      if [[ "$arg" == --* ]]; then in_services=""; continue; fi
      if [[ -n "$in_services" ]]; then
        if [[ -f "$FAKE_ECS/$arg.json" ]]; then found+=("$(cat "$FAKE_ECS/$arg.json")"); else missing+=("$(printf '{"arn":"arn:aws:ecs:eu-west-1:%s:service/%s","reason":"MISSING"}' "$FAKE_ACCOUNT" "$arg")"); fi
      fi
    done
    (IFS=,; printf '{"services":[%s],"failures":[%s]}\\n' "\${found[*]:-}" "\${missing[*]:-}") ;;
  "cloudwatch describe-alarms")
    firing=(); in_names=""
    for arg in "$@"; do
      if [[ "$arg" == --alarm-names ]]; then in_names=1; continue; fi
      if [[ "$arg" == --* ]]; then in_names=""; continue; fi
      if [[ -n "$in_names" && "$(cat "$FAKE_ECS/alarm-$arg" 2>/dev/null)" == ALARM ]]; then firing+=("\\"$arg\\""); fi
    done
    (IFS=,; printf '[%s]\\n' "\${firing[*]:-}") ;;
  "ecr get-login-password") echo "$FAKE_ECR_PASSWORD" ;;
  "eks describe-addon-versions")
    addon=""; for ((i = 0; i < \${#args[@]}; i++)); do [[ "\${args[i]}" == --addon-name ]] && addon="\${args[i+1]}"; done
    if [[ -f "$FAKE_EKS/$addon.json" ]]; then cat "$FAKE_EKS/$addon.json"; else echo '[]'; fi ;;
  "ecr describe-images")
    found=""
    case "$image_id" in
      imageTag=*) f="$FAKE_ECR/\${repository//\//_}:\${image_id#imageTag=}"; [[ -f "$f" ]] && found="$(cat "$f")" ;;
      imageDigest=*) for f in "$FAKE_ECR/\${repository//\//_}":*; do [[ -f "$f" && "$(cat "$f")" == "\${image_id#imageDigest=}" ]] && found="\${image_id#imageDigest=}"; done ;;
    esac
    if [[ -n "$found" ]]; then echo "$found"; else echo "An error occurred (ImageNotFoundException)" >&2; exit 254; fi ;;
  *) echo "fake aws: unexpected $*" >&2; exit 3 ;;
esac`,
  );
  script(
    'docker',
    `case "$1" in
  login) cat > "$FAKE_ECR/.login-input" ;;
  pull) ref="\${2#*/}"; repo="\${ref%:*}"; echo "\${FAKE_UPSTREAM_DIGEST}" > "$FAKE_ECR/\${repo//\//_}:\${ref##*:}" ;;
  logout) ;;
  *) echo "fake docker: unexpected $*" >&2; exit 3 ;;
esac`,
  );
  const ecsDeployments = (service: string, deployments: readonly FakeDeployment[], deploymentAlarms?: readonly string[], enable = true) =>
    fs.writeFileSync(
      path.join(ecs, `${service}.json`),
      JSON.stringify({ serviceName: service, deployments, ...(deploymentAlarms ? { deploymentConfiguration: { alarms: { alarmNames: deploymentAlarms, enable, rollback: enable } } } : {}) }),
    );
  const alarmState = (name: string, state: 'ALARM' | 'OK') => fs.writeFileSync(path.join(ecs, `alarm-${name}`), state);
  const services = platformServices(synthOutput);
  fs.writeFileSync(path.join(tfOutputs, 'ecs_task_definitions.json'), JSON.stringify(Object.fromEntries(services.map((name) => [name, fakeTaskDefinitionArn(name, 2, account)]))));
  for (const name of services)
    ecsDeployments(name, [{ status: 'PRIMARY', taskDefinition: fakeTaskDefinitionArn(name, 2, account), rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/1 completed.' }]);
  const eksAddonBuilds = (addon: string, builds: readonly string[]) => fs.writeFileSync(path.join(eks, `${addon}.json`), JSON.stringify(builds));
  for (const addon of platformAddons(synthOutput)) eksAddonBuilds(addon.name, [`${addon.version.replace(/\d+$/, '1')}`, addon.version]);
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    FAKE_EKS: eks,
    FAKE_LOG: log,
    FAKE_TF_OUTPUTS: tfOutputs,
    FAKE_ECS: ecs,
    FAKE_SECRETS: secrets,
    FAKE_SYNTH_OUTPUT: synthOutput,
    FAKE_ACCOUNT: account,
    FAKE_ECR: ecr,
    FAKE_ECR_PASSWORD,
    FAKE_UPSTREAM_DIGEST,
  };
  const secretFile = (name: string) => path.join(secrets, name.replace(/\//g, '_'));
  return {
    root,
    bin,
    env,
    calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
    secretValue: (name) => (fs.existsSync(secretFile(name)) ? fs.readFileSync(secretFile(name), 'utf8') : undefined),
    putSecret: (name, value) => fs.writeFileSync(secretFile(name), value),
    dockerLoginInput: () => (fs.existsSync(path.join(ecr, '.login-input')) ? fs.readFileSync(path.join(ecr, '.login-input'), 'utf8') : undefined),
    cacheImage: (repository, tag, digest) => fs.writeFileSync(path.join(ecr, `${repository.replace(/\//g, '_')}:${tag}`), `${digest}\n`),
    ecsDeployments,
    eksAddonBuilds,
    alarmState,
  };
}

/** The add-ons (name, pinned build) of the synthesized platform stacks. */
function platformAddons(synthOutput: string): { name: string; version: string }[] {
  const stacks = path.join(synthOutput, 'stacks');
  return fs
    .readdirSync(stacks)
    .filter((stack) => stack.endsWith('-platform'))
    .flatMap((stack) => Object.values(JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')).resource?.aws_eks_addon ?? {}))
    .map((addon) => ({ name: (addon as { addon_name: string }).addon_name, version: (addon as { addon_version: string }).addon_version }));
}

/** The ECS service names of the synthesized platform stacks. */
function platformServices(synthOutput: string): string[] {
  const stacks = path.join(synthOutput, 'stacks');
  return fs
    .readdirSync(stacks)
    .filter((stack) => stack.endsWith('-platform'))
    .flatMap((stack) => Object.values(JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')).resource?.aws_ecs_service ?? {}))
    .map((service) => (service as { name: string }).name);
}
