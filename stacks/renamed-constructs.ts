import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { APIGW_CONSTRUCT_ID, apiConstructId } from '../lib/apigw/construct-paths';
import type { RenamedConstruct } from '../lib/core/moved-resources';

/**
 * The constructs whose ids derive from a service's or node group's name, for
 * `renamedFrom` (lib/config/primitives.ts). The platform stack composes them,
 * so this is where their paths are known: a service is `ecs/service-<name>`
 * (task, roles, security group, logs, autoscaling), its ALB route
 * `ecs/edge/service-<name>` and egress rule `ecs/edge/egress-<name>`, and with
 * `ingress: apigw` its NLB listener `apigw/listener-<name>` and REST API
 * `apigw/api-<name>`; a node group is `eks/<name>` (`eks/<name>-<zone>` per
 * zone). Ids derived from other values (secret names, host names) do not move.
 */
/** `-<availability zone>`: the id suffix of a per-zone node group (lib/eks/eks-platform.ts). */
const PER_ZONE_SUFFIX = /^-[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

export function renamedConstructs(config: Pick<EnvironmentConfig, 'services' | 'eks'>): RenamedConstruct[] {
  const services = Object.entries(config.services).flatMap(([to, service]) =>
    service.renamedFrom === undefined
      ? []
      : [
          { parent: ['ecs'], from: `service-${service.renamedFrom}`, to: `service-${to}` },
          { parent: ['ecs', 'edge'], from: `service-${service.renamedFrom}`, to: `service-${to}` },
          { parent: ['ecs', 'edge'], from: `egress-${service.renamedFrom}`, to: `egress-${to}` },
          { parent: [APIGW_CONSTRUCT_ID], from: `listener-${service.renamedFrom}`, to: `listener-${to}` },
          { parent: [APIGW_CONSTRUCT_ID], from: apiConstructId(service.renamedFrom), to: apiConstructId(to) },
        ],
  );
  const nodeGroups = Object.entries(config.eks?.nodeGroups ?? {}).flatMap(([to, group]) =>
    group.renamedFrom === undefined ? [] : [{ parent: ['eks'], from: group.renamedFrom, to, ...(group.perAz ? { suffix: PER_ZONE_SUFFIX } : {}) }],
  );
  return [...services, ...nodeGroups];
}
