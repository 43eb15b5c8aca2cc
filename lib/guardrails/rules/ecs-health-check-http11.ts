import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { containerDefinitions } from '../container-definitions';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, type PolicyRule } from '../policy-rule';

/** An HTTP/1.0 request line (`HTTP/1.0` in a printf or echo), curl's `--http1.0` or its short form `-0`. */
const HTTP_10 = /HTTP\/1\.0\b|--http1\.0\b|\bcurl\b[^|;&]*\s-[A-Za-z]*0(\s|$)/;

/**
 * Envoy's HTTP/1 codec answers HTTP/1.0 with `426 Upgrade Required` unless
 * `accept_http_10` is set in its Http1ProtocolOptions
 * (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/protocol.proto#envoy-v3-api-field-config-core-v3-http1protocoloptions-accept-http-10;
 * envoyproxy/envoy#4243, #4891), and the admin listener never sets it.
 */
export const ecsHealthCheckHttp11: PolicyRule = {
  id: 'ecs-health-check-http11',
  level: 'error',
  why: 'Envoy (without accept_http_10) and many servers refuse HTTP/1.0: such a health check never passes, and containers waiting for HEALTHY never start.',
  resourceTypes: [EcsTaskDefinition.tfResourceType],
  check(resource) {
    const containers = containerDefinitions(resource);
    if (typeof containers === 'string') return nonCompliant(containers);
    const checked = containers.filter((container) => Array.isArray(container.healthCheck?.command));
    if (checked.length === 0) return NOT_APPLICABLE;
    const offenders = checked.filter((container) => HTTP_10.test(container.healthCheck.command.join(' '))).map((container) => container.name);
    return offenders.length === 0 ? COMPLIANT : nonCompliant(`health checks sending HTTP/1.0 requests: ${offenders.join(', ')}`);
  },
};
