import { Lb } from '@cdktf/provider-aws/lib/lb';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule, type RuleContext, type SynthesizedResource } from '../policy-rule';
import { referencesIn } from '../../terraform-json/synthesized-stack';
import { UNIQUE_NAMES } from './unique-name-create-before-destroy';

/**
 * Terraform applies create_before_destroy to every resource a create_before_destroy resource depends on, directly
 * or through others, whatever their own lifecycle says (it cannot destroy a dependency before the resource that
 * still uses it is replaced): https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy
 * (verified with Terraform 1.11: the plan shows `+/-` as `create_before_destroy` for the dependency).
 * So a fixed unique name anywhere below such a resource fails its replacement just like one on the resource itself.
 *
 * Types allowed a fixed name below a create_before_destroy resource, each with the reason; see
 * docs/create-before-destroy.md. Anything else with a fixed unique name there gets a name prefix.
 */
export const INHERITED_FIXED_NAME_ALLOWED: Readonly<Record<string, { readonly applies: (values: Record<string, any>) => boolean; readonly reason: string }>> = {
  [EksCluster.tfResourceType]: {
    applies: () => true,
    reason: 'an EKS cluster is never replaced in place: a replacement loses every workload, so a new cluster gets a new name',
  },
  [IamRole.tfResourceType]: {
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_role: only name, name_prefix and path force a new role.
    applies: (values) => values.path === undefined,
    reason: 'only name, name_prefix and path replace a role and path is not set: a replaced role always has a new name',
  },
  [CloudwatchLogGroup.tfResourceType]: {
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_log_group: only name, name_prefix and log_group_class force a new group.
    applies: (values) => values.log_group_class === undefined,
    reason: 'only name, name_prefix and log_group_class replace a log group and log_group_class is not set: a replaced group always has a new name',
  },
  [Lb.tfResourceType]: {
    applies: (values) => values.load_balancer_type === 'network' && values.internal === true,
    reason: "the API Gateway VPC link's internal NLB is never replaced in place (its replacement also replaces the VPC link)",
  },
};

/** A create_before_destroy resource and the resources between it and a dependency. */
interface Inheritance {
  readonly root: SynthesizedResource;
  readonly via: readonly SynthesizedResource[];
}

const inherited = new WeakMap<RuleContext, Map<SynthesizedResource, Inheritance>>();

export const uniqueNameInheritedCreateBeforeDestroy: PolicyRule = {
  id: 'unique-name-inherited-create-before-destroy',
  level: 'error',
  why: 'Terraform applies create_before_destroy to every dependency of a create_before_destroy resource: a fixed unique name there makes the replacement fail.',
  resourceTypes: Object.keys(UNIQUE_NAMES),
  check(resource, context) {
    if (resource.values.lifecycle?.create_before_destroy === true) return NOT_APPLICABLE; // unique-name-create-before-destroy's case
    const inheritance = inheritances(context).get(resource);
    if (!inheritance) return NOT_APPLICABLE;
    const { argument, error, noPrefix } = UNIQUE_NAMES[resource.type];
    const name = resource.values[argument];
    if (name === undefined) return COMPLIANT;
    if (INHERITED_FIXED_NAME_ALLOWED[resource.type]?.applies(resource.values)) return COMPLIANT;
    const chain = [inheritance.root, ...inheritance.via].map((r) => `${r.type} ${r.path}`).join(' -> ');
    return nonCompliant(
      `fixed ${argument} ${JSON.stringify(name)} inherits create_before_destroy from ${chain}: a replacement is created while the old one holds the name (${error}); ${noPrefix ? 'make sure it is never replaced in place and allow the type with its reason' : `use ${argument}_prefix`}`,
    );
  },
};

/** Every resource that inherits create_before_destroy, with the first path found to it. */
function inheritances(context: RuleContext): Map<SynthesizedResource, Inheritance> {
  const cached = inherited.get(context);
  if (cached) return cached;
  const found = new Map<SynthesizedResource, Inheritance>();
  for (const root of context.resources().filter((r) => r.values.lifecycle?.create_before_destroy === true)) {
    const queue: Inheritance[] = [{ root, via: [] }];
    const seen = new Set<SynthesizedResource>([root]);
    while (queue.length > 0) {
      const current = queue.shift()!;
      const from = current.via.at(-1) ?? current.root;
      for (const dependency of dependencies(from, context)) {
        if (seen.has(dependency)) continue;
        seen.add(dependency);
        const next = { root, via: [...current.via, dependency] };
        if (!found.has(dependency)) found.set(dependency, next);
        queue.push(next);
      }
    }
  }
  inherited.set(context, found);
  return found;
}

/** Resources `resource` refers to in any argument (`${aws_x.y.attr}`, also inside longer expressions) or in depends_on. */
function dependencies(resource: SynthesizedResource, context: RuleContext): SynthesizedResource[] {
  const { lifecycle: _lifecycle, depends_on: dependsOn, ...argumentsOnly } = resource.values;
  const addresses = new Set(
    referencesIn(argumentsOnly)
      .map((reference) => reference.address)
      .filter((address) => !address.startsWith('data.')),
  );
  for (const entry of Array.isArray(dependsOn) ? dependsOn : []) {
    if (typeof entry === 'string' && !entry.startsWith('data.')) addresses.add(entry.replace(/^\$\{|\}$/g, ''));
  }
  return [...addresses].map((address) => context.follow(`\${${address}.id}`)).filter((r): r is SynthesizedResource => r !== undefined);
}
