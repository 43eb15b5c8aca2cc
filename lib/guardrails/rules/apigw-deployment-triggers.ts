import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { referencesIn, type Reference } from '../../terraform-json/synthesized-stack';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule, type SynthesizedResource } from '../policy-rule';

/**
 * What must reach a deployment's `triggers` for each resource type of its REST API: a change of any of these is a
 * change of what the stage serves, and the stage serves the deployment's snapshot until a new deployment is made
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html). `connection_id` is the
 * VPC link: a replaced link (or NLB behind it) gets a new id, and a stage still on the old snapshot calls a link
 * that no longer exists.
 */
const INPUTS: Readonly<Record<string, readonly string[]>> = {
  [ApiGatewayIntegration.tfResourceType]: ['connection_id', 'uri'],
  [ApiGatewayMethod.tfResourceType]: ['authorization'],
};

export const apigwDeploymentTriggers: PolicyRule = {
  id: 'apigw-deployment-triggers',
  level: 'error',
  why: "A deployment is a snapshot: if its triggers miss an integration's VPC link or URI, or a method's authorization, a change to them never reaches the stage.",
  resourceTypes: [ApiGatewayDeployment.tfResourceType],
  check(deployment, context) {
    const api = context.follow(deployment.values.rest_api_id);
    if (!api) return NOT_APPLICABLE;
    const triggers = deployment.values.triggers ?? {};
    const covered = referencesIn(triggers);
    const text = JSON.stringify(triggers);
    const gaps = Object.entries(INPUTS).flatMap(([type, inputs]) =>
      context
        .resourcesOfType(type)
        .filter((member) => context.follow(member.values.rest_api_id) === api)
        .flatMap((member) => {
          const missing = uncoveredInputs(member, inputs, covered, text);
          return missing.length > 0 ? [`${member.type}.${member.name} (${missing.join(', ')})`] : [];
        }),
    );
    if (gaps.length === 0) return COMPLIANT;
    return nonCompliant(`triggers do not change with ${gaps.join('; ')}: hash the resources themselves (sha256(jsonencode([resource, ...]))) or those attributes`);
  },
};

/**
 * The inputs of a resource that a change would not carry into the triggers. Covered: the whole resource is hashed
 * (`type.name`), or the attribute itself (`type.name.attr`), or every reference in the attribute's value (the VPC
 * link's id), or a literal value written into the triggers. A synth-time hash of literals proves nothing here.
 */
function uncoveredInputs(resource: SynthesizedResource, inputs: readonly string[], covered: readonly Reference[], text: string): string[] {
  const address = `${resource.type}.${resource.name}`;
  const has = (ref: Reference) => covered.some((c) => c.address === ref.address && (c.attribute === '' || c.attribute === ref.attribute));
  if (has({ address, attribute: '' })) return [];
  return inputs.filter((input) => {
    const value = resource.values[input];
    if (value === undefined || has({ address, attribute: input })) return false;
    const references = referencesIn(value);
    if (references.length > 0) return !references.every(has);
    return !text.includes(JSON.stringify(value).slice(1, -1));
  });
}
