import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { merge, testEnvironment } from '../helpers/environment-fixture';

/** A valid config with a private zone and one `ingress: apigw` service `api`, deep-merged with `changes` (`null` deletes). */
export function apigwEnvironment(changes: Record<string, any> = {}): EnvironmentConfig {
  return testEnvironment(merge({ dns: { privateZone: {} }, services: { api: { ingress: 'apigw', containerPort: 8080 } } }, changes));
}
