import { z } from 'zod';

/**
 * The config schemas of the registry's HTTP filters (http-filters.ts), kept
 * apart with no imports but zod, so lib/config can put them under
 * services.<name> without importing rendering code.
 */

/**
 * Per-service local rate limit (envoy.filters.http.local_ratelimit): a token
 * bucket per Envoy, so per task; requests past it get 429 without reaching
 * the application. https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/local_rate_limit_filter
 */
export const localRateLimitSchema = z.strictObject({
  /** Requests per second each task accepts on average (the bucket's refill). */
  requestsPerSecond: z.int().min(1, { error: 'expected at least 1 request per second' }).max(1_000_000),
  /** Requests a task accepts at once after a quiet period (the bucket's size). @default requestsPerSecond */
  burst: z.int().min(1, { error: 'expected a burst of at least 1 request' }).max(1_000_000).optional(),
});
