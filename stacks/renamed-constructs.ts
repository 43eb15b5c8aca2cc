import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { ApiGatewayPlatform } from '../lib/apigw/apigw-platform';
import { EcsPlatform } from '../lib/ecs/ecs-platform';
import { EksPlatform, PER_ZONE_SUFFIX } from '../lib/eks/eks-platform';
import type { RenamedConstruct, WrittenMove } from '../lib/construct-support/moved-resources';
import { configError, type ConfigProblem } from '../lib/config/config-error';
import { ENVIRONMENT_ALARMS_CONSTRUCT_ID, nodeGroupAlarmConstructId, serviceAlarmsConstructId } from './platform-operations';

/** Ids, in the platform stack, of the constructs that own the ids a rename moves. */
export interface PlatformConstructIds {
  readonly ecs: string;
  readonly apiGateway: string;
  readonly eks: string;
}

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

/**
 * The constructs a `renamedFrom` (lib/config/primitives.ts) moves: each construct that derives ids from a service's
 * or node group's name lists them (EcsPlatform, ApiGatewayPlatform, EksPlatform `renamed…Constructs`), below its
 * id in the platform stack. Ids derived from other values (secret names, host names) do not move.
 */
export function renamedEntries(config: Pick<EnvironmentConfig, 'services' | 'eks'>, ids: PlatformConstructIds): RenamedEntry[] {
  const below = (id: string, constructs: readonly RenamedConstruct[]) => constructs.map((c) => ({ ...c, parent: [id, ...c.parent] }));
  const services = Object.entries(config.services).flatMap(([to, { renamedFrom: from }]): RenamedEntry[] =>
    from === undefined
      ? []
      : [
          {
            keyPath: ['services', to],
            primaryType: 'aws_ecs_service',
            constructs: [
              ...below(ids.ecs, EcsPlatform.renamedServiceConstructs(from, to)),
              ...below(ids.apiGateway, ApiGatewayPlatform.renamedServiceConstructs(from, to)),
              // The service's alarms (stacks/platform-operations.ts).
              { parent: [], from: serviceAlarmsConstructId(from), to: serviceAlarmsConstructId(to) },
            ],
          },
        ],
  );
  const nodeGroups = Object.entries(config.eks ? config.eks.nodeGroups : {}).flatMap(([to, group]): RenamedEntry[] =>
    group.renamedFrom === undefined
      ? []
      : [
          {
            keyPath: ['eks', 'nodeGroups', to],
            primaryType: 'aws_eks_node_group',
            constructs: [
              ...below(ids.eks, EksPlatform.renamedNodeGroupConstructs(group.renamedFrom, to, group.perAz)),
              // The group's alarm (stacks/platform-operations.ts); per-zone groups' alarms keep their zone suffix too.
              {
                parent: [ENVIRONMENT_ALARMS_CONSTRUCT_ID],
                from: nodeGroupAlarmConstructId(group.renamedFrom),
                to: nodeGroupAlarmConstructId(to),
                ...(group.perAz ? { suffix: PER_ZONE_SUFFIX } : {}),
              },
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
export function checkRenamesMoved(config: Pick<EnvironmentConfig, 'problemAt'>, entries: readonly RenamedEntry[], moves: readonly WrittenMove[]): void {
  const problems: ConfigProblem[] = [];
  for (const entry of entries) {
    const own = moves.filter((move) => entry.constructs.includes(move.rename));
    if (own.some((move) => move.to.startsWith(`${entry.primaryType}.`))) continue;
    const paths = entry.constructs.map((c) => [...c.parent, c.to].join('/')).join(', ');
    const got = own.length === 0 ? 'no moved block at all' : `${own.length} moved block(s), none for an ${entry.primaryType}`;
    problems.push(
      config.problemAt(
        [...entry.keyPath, 'renamedFrom'],
        `expected the rename to move the entry's ${entry.primaryType} (a moved block; without it Terraform destroys and recreates it), got ${got}: no resource below ${paths} (the constructs' renamed…Constructs no longer match the construct paths)`,
      ),
    );
  }
  if (problems.length > 0) throw configError(problems);
}
