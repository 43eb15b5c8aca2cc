import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { EnvoyProxyBundle } from '../envoy/envoy-proxy-bundle';

export interface ProxySecretsProps {
  readonly bundles: Readonly<Record<string, EnvoyProxyBundle>>;
  /** @default 30 - the longest window, to undo an accidental deletion */
  readonly recoveryWindowDays?: number;
}

/**
 * The Secrets Manager secrets the Envoy sidecars read (the ingress TLS
 * certificate and key, OAuth2 client secrets and HMAC keys): created here,
 * without a value, so their ARNs are known to the task definitions and the
 * execution roles. Values are put once with `scripts/put-envoy-tls-secret.sh`
 * (or `aws secretsmanager put-secret-value` for the OAuth2 ones) and never
 * pass through Terraform or its state. Encrypted with Secrets Manager's AWS
 * managed key, which the execution roles may use without a key grant.
 */
export class ProxySecrets extends Construct {
  /** ARN of each secret, by secret name. */
  public readonly arns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ProxySecretsProps) {
    super(scope, id);
    const names = [...new Set(Object.values(props.bundles).flatMap((bundle) => bundle.secrets.map((secret) => secret.secretName)))].sort();
    this.arns = Object.fromEntries(
      names.map((name) => {
        // The id follows the name: a renamed secret is a new secret anyway (name forces replacement).
        const secret = new SecretsmanagerSecret(this, name.replace(/[^A-Za-z0-9-]/g, '-'), {
          name,
          description: `Read by the Envoy sidecars (${users(props.bundles, name).join(', ')}); value put outside Terraform`,
          recoveryWindowInDays: props.recoveryWindowDays ?? 30,
        });
        return [name, secret.arn];
      }),
    );
  }
}

function users(bundles: Readonly<Record<string, EnvoyProxyBundle>>, secretName: string): string[] {
  return Object.entries(bundles)
    .filter(([, bundle]) => bundle.secrets.some((secret) => secret.secretName === secretName))
    .map(([service]) => service);
}
