/**
 * Construct ids of the API Gateway resources that config checks name (a
 * guardrail suppression is keyed by construct path below the stack). One
 * place, so the stack, the constructs and the checks cannot drift apart.
 */

/** Id of the ApiGatewayPlatform construct in the platform stack. */
export const APIGW_CONSTRUCT_ID = 'apigw';

/** Id of a service's ServiceRestApi inside ApiGatewayPlatform. */
export function apiConstructId(serviceName: string): string {
  return `api-${serviceName}`;
}

/** Ids of the two methods of every API: `ANY /` and `ANY /{proxy+}`. */
export const METHOD_IDS = { root: 'root-any', proxy: 'proxy-any' } as const;

/** Construct paths (below the stack) of a service's methods, as guardrail suppressions name them. */
export function apiMethodPaths(serviceName: string): string[] {
  return [METHOD_IDS.root, METHOD_IDS.proxy].map((method) => `${APIGW_CONSTRUCT_ID}/${apiConstructId(serviceName)}/${method}`);
}
