/** The public name of an `alb` service: its `hostname`, or `<service>.<domain>`. */
export function serviceHostname(serviceName: string, service: { readonly hostname?: string }, domain: string): string {
  return service.hostname ?? `${serviceName}.${domain}`;
}
