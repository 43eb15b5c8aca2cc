import type { ConfigProblem } from './config-error';
import type { EnvironmentConfig } from './environment-schema';
import { albAccessLogBucketName } from '../construct-support/naming';
import { s3BucketNameProblem } from '../s3/bucket-name';
import { namePrefixOf } from './derived-values';

/**
 * AWS's rules for the names the stacks build from `project`, the environment
 * name (the file name) and other keys, checked once the file is valid:
 * - every load balancer name begins with `<project>-<env>`, and CreateLoadBalancer refuses names beginning with
 *   `internal-` (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html);
 * - every security group name too, and CreateSecurityGroup refuses names beginning with `sg-`
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html);
 * - the ALB access-log bucket's name must pass S3's naming rules (reserved prefixes such as `sthree-`).
 * DNS names built from `dns.domain` cannot pass 253 characters: the domain is the certificate's CN, at most 64.
 */
export function derivedNameProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const namePrefix = namePrefixOf(config);
  const why = `(the prefix of every resource name is "${namePrefix}", from project and the file name)`;
  if (`${namePrefix}-`.startsWith('internal-')) {
    problems.push(config.problemAt(['project'], `load balancer names may not begin with "internal-", and "${namePrefix}-edge-alb" would ${why}`));
  }
  if (`${namePrefix}-`.startsWith('sg-')) {
    problems.push(config.problemAt(['project'], `security group names may not begin with "sg-", and "${namePrefix}-…" would ${why}`));
  }
  if (Object.values(config.services).some((service) => service.ingress === 'alb')) {
    const bucket = albAccessLogBucketName(namePrefix, config.account.id);
    const problem = s3BucketNameProblem(bucket);
    if (problem) problems.push(config.problemAt(['project'], `the ALB access-log bucket's name is derived from it: ${problem} ${why}`));
  }
  return problems;
}
