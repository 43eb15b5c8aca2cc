import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { parseEnvironment } from '../../lib/config/loader';
import { synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { testEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

const root = path.resolve(__dirname, '../..');
const STG = fs.readFileSync(path.join(root, 'environments', 'stg.yaml'), 'utf8');

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'account-names-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The problems synth reports for these environments together, or [] when it succeeds. */
function synthProblems(configs: EnvironmentConfig[]): string[] {
  try {
    synthesizeEnvironments(configs, path.join(scratch, 'cdktf.out'), addEnvironmentStacks, { today: FIXTURE_TODAY });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).problems.map((problem) => problem.message);
  }
}

/** `line:col` of the value of the first `key:` line of `text` (after the line matching `after`). */
function valueAt(text: string, key: string, after = ''): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.trimStart().startsWith(`${key}:`));
  return `${index + 1}:${lines[index].indexOf(`${key}:`) + key.length + 3}`;
}

const stg = () => parseEnvironment(STG, 'environments/stg.yaml', 'stg', { today: FIXTURE_TODAY });
/** stg copied as a new environment with only the state bucket and the domain changed (issue 25, item 9). */
const COPY = STG.replace('acme-tfstate-stg-222222222222', 'acme-tfstate-qa-222222222222').replace('domain: stg.acme-example.com', 'domain: qa.acme-example.com');
const copy = (text = COPY) => parseEnvironment(text, 'environments/qa.yaml', 'qa', { today: FIXTURE_TODAY });

const api = { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:1.0.0', ingress: 'apigw', containerPort: 8080 };
const own = (env: string) => ({ state: { bucket: `acme-tfstate-${env}` }, dns: { domain: `${env}.acme-example.com`, publicZoneId: `Z0${env.toUpperCase().replace(/-/g, '')}ZONE` } });

describe('names two environments of one account cannot both create', () => {
  test('GIVEN stg copied with only the state bucket and domain changed THEN the secrets and the API Gateway account setting are refused, naming both files and lines', () => {
    const problems = synthProblems([copy(), stg()]);
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        `environments/stg.yaml:${valueAt(STG, 'clientSecretName')}: services.web.oauth2.clientSecretName: aws_secretsmanager_secret name "acme/stg/web/oauth2-client-secret" is also created by environment qa (environments/qa.yaml:${valueAt(COPY, 'clientSecretName')}: services.web.oauth2.clientSecretName): names are unique in account 222222222222 in eu-west-1, so the second create fails (ResourceExistsException); give each environment its own`,
        expect.stringMatching(
          /^environments\/stg\.yaml:\d+:\d+: services\.web\.oauth2\.hmacSecretName: aws_secretsmanager_secret name "acme\/stg\/web\/oauth2-hmac-key" is also created by environment qa \(environments\/qa\.yaml:\d+:\d+: services\.web\.oauth2\.hmacSecretName\)/,
        ),
        expect.stringMatching(
          /^environments\/stg\.yaml:\d+:\d+: services\.api: the API Gateway account setting \(aws_api_gateway_account, the CloudWatch Logs role of account 222222222222 in eu-west-1\) is also managed by environment qa \(environments\/qa\.yaml:\d+:\d+: services\.api\): .*set apiGateway\.manageAccountCloudWatchRole: false in every environment of the account and region but one$/,
        ),
      ]),
    );
  });

  test('GIVEN the copy with its own secret names and the account setting left to stg THEN both synthesize', () => {
    const text = COPY.replace(/acme\/stg\/web\//g, 'acme/qa/web/').concat('apiGateway:\n  manageAccountCloudWatchRole: false\n');
    expect(synthProblems([copy(text), stg()])).toEqual([]);
  });

  test('GIVEN the copy in another account THEN nothing clashes', () => {
    const text = COPY.replace(/222222222222/g, '333333333333');
    expect(synthProblems([copy(text), stg()])).toEqual([]);
  });

  test('GIVEN the copy in another region of the same account THEN the region-wide secret names and account setting do not clash', () => {
    // eu-central-1 has zones a, b and c too; the images and secrets stay in eu-west-1 (ECR and Secrets Manager are read cross-region).
    const text = COPY.replace(/region: eu-west-1/, 'region: eu-central-1').replace(/\[eu-west-1a, eu-west-1b, eu-west-1c\]/, '[eu-central-1a, eu-central-1b, eu-central-1c]');
    expect(synthProblems([copy(text), stg()])).toEqual([]);
  });

  test('GIVEN project "web" with environment "qa-x" and project "web-qa" with environment "x" in one account THEN the joined prefix is refused once, at project', () => {
    const first = testEnvironment({ ...own('first'), project: 'web-qa' }, 'x');
    const second = testEnvironment({ ...own('second'), project: 'web' }, 'qa-x');
    expect(synthProblems([first, second])).toEqual([
      expect.stringMatching(
        /^qa-x\.yaml:1:10: project: the prefix of every resource name, "web-qa-x" \(project "web" \+ environment "qa-x"\), is also that of environment x \(x\.yaml:1:10: project: project "web-qa" \+ environment "x"\) in account 123456789012: .*change project or the file name$/,
      ),
    ]);
  });

  test('GIVEN environment "web" with service "qa-api" and environment "web-qa" with service "api" THEN the IAM role names joined from them clash at the services', () => {
    const first = testEnvironment({ ...own('first'), services: { api: { ...api, ingress: 'none' } } }, 'web-qa');
    const second = testEnvironment({ ...own('second'), services: { 'qa-api': { ...api, ingress: 'none' } } }, 'web');
    // The log groups are /ecs/acme-web-qa/api and /ecs/acme-web/qa-api: a `/` keeps them apart, `-` does not.
    expect(synthProblems([first, second]).sort()).toEqual([
      // PutMetricAlarm would not fail: the second environment would take the first one's alarm over.
      'web.yaml:19:5: services.qa-api: aws_cloudwatch_metric_alarm alarm_name "acme-web-qa-api-tasks-below-desired" is also created by environment web-qa (web-qa.yaml:19:5: services.api): names are unique in account 123456789012 in eu-west-1, and the second create does not fail (no error: PutMetricAlarm replaces the other environment\'s alarm): both stacks then manage one resource; give each environment its own',
      'web.yaml:19:5: services.qa-api: aws_iam_role name "acme-web-qa-api-execution" is also created by environment web-qa (web-qa.yaml:19:5: services.api): names are unique in account 123456789012, so the second create fails (EntityAlreadyExists); give each environment its own',
      'web.yaml:19:5: services.qa-api: aws_iam_role name "acme-web-qa-api-task" is also created by environment web-qa (web-qa.yaml:19:5: services.api): names are unique in account 123456789012, so the second create fails (EntityAlreadyExists); give each environment its own',
    ]);
  });

  test('GIVEN environment "qa" with node group "nodes-xy" and environment "qa-nodes" with node group "xy" THEN the alarm name joined from them is refused: PutMetricAlarm would overwrite it silently', () => {
    const eks = (group: string) => ({
      eks: {
        version: '1.35',
        addons: {
          vpcCni: { version: 'v1.21.1-eksbuild.3' },
          coredns: { version: 'v1.13.2-eksbuild.4' },
          kubeProxy: { version: 'v1.35.3-eksbuild.2' },
          podIdentityAgent: { version: 'v1.3.8-eksbuild.2' },
        },
        nodeGroups: { [group]: { instanceTypes: ['m6i.large'], scaling: { minSize: 1, maxSize: 2 } } },
      },
    });
    const first = testEnvironment({ ...own('first'), ...eks('nodes-xy') }, 'qa');
    const second = testEnvironment({ ...own('second'), ...eks('xy') }, 'qa-nodes');
    expect(synthProblems([first, second])).toEqual([
      expect.stringMatching(
        /^qa-nodes\.yaml:\d+:\d+: eks\.nodeGroups\.xy: aws_cloudwatch_metric_alarm alarm_name "acme-qa-nodes-nodes-xy-none-healthy" is also created by environment qa \(qa\.yaml:\d+:\d+: eks\.nodeGroups\.nodes-xy\): names are unique in account 123456789012 in eu-west-1, and the second create does not fail \(no error: PutMetricAlarm replaces the other environment's alarm\)/,
      ),
    ]);
  });
});
