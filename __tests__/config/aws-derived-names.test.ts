import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadEnvironmentFile, parseEnvironment } from '../../lib/config/loader';
import { ENVIRONMENT_NAME, PROJECT_NAME } from '../../lib/config/primitives';
import { environmentDocument, synthEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import type { TerraformJson } from '../helpers/terraform-json';
import { UserError } from '../../lib/util/user-error';

/**
 * AWS's own name rules, from the API references. Every name a stack builds from `project` and the environment name
 * must pass them: a name the API refuses is only found at apply time (plan does not call the API).
 */
const ELB_NAME = /^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/; // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (32, no hyphen at either end)
const ECR_REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/; // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
const ECR_PULL_THROUGH_PREFIX = /^(?=.{2,30}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/; // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/; // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/; // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/; // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/; // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html
/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: 3-63, lowercase, digits, dots, hyphens, a letter or digit at each end, no reserved prefix or suffix. */
const S3_BUCKET = /^(?!xn--|sthree-|amzn-s3-demo-)(?=.{3,63}$)[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;
const S3_BUCKET_RESERVED_SUFFIX = /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/;

/** The names a platform stack builds, with the AWS rule each must pass. */
function derivedNames(platform: TerraformJson): { what: string; name: string; rule: RegExp }[] {
  const literal = (value: unknown): value is string => typeof value === 'string' && !value.includes('${');
  const names: { what: string; name: string; rule: RegExp }[] = [];
  const add = (type: string, argument: string, rule: RegExp) => {
    for (const r of platform.resources(type)) if (literal(r.values[argument])) names.push({ what: `${type} ${r.path} ${argument}`, name: r.values[argument], rule });
  };
  add('aws_lb', 'name', ELB_NAME);
  add('aws_lb_target_group', 'name', ELB_NAME);
  // A target group prefix gets 26 generated characters; what it starts with must start a valid name.
  for (const r of platform.resources('aws_lb_target_group')) {
    if (literal(r.values.name_prefix)) names.push({ what: `aws_lb_target_group ${r.path} name_prefix`, name: `${r.values.name_prefix}${'a'.repeat(26)}`, rule: ELB_NAME });
  }
  add('aws_ecr_pull_through_cache_rule', 'ecr_repository_prefix', ECR_PULL_THROUGH_PREFIX);
  add('aws_ecr_repository', 'name', ECR_REPOSITORY);
  add('aws_secretsmanager_secret', 'name', SECRET_NAME);
  add('aws_cloudwatch_log_group', 'name', LOG_GROUP_NAME);
  add('aws_iam_role', 'name', IAM_ROLE_NAME);
  add('aws_eks_cluster', 'name', EKS_CLUSTER_NAME);
  add('aws_s3_bucket', 'bucket', S3_BUCKET);
  return names;
}

/** dev.yaml (EKS, ECS behind an ALB, API Gateway, pull-through cache) under another project and environment name. */
function synthesizedAs(project: string, environment: string): TerraformJson {
  const document = { ...parse(fs.readFileSync(path.join(__dirname, '../../environments/dev.yaml'), 'utf8')), project };
  return synthEnvironment(parseEnvironment(stringify(document), `${environment}.yaml`, environment, { today: FIXTURE_TODAY })).platform;
}

describe('names derived from project and environment names', () => {
  // The edges of the allowed ranges: shortest, longest, digits, hyphens, and a prefix long enough to be shortened.
  test.each([
    ['ab', 'd'],
    ['acme', 'dev'],
    ['a1-b2', 'stg-eu-1'],
    ['project-name-twenty1', 'environment-16ch'],
    ['x-y-z-a-b-c-d-e-f-gh', 'a-b-c-d-e-f-g-h9'],
  ])('GIVEN project %s and environment %s THEN every name the platform stack builds passes its AWS rule', (project, environment) => {
    expect(PROJECT_NAME.test(project) && ENVIRONMENT_NAME.test(environment)).toBe(true);
    const names = derivedNames(synthesizedAs(project, environment));
    expect(names.map((n) => n.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_ecr_pull_through_cache_rule /), expect.stringMatching(/^aws_s3_bucket /), expect.stringMatching(/^aws_lb /)]),
    );
    const refused = names.filter(({ name, rule }) => !rule.test(name) || (rule === S3_BUCKET && S3_BUCKET_RESERVED_SUFFIX.test(name)));
    expect(refused.map(({ what, name }) => `${what}: ${name}`)).toEqual([]);
  });

  test.each(['acme-', 'acme--x', '-acme', 'Acme', '1acme', 'a', 'project-name-twenty-1'])('GIVEN project %j THEN the file position, what is expected and the value', (project) => {
    let message = '';
    try {
      parseEnvironment(stringify(environmentDocument({ project })), 'environments/bad.yaml', 'bad');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      `environments/bad.yaml:1:10: project: expected a project name of 2-20 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got ${JSON.stringify(project)}`,
    );
  });

  test.each(['dev-', 'dev--eu', '-dev', 'development-eu-west1'])('GIVEN environment file %s.yaml THEN refused at 1:1 saying what is expected', (environment) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'environment-name-'));
    try {
      const file = path.join(dir, `${environment}.yaml`);
      fs.writeFileSync(file, stringify(environmentDocument()));
      expect(() => loadEnvironmentFile(file)).toThrow(
        new RegExp(
          `${environment}\\.yaml:1:1: the file name gives the environment name; expected an environment name of 1-16 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "${environment}"$`,
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
