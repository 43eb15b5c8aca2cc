/**
 * A container that another container of the task waits on to exit (`dependsOn` condition SUCCESS or COMPLETE, such as
 * the scratch init): it runs to completion, so nothing long-lived (an ECS Exec session) can ever attach to it.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
 */
export function runsToCompletion(name: string, containers: readonly { readonly dependsOn?: readonly { readonly containerName: string; readonly condition: string }[] }[]): boolean {
  return containers.some((container) => (container.dependsOn ?? []).some((d) => d.containerName === name && (d.condition === 'SUCCESS' || d.condition === 'COMPLETE')));
}
