import type { IngressKind, ResolvedEgressTarget } from './proxy-spec';
import type { EnvoyTemplateName } from './templates';

/**
 * Everything the ECS task definition of one service needs to run its Envoy
 * sidecar: the validated bootstrap, how to pass it to the stock image, the
 * ports to wire (target group, health check, port mappings) and the secrets
 * to inject. Returned by `renderServiceProxy`.
 */
export interface EnvoyProxyBundle {
  readonly environment: string;
  readonly serviceName: string;
  /** Templates rendered into this bootstrap, in order (always starts with `bootstrap`). */
  readonly templates: readonly EnvoyTemplateName[];
  /** The stock image as published on Docker Hub, pinned: `envoyproxy/envoy:v1.38.9[@sha256:…]`; tasks pull its ECR cached copy (EcsPlatform). */
  readonly image: string;
  /** The bootstrap as plain data (proto3 JSON form of envoy.config.bootstrap.v3.Bootstrap). */
  readonly bootstrap: Readonly<Record<string, unknown>>;
  /** Readable YAML of the bootstrap, for review: golden files and the synth output. */
  readonly yaml: string;
  /** Minified JSON of the bootstrap: what the container receives (JSON is YAML, so `--config-yaml` reads it). */
  readonly json: string;
  /** SHA-256 (hex) of `json`; changes exactly when the config changes. */
  readonly sha256: string;
  /**
   * The container `command` for the stock image (its entrypoint prepends
   * `envoy` to arguments starting with "-"). The config travels inline, so a
   * config change is a new task-definition revision: the service rolls, and
   * an ECS rollback restores the previous config with the previous revision.
   */
  readonly command: readonly string[];
  /** Bytes `command` adds to the registered task definition (JSON-escaped); the whole definition may be 64 KiB. */
  readonly commandBytes: number;
  readonly ports: EnvoyProxyPorts;
  /** Environment variables of the Envoy container to fill from Secrets Manager through ECS `secrets`. */
  readonly secrets: readonly EnvoySecretReference[];
}

export interface EnvoyProxyPorts {
  /** The TLS listener for the load balancer; absent when the service has no ingress. */
  readonly ingress?: EnvoyIngressPort;
  /** Envoy's admin interface: 127.0.0.1 only, so not a port mapping; `/ready` answers 200 once Envoy serves. */
  readonly admin: { readonly address: '127.0.0.1'; readonly port: number; readonly readinessPath: '/ready' };
  /** One plain-HTTP listener on 127.0.0.1 per egress target, by target name. */
  readonly egress: Readonly<Record<string, EnvoyEgressPort>>;
}

export interface EnvoyIngressPort {
  /** Container port to map and register in the target group (protocol HTTPS for an ALB, TCP for an NLB). */
  readonly port: number;
  readonly kind: Exclude<IngressKind, 'none'>;
  /** Health-check path of the target group; Envoy routes it to the application's health path. */
  readonly healthPath: string;
}

/** An egress listener as the task sees it: the resolved target without its path prefix. */
export type EnvoyEgressPort = Omit<ResolvedEgressTarget, 'pathPrefix'>;

export interface EnvoySecretReference {
  /** Variable the config reads through `DataSource.environment_variable`. */
  readonly environmentVariable: string;
  /** Secrets Manager secret name. */
  readonly secretName: string;
  /** JSON key inside the secret (ECS `valueFrom` `<arn>:<jsonKey>::`), when the secret holds several values. */
  readonly jsonKey?: string;
}

/** An environment's rendered sidecars as the platform stack receives them from the pipeline's Envoy step. */
export interface EnvironmentEnvoy {
  /** Each service's validated sidecar, by service name (services without one are absent). */
  readonly proxies: Readonly<Record<string, EnvoyProxyBundle>>;
  /** The review files on disk (lib/synth/envoy-bundles.ts); absent when nothing was written, e.g. in tests that build stacks from plain values. */
  readonly bundle?: { readonly folder: string; readonly hash: string };
}
