import * as path from 'path';
import { loadEnvironments } from '../../lib/config/environments';
import { deployRoleOutputs } from '../../scripts/deploy-role';
import { testEnvironment } from '../helpers/environment-fixture';
import { runScript, runScriptInProcess } from '../helpers/run-script';
import { UserError } from '../../lib/util/user-error';

const root = path.resolve(__dirname, '../..');

describe('npm run deploy-role (the role CI assumes through OIDC, from the environment file)', () => {
  test.each(loadEnvironments(path.join(root, 'environments')).map((config) => [config.name, config] as const))(
    "%s: a deploy role in the environment's own account, and its region, as $GITHUB_OUTPUT lines",
    (_name, config) => {
      const output = deployRoleOutputs(config);
      expect(output).toMatch(new RegExp(`^role-arn=arn:aws:iam::${config.account.id}:role/[\\w+=,.@/-]+\\nregion=${config.account.region}\\n$`));
    },
  );

  test('GIVEN no account.deployRoleArn THEN it refuses, naming the file and key', () => {
    expect(() => deployRoleOutputs(testEnvironment())).toThrow(UserError);
    expect(() => deployRoleOutputs(testEnvironment())).toThrow(/^test\.yaml: account\.deployRoleArn: expected the role GitHub's OIDC token assumes to deploy test, got nothing$/);
  });

  test("GIVEN --plan THEN the read-only plan role of the deploy workflow's plan job, or a refusal naming account.planRoleArn", async () => {
    expect(await runScriptInProcess('scripts/deploy-role.ts', ['stg', '--plan'])).toEqual({
      status: 0,
      stdout: 'role-arn=arn:aws:iam::222222222222:role/acme-terraform-plan\nregion=eu-west-1\n',
      stderr: '',
    });
    expect(() => deployRoleOutputs(testEnvironment(), 'plan')).toThrow(/^test\.yaml: account\.planRoleArn: expected the read-only role the deploy workflow plans test with, got nothing$/);
    expect((await runScriptInProcess('scripts/deploy-role.ts', ['stg', '--bogus'])).status).toBe(2);
  });

  test('as the workflow runs it', () => {
    const result = runScript('scripts/deploy-role.ts', ['stg']);
    expect(result).toEqual({ status: 0, stdout: 'role-arn=arn:aws:iam::222222222222:role/acme-terraform-deploy\nregion=eu-west-1\n', stderr: '' });
  });
});
