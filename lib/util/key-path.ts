/**
 * A path of keys and list indexes as people read it: `services.web.egress[0].port`, `ingress[0].cidr_blocks`,
 * `static_resources.listeners[0]`. The one formatter of the environment file's key paths (lib/config/loader.ts),
 * Envoy config paths (lib/envoy/api/config-path.ts) and Terraform attribute paths (tools/stack-plan/plan-summary.ts).
 */
export function formatKeyPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
