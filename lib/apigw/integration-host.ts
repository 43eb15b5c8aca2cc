/**
 * API Gateway verifies the certificate of an HTTPS integration against the
 * host of the integration URI (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html):
 * a host the NLB listener's certificate does not cover makes every call fail
 * with 500 "Internal server error" (execution log: "General SSLEngine
 * problem"), long after a plan that looked fine. These checks find it at synth.
 */

/**
 * True when a certificate name covers `host` under RFC 6125 §6.4.3: an exact
 * match, or a wildcard standing for exactly one whole left-most label
 * (`*.internal.example.com` covers `api.internal.example.com`, neither
 * `internal.example.com` nor `a.b.internal.example.com`).
 */
export function certificateNameCovers(certificateName: string, host: string): boolean {
  const name = certificateName.toLowerCase();
  const target = host.toLowerCase();
  if (!name.startsWith('*.')) return name === target;
  const firstDot = target.indexOf('.');
  return firstDot > 0 && target.slice(firstDot + 1) === name.slice(2);
}

/** Why an integration to `host` would fail TLS verification against `certificateNames`, or undefined when a name covers it. */
export function integrationHostProblem(host: string, certificateNames: readonly string[]): string | undefined {
  if (certificateNames.some((name) => certificateNameCovers(name, host))) return undefined;
  return (
    `integration host ${host} is not covered by the NLB listener certificate's names (${certificateNames.join(', ')}): ` +
    'API Gateway verifies that certificate against the host and would answer 500 to every call; ' +
    'put the host on the certificate or call a name the certificate has'
  );
}

/** The host of an `https://host[:port]/…` URI. */
export function uriHost(uri: string): string {
  const match = /^https:\/\/([^/:]+)(:\d+)?(\/|$)/.exec(uri);
  if (!match) throw new Error(`not an https:// URI with a host: ${uri}`);
  return match[1];
}
