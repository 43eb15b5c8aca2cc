import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { merge, testEnvironment } from '../helpers/environment-fixture';

/** Any pinned image: API Gateway tests are not about the container. */
const IMAGE = 'public.ecr.aws/acme/app:1.0.0';

/**
 * A valid config with a private zone and one `ingress: apigw` service `api`,
 * deep-merged with `changes` (`null` deletes); every service gets an image
 * unless it names one.
 */
export function apigwEnvironment(changes: Record<string, any> = {}): EnvironmentConfig {
  const merged = merge({ dns: { privateZone: {} }, services: { api: { ingress: 'apigw', containerPort: 8080 } } }, changes);
  for (const service of Object.values<Record<string, unknown>>(merged.services ?? {})) service.image ??= IMAGE;
  return testEnvironment(merged);
}
