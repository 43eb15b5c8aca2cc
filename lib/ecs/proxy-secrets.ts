import { Construct } from 'constructs';
import { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';
import { SECRET_VARIABLES } from '../envoy/secret-variables';

/**
 * What a proxy secret holds, which says who can fill it: the TLS pair behind
 * the load balancers may be any self-signed pair and the HMAC key any random
 * string (tooling generates both), the OAuth2 client secret comes from the
 * identity provider (a person or CI supplies it). Written on each secret as
 * the `envoy-secret-kind` tag, which `npm run deploy` reads from the synthesized JSON.
 */
export type ProxySecretKind = 'tls-pair' | 'oauth2-client-secret' | 'oauth2-hmac-key';

/**
 * Every kind of secret the stack creates empty and the first deploy fills:
 * the proxy secrets, and the Docker Hub credential the Envoy image is pulled
 * through (lib/ecs/image-pull-cache.ts).
 */
export type SecretKind = ProxySecretKind | 'docker-hub-credential';

/**
 * The construct id of the secret named `name`: the id follows the name, since a renamed secret is a new secret anyway
 * (name forces replacement). Two names that differ only in characters outside `[A-Za-z0-9-]` get one id, which the
 * config refuses (lib/config/environment-clashes.ts).
 */
export function proxySecretId(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
}

/** Tag naming the kind of a secret created without a value (one mechanism for every such secret: the deploy classifies by it). */
export const PROXY_SECRET_KIND_TAG = 'envoy-secret-kind';

const KIND_OF_VARIABLE: Readonly<Record<string, ProxySecretKind>> = {
  [SECRET_VARIABLES.tlsCertificate]: 'tls-pair',
  [SECRET_VARIABLES.tlsPrivateKey]: 'tls-pair',
  [SECRET_VARIABLES.oauth2ClientSecret]: 'oauth2-client-secret',
  [SECRET_VARIABLES.oauth2HmacSecret]: 'oauth2-hmac-key',
};

/**
 * The command that puts a value into a proxy secret of `kind`, in `region`
 * (the same line in the plan-time guard's error, the deploy tool's refusal
 * and docs/ecs.md). The values never pass through Terraform, git or argv.
 */
export function fillSecretCommand(kind: SecretKind, secretName: string, region: string): string {
  switch (kind) {
    case 'docker-hub-credential':
      return `AWS_REGION=${region} scripts/put-docker-hub-credential.sh ${secretName} <docker-hub-username>`;
    case 'tls-pair':
      return `AWS_REGION=${region} scripts/put-envoy-tls-secret.sh ${secretName}`;
    case 'oauth2-hmac-key':
      return `AWS_REGION=${region} scripts/put-random-secret.sh ${secretName}`;
    case 'oauth2-client-secret':
      // Read from the terminal and trimmed: a file:// value keeps its trailing newline, and Envoy sends it as is (invalid_client).
      return `AWS_REGION=${region} scripts/put-oauth2-client-secret.sh ${secretName}`;
  }
}

export interface ProxySecretsProps {
  readonly bundles: Readonly<Record<string, EnvoyProxyBundle>>;
  /** Region of the secrets, for the fill commands named in errors. */
  readonly region: string;
  /**
   * Days a deleted secret stays recoverable, during which its name cannot be
   * reused (0 deletes at once, so a torn-down environment can be recreated).
   * @default 30 - the longest window, to undo an accidental deletion
   */
  readonly recoveryWindowDays?: number;
}

/**
 * The Secrets Manager secrets the Envoy sidecars read (the ingress TLS
 * certificate and key, OAuth2 client secrets and HMAC keys): created here,
 * without a value, so their ARNs are known to the task definitions and the
 * execution roles. Values are put with `npm run deploy` (which generates the
 * TLS pair and HMAC keys) or the commands of `fillSecretCommand`, and never
 * pass through Terraform or its state. Encrypted with Secrets Manager's AWS
 * managed key, which the execution roles may use without a key grant.
 *
 * Each secret also gets a guard, `valueChecks`: a read of its version list
 * (ids and stages, no value) whose postcondition fails unless a version is
 * AWSCURRENT. Services depend on the guards of the secrets they read, so an
 * apply that would start tasks on an empty secret stops before creating the
 * service; otherwise the tasks fail with ResourceInitializationError, the
 * deployment circuit breaker stops the deployment, and filling the secret
 * later does not recover it without a forced new deployment.
 * While a secret is still to be created its ARN is unknown, so Terraform
 * defers the read to apply: a plan of a new environment calls no AWS API.
 * https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 */
export class ProxySecrets extends Construct {
  /** ARN of each secret, by secret name. */
  public readonly arns: Readonly<Record<string, string>>;
  /** Kind of each secret, by secret name. */
  public readonly kinds: Readonly<Record<string, ProxySecretKind>>;
  /** The guard of each secret, by secret name: fails the apply while the secret has no AWSCURRENT version. */
  public readonly valueChecks: Readonly<Record<string, DataAwsSecretsmanagerSecretVersions>>;

  constructor(scope: Construct, id: string, props: ProxySecretsProps) {
    super(scope, id);
    const kinds: Record<string, ProxySecretKind> = {};
    for (const bundle of Object.values(props.bundles)) {
      for (const secret of bundle.secrets) kinds[secret.secretName] = KIND_OF_VARIABLE[secret.environmentVariable];
    }
    const names = Object.keys(kinds).sort();
    const arns: Record<string, string> = {};
    const checks: Record<string, DataAwsSecretsmanagerSecretVersions> = {};
    for (const name of names) {
      const secretId = proxySecretId(name);
      const secret = new SecretsmanagerSecret(this, secretId, {
        name,
        description: `Read by the Envoy sidecars (${users(props.bundles, name).join(', ')}); value put outside Terraform`,
        recoveryWindowInDays: props.recoveryWindowDays ?? 30,
        tags: { [PROXY_SECRET_KIND_TAG]: kinds[name] },
      });
      arns[name] = secret.arn;
      checks[name] = secretValueCheck(this, `${secretId}-has-value`, secret, name, fillSecretCommand(kinds[name], name, props.region));
    }
    this.arns = arns;
    this.kinds = kinds;
    this.valueChecks = checks;
  }

  /** The guards of the secrets `bundle` reads: what its service must depend on. */
  checksFor(bundle: EnvoyProxyBundle): DataAwsSecretsmanagerSecretVersions[] {
    return [...new Set(bundle.secrets.map((secret) => secret.secretName))].map((name) => this.valueChecks[name]);
  }
}

/**
 * The guard of one secret created without a value: a read of its version
 * list (ids and stages, never a value) whose postcondition fails unless a
 * version is AWSCURRENT, naming the secret and `fillCommand`. What must not
 * start on an empty secret depends on it. While the secret is still to be
 * created its ARN is unknown and Terraform defers the read to apply.
 */
export function secretValueCheck(scope: Construct, id: string, secret: SecretsmanagerSecret, secretName: string, fillCommand: string): DataAwsSecretsmanagerSecretVersions {
  return new DataAwsSecretsmanagerSecretVersions(scope, id, {
    secretId: secret.arn,
    lifecycle: {
      postcondition: [
        {
          // try(): a secret without versions may come back with a null list.
          condition: '${try(anytrue([for v in self.versions : contains(v.version_stages, "AWSCURRENT")]), false)}',
          errorMessage: `Secret ${secretName} has no value (no AWSCURRENT version), so what reads it cannot start. Fill it, then apply again: ${fillCommand} (npm run deploy does this in order, docs/deploy.md).`,
        },
      ],
    },
  });
}

function users(bundles: Readonly<Record<string, EnvoyProxyBundle>>, secretName: string): string[] {
  return Object.entries(bundles)
    .filter(([, bundle]) => bundle.secrets.some((secret) => secret.secretName === secretName))
    .map(([service]) => service)
    .sort(); // by name, not by position in the services map: reordering keys changes nothing
}
