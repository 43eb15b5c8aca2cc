import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { formatLocation, type ConfigLocation } from '../config/config-error';
import type { EnvironmentConfig } from '../config/environment-schema';
import { apiGatewayServiceNames } from '../config/apigw-schema';
import { resolveEnvironment } from '../config/resolved-environment';
import type { SynthesizedStack } from '../terraform-json/synthesized-stack';
import { UNIQUE_NAMES } from './rules/unique-name-create-before-destroy';

/** One synthesized stack of an environment, with where each of its resources came from in the environment file. */
export interface EnvironmentStackNames {
  readonly config: EnvironmentConfig;
  readonly stack: SynthesizedStack;
  /** The environment-file entry a resource at a construct path (below the stack) was built from. */
  readonly originOf: (resourcePath: string) => ConfigLocation;
}

/** A name AWS keeps unique that one environment's stacks create. */
interface NameClaim {
  readonly config: EnvironmentConfig;
  /** Equal for two claims on one name in one place (the account and region, the account, or all of S3). */
  readonly id: string;
  /** For the message: `Secrets Manager secret acme/stg/web/oauth2-client-secret (aws_secretsmanager_secret)`. */
  readonly what: string;
  /** Where it is written (the value itself) or the entry it was built from. */
  readonly origin: ConfigLocation;
  /** What AWS does with the second one. */
  readonly consequence: string;
  /** @default 'created' */
  readonly verb?: string;
}

/**
 * Names that two environments sharing an account cannot both create: every account-unique or region-unique name in
 * the synthesized stacks (IAM roles, secrets, load balancers, target groups, log groups, ECR repositories and
 * pull-through cache rules, KMS aliases, clusters, S3 buckets, alarms, dashboards, SNS topics: the `account`, `region` and `global` scopes of
 * UNIQUE_NAMES), and the API Gateway account setting, which one stack per account and region may manage. Read from
 * what the stacks synthesize, not recomputed from the files, so a name joined from different parts (`web` + `qa-api`
 * and `web-qa` + `api`) clashes exactly when AWS would see one name. Each clash is reported at the later environment's
 * entry, naming the earlier one's file and line. Within one environment a name is claimed once per resource, so a
 * name the stacks create twice is reported too.
 */
export function accountNameClashes(stacks: readonly EnvironmentStackNames[]): string[] {
  const owners = new Map<string, NameClaim>();
  const problems: string[] = [];
  /** Pairs of environments whose name prefixes are equal: reported once, at `project`, not once per name. */
  const samePrefix = new Set<string>();
  for (const claim of stacks.flatMap(claimsOf)) {
    const owner = owners.get(claim.id);
    if (!owner) {
      owners.set(claim.id, claim);
      continue;
    }
    const pair = `${owner.config.name} ${claim.config.name}`;
    if (owner.config !== claim.config && namePrefix(owner.config) === namePrefix(claim.config)) {
      if (samePrefix.has(pair)) continue;
      samePrefix.add(pair);
      problems.push(
        `${formatLocation(claim.config.locate(['project']))}: the prefix of every resource name, "${namePrefix(claim.config)}" (project "${claim.config.project}" + environment "${claim.config.name}"), ` +
          `is also that of environment ${owner.config.name} (${formatLocation(owner.config.locate(['project']))}: project "${owner.config.project}" + environment "${owner.config.name}") ` +
          `in account ${claim.config.account.id}: every role, secret, log group and load balancer name would clash, starting with ${claim.what}; change project or the file name`,
      );
      continue;
    }
    const other = owner.config === claim.config ? 'this environment' : `environment ${owner.config.name}`;
    problems.push(`${formatLocation(claim.origin)}: ${claim.what} is also ${claim.verb ?? 'created'} by ${other} (${formatLocation(owner.origin)}): ${claim.consequence}`);
  }
  return problems;
}

/** `<project>-<environment>`, as the resolved model derives it for every resource name. */
function namePrefix(config: EnvironmentConfig): string {
  return resolveEnvironment(config).namePrefix;
}

function claimsOf({ config, stack, originOf }: EnvironmentStackNames): NameClaim[] {
  const account = config.account.id;
  const region = String(stack.provider('aws')?.region ?? config.account.region);
  const claims: NameClaim[] = [];
  for (const resource of stack.resources()) {
    if (resource.type === ApiGatewayAccount.tfResourceType) {
      claims.push({
        config,
        id: `${account} ${region} ${resource.type}`,
        what: `the API Gateway account setting (aws_api_gateway_account, the CloudWatch Logs role of account ${account} in ${region})`,
        origin: writtenOr(config.locate(['apiGateway', 'manageAccountCloudWatchRole']), () => config.locate(['services', apiGatewayServiceNames(config.services)[0] ?? ''])),
        verb: 'managed',
        consequence:
          'one setting per account and region, so the last apply wins and destroying either environment resets it for both; set apiGateway.manageAccountCloudWatchRole: false in every environment of the account and region but one',
      });
      continue;
    }
    const unique = UNIQUE_NAMES[resource.type];
    if (!unique || unique.scope === 'vpc' || unique.scope === 'cluster') continue;
    const name = resource.values[unique.argument];
    // A name from a reference is not known before apply; a generated one (`name_prefix`) is unique by construction.
    if (typeof name !== 'string' || name.includes('${')) continue;
    const place = unique.scope === 'global' ? 'S3' : unique.scope === 'account' ? `account ${account}` : `account ${account} in ${region}`;
    claims.push({
      config,
      id: `${unique.scope === 'global' ? '' : account} ${unique.scope === 'region' ? region : ''} ${resource.type} ${name}`,
      what: `${resource.type} ${unique.argument} "${name}"`,
      // The value as the file wrote it (a secret name, a bucket), else the entry the resource was built from.
      origin: config.locateValue(name) ?? writtenOr(originOf(resource.path), () => config.locate(['project'])),
      consequence: unique.error.startsWith('no error')
        ? `names are unique in ${place}, and the second create does not fail (${unique.error}): both stacks then manage one resource; give each environment its own`
        : `names are unique in ${place}, so the second create fails (${unique.error}); give each environment its own`,
    });
  }
  return claims;
}

/**
 * `location` when it has a line, else `fallback`: a resource built from no entry is named from `project` and the file
 * name (point at `project`); the API Gateway account setting is on by default, made for the first API service.
 */
function writtenOr(location: ConfigLocation, fallback: () => ConfigLocation): ConfigLocation {
  return location.line === undefined ? fallback() : location;
}
