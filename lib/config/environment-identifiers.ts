import type { EnvironmentConfig } from './environment-schema';

/**
 * The names an environment file gives things (environment, project, services, node groups, egress targets, the EKS
 * cluster), which the stacks join into resource names, metric names and construct ids. The schema holds each to a
 * name's shape, so none is a credential; the synth-time secret scan hides them before its entropy rule, so that a
 * generated name such as `k8s-dev-edge-rate-limit` is never judged as a random token (issue 30, class 1) while a
 * token pasted beside one still is.
 */
export function environmentIdentifiers(config: EnvironmentConfig): string[] {
  const services = Object.entries(config.services ?? {});
  return [
    config.name,
    config.project,
    `${config.project}-${config.name}`,
    ...(config.eks?.clusterName ? [config.eks.clusterName] : []),
    ...Object.keys(config.eks?.nodeGroups ?? {}),
    ...services.map(([name]) => name),
    ...services.flatMap(([, service]) => Object.keys(service.egress ?? {})),
  ];
}
