import type { z } from 'zod';
import type { EnvoyConfig } from './envoy-schema';

/**
 * An NLB closes a TCP or TLS flow after 350 idle seconds (fixed for TLS listeners:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#connection-idle-timeout).
 * Envoy behind it must keep idle connections longer, or it closes one the NLB (and API Gateway's VPC link
 * behind it) still considers open, and the next request on it fails with a 5xx.
 */
export const NLB_IDLE_TIMEOUT_SECONDS = 350;

/**
 * The oldest Envoy release whose AWS request signing filter runs as an upstream HTTP filter of a cluster
 * (https://github.com/envoyproxy/envoy/pull/31736, Envoy 1.30): the egress template signs there, after the route's
 * rewrites (lib/envoy/api/signing-rules.ts); an older image refuses the config.
 */
export const MINIMUM_ENVOY_MINOR = 30;

/** Log levels at which Envoy logs request headers: OAuth2 cookies and forwarded bearer tokens land in CloudWatch. */
const HEADER_LOGGING_LEVELS: readonly string[] = ['trace', 'debug'];

/** What the Envoy checks read of the services. */
interface ServiceView {
  readonly ingress: string;
  readonly oauth2?: unknown;
}

/** Cross-section rules of the `envoy` section, each reported at the `envoy` key to change. */
export function checkEnvoy(envoy: EnvoyConfig, services: Readonly<Record<string, ServiceView>>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: ['envoy', ...path], message });
  const entries = Object.entries(services);

  const withLogin = entries.filter(([, service]) => service.oauth2 !== undefined).map(([name]) => name);
  if (HEADER_LOGGING_LEVELS.includes(envoy.logLevel) && withLogin.length > 0 && !envoy.verboseLogsReviewed) {
    issue(
      ['logLevel'],
      `expected info or quieter: at ${envoy.logLevel} Envoy logs request headers, so the OAuth2 cookies and bearer tokens of ${withLogin.join(', ')} ` +
        `would reach CloudWatch; add envoy.verboseLogsReviewed: { reason: … } if that was reviewed, got ${envoy.logLevel}`,
    );
  }

  const apis = entries.filter(([, service]) => service.ingress === 'apigw').map(([name]) => name);
  if (apis.length > 0 && envoy.timeouts.idleSeconds <= NLB_IDLE_TIMEOUT_SECONDS) {
    issue(
      ['timeouts', 'idleSeconds'],
      `expected more than the NLB's ${NLB_IDLE_TIMEOUT_SECONDS} s idle timeout in front of ${apis.join(', ')} (ingress: apigw), so the NLB, not Envoy, closes idle connections, got ${envoy.timeouts.idleSeconds}`,
    );
  }

  const minor = /^envoyproxy\/envoy:v1\.(\d+)\./.exec(envoy.image)?.[1];
  if (minor !== undefined && Number(minor) < MINIMUM_ENVOY_MINOR) {
    issue(
      ['image'],
      `expected Envoy v1.${MINIMUM_ENVOY_MINOR} or later: the egress listeners sign requests as an upstream filter of the cluster, which older releases do not support, got ${envoy.image}`,
    );
  }
}
