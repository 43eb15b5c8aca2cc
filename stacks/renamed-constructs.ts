import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { ConfigError, type ConfigProblem } from '../lib/config/config-error';
import { APIGW_CONSTRUCT_ID, apiConstructId } from '../lib/apigw/construct-paths';
import type { RenamedConstruct, WrittenMove } from '../lib/core/moved-resources';
import { ENVIRONMENT_ALARMS_CONSTRUCT_ID, nodeGroupAlarmConstructId, serviceAlarmsConstructId } from './platform-operations';

/**
 * The constructs whose ids derive from a service's or node group's name, for
 * `renamedFrom` (lib/config/primitives.ts). The platform stack composes them,
 * so this is where their paths are known: a service is `ecs/service-<name>`
 * (task, roles, security group, logs, autoscaling), its ALB route
 * `ecs/edge/service-<name>` and egress rule `ecs/edge/egress-<name>`, and with
 * `ingress: apigw` its NLB listener `apigw/listener-<name>` and REST API
 * `apigw/api-<name>`, its alarms `alarms-<name>`; a node group is `eks/<name>` (`eks/<name>-<zone>` per
 * zone) and its alarm `alarms-environment/no-healthy-node-<name>`. Ids derived from other values (secret names, host names) do not move.
 */
/** `-<availability zone>`: the id suffix of a per-zone node group (lib/eks/eks-platform.ts). */
const PER_ZONE_SUFFIX = /^-[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/** One entry of the environment file with `renamedFrom`, and the constructs its rename moves. */
export interface RenamedEntry {
  /** Key path of the entry in the environment file, e.g. `['services', 'checkout']`. */
  readonly keyPath: readonly string[];
  /**
   * The resource type the rename exists for (`aws_ecs_service`, `aws_eks_node_group`): a rename that does not move
   * one is a synth error, since Terraform would destroy the old one and create the new one.
   */
  readonly primaryType: string;
  readonly constructs: readonly RenamedConstruct[];
}

export function renamedEntries(config: Pick<EnvironmentConfig, 'services' | 'eks'>): RenamedEntry[] {
  const services = Object.entries(config.services).flatMap(([to, service]): RenamedEntry[] =>
    service.renamedFrom === undefined
      ? []
      : [
          {
            keyPath: ['services', to],
            primaryType: 'aws_ecs_service',
            constructs: [
              { parent: ['ecs'], from: `service-${service.renamedFrom}`, to: `service-${to}` },
              { parent: ['ecs', 'edge'], from: `service-${service.renamedFrom}`, to: `service-${to}` },
              { parent: ['ecs', 'edge'], from: `egress-${service.renamedFrom}`, to: `egress-${to}` },
              { parent: [APIGW_CONSTRUCT_ID], from: `listener-${service.renamedFrom}`, to: `listener-${to}` },
              { parent: [APIGW_CONSTRUCT_ID], from: apiConstructId(service.renamedFrom), to: apiConstructId(to) },
              { parent: [], from: serviceAlarmsConstructId(service.renamedFrom), to: serviceAlarmsConstructId(to) },
            ],
          },
        ],
  );
  const nodeGroups = Object.entries(config.eks?.nodeGroups ?? {}).flatMap(([to, group]): RenamedEntry[] =>
    group.renamedFrom === undefined
      ? []
      : [
          {
            keyPath: ['eks', 'nodeGroups', to],
            primaryType: 'aws_eks_node_group',
            constructs: [
              { parent: ['eks'], from: group.renamedFrom, to, ...(group.perAz ? { suffix: PER_ZONE_SUFFIX } : {}) },
              { parent: [ENVIRONMENT_ALARMS_CONSTRUCT_ID], from: nodeGroupAlarmConstructId(group.renamedFrom), to: nodeGroupAlarmConstructId(to), ...(group.perAz ? { suffix: PER_ZONE_SUFFIX } : {}) },
            ],
          },
        ],
  );
  return [...services, ...nodeGroups];
}

/**
 * Every entry's rename moved its primary resource. A `moved` block is only written where a construct path matches
 * the paths above; if they drift from what the platform stack builds, nothing is written and Terraform plans the
 * entry's resources as destroyed and created anew. That is a synth error at the entry's `renamedFrom`.
 */
export function checkRenamesMoved(
  config: Pick<EnvironmentConfig, 'problemAt'>,
  entries: readonly RenamedEntry[],
  moves: readonly WrittenMove[],
): void {
  const problems: ConfigProblem[] = [];
  for (const entry of entries) {
    const own = moves.filter((move) => entry.constructs.includes(move.rename));
    if (own.some((move) => move.to.startsWith(`${entry.primaryType}.`))) continue;
    const paths = entry.constructs.map((c) => [...c.parent, c.to].join('/')).join(', ');
    const got = own.length === 0 ? 'no moved block at all' : `${own.length} moved block(s), none for an ${entry.primaryType}`;
    problems.push(
      config.problemAt(
        [...entry.keyPath, 'renamedFrom'],
        `expected the rename to move the entry's ${entry.primaryType} (a moved block; without it Terraform destroys and recreates it), got ${got}: no resource below ${paths} (stacks/renamed-constructs.ts no longer matches the construct paths)`,
      ),
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
