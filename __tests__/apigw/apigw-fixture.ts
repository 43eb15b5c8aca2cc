import { testEnvironment } from '../helpers/environment-fixture';

/** A valid config with one apigw service `api`, deep-merged with `changes`. */
export function apigwEnvironment(changes: Record<string, any> = {}) {
  const { dns, services, ...rest } = changes;
  return testEnvironment({
    ...rest,
    dns: { privateZone: {}, ...dns },
    services: { api: { ingress: 'apigw', containerPort: 8080 }, ...services },
  });
}
