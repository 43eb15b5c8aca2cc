import { COMPLIANT, nonCompliant, type RuleVerdict, type SynthesizedResource } from './policy-rule';

/** The containers of an `aws_ecs_task_definition`, or a reason they cannot be read at synth. */
export function containerDefinitions(resource: SynthesizedResource): Record<string, any>[] | string {
  const raw = resource.values.container_definitions;
  if (typeof raw !== 'string') return 'container_definitions is missing';
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : 'container_definitions is not a JSON list';
  } catch {
    return 'container_definitions is not JSON known at synth (build it with the typed helper, not jsonencode())';
  }
}

/**
 * The verdict of a per-container check: compliant when `problemsOf` finds
 * nothing in any container, otherwise `summary: a, b`.
 */
export function checkContainers(resource: SynthesizedResource, summary: string, problemsOf: (container: Record<string, any>) => readonly string[]): RuleVerdict {
  const containers = containerDefinitions(resource);
  if (typeof containers === 'string') return nonCompliant(containers);
  const problems = containers.flatMap(problemsOf);
  return problems.length === 0 ? COMPLIANT : nonCompliant(`${summary}: ${problems.join(', ')}`);
}
