import { TerraformJson } from '../helpers/terraform-json';
import { fillSecretCommand, PROXY_SECRET_KIND_TAG } from '../../lib/ecs/proxy-secrets';
import { ecsEnvironmentWithOauth2 as withOauth2, platformOf } from './ecs-fixture';

const nonProduction = withOauth2();
const production = withOauth2({ tier: 'production' });
const ref = TerraformJson.ref;

describe('Envoy proxy secrets', () => {
  describe('GIVEN a web service with TLS ingress and OAuth2, an api service with TLS ingress, a worker without ingress', () => {
    const tf = platformOf(nonProduction);
    const secrets = tf.resources('aws_secretsmanager_secret');

    test('THEN each secret is created once, without a value, and tagged with what it holds', () => {
      expect(secrets.map((s) => [s.values.name, s.values.tags])).toEqual([
        // The pull through cache's Docker Hub credential, classified by the same tag (lib/ecs/image-pull-cache.ts).
        ['ecr-pullthroughcache/acme-test/docker-hub', { [PROXY_SECRET_KIND_TAG]: 'docker-hub-credential' }],
        ['acme/test/envoy-tls', { [PROXY_SECRET_KIND_TAG]: 'tls-pair' }],
        ['acme/test/web/oauth2-client-secret', { [PROXY_SECRET_KIND_TAG]: 'oauth2-client-secret' }],
        ['acme/test/web/oauth2-hmac-key', { [PROXY_SECRET_KIND_TAG]: 'oauth2-hmac-key' }],
      ]);
      expect(tf.count('aws_secretsmanager_secret_version')).toBe(0);
    });

    test('THEN every secret has a guard reading its version list, failing while no version is AWSCURRENT, naming the fill command', () => {
      const guards = tf.dataSources('aws_secretsmanager_secret_versions');
      expect(guards.map((g) => tf.follow(g.values.secret_id).entry.values.name)).toEqual(secrets.map((s) => s.values.name));
      for (const guard of guards) {
        const secret = tf.follow(guard.values.secret_id).entry;
        expect(guard.values.secret_id).toBe(ref(secret, 'arn'));
        const [postcondition, ...more] = guard.values.lifecycle.postcondition;
        expect(more).toEqual([]);
        expect(postcondition.condition).toBe('${try(anytrue([for v in self.versions : contains(v.version_stages, "AWSCURRENT")]), false)}');
        expect(postcondition.error_message).toContain(`Secret ${secret.values.name} has no value`);
        expect(postcondition.error_message).toContain(fillSecretCommand(secret.values.tags[PROXY_SECRET_KIND_TAG], secret.values.name, 'eu-west-1'));
      }
    });

    test('THEN each ECS service depends on the guards of exactly the secrets its sidecar reads, so no task starts on an empty secret', () => {
      const guardOf = (name: string) => tf.dataSources('aws_secretsmanager_secret_versions').find((g) => tf.follow(g.values.secret_id).entry.values.name === name)!.address;
      const guardsOf = (service: string) =>
        tf.resource('aws_ecs_service', `ecs/service-${service}/service`).values.depends_on.filter((d: string) => d.startsWith('data.aws_secretsmanager_secret_versions.'));
      expect(guardsOf('web').sort()).toEqual([guardOf('acme/test/envoy-tls'), guardOf('acme/test/web/oauth2-client-secret'), guardOf('acme/test/web/oauth2-hmac-key')].sort());
      expect(guardsOf('api')).toEqual([guardOf('acme/test/envoy-tls')]);
      expect(guardsOf('worker')).toEqual([]);
    });

    test('THEN the fill commands generate the TLS pair and HMAC key with the repository scripts and read the client secret from the terminal, trimmed', () => {
      expect(fillSecretCommand('tls-pair', 'a/b', 'eu-west-1')).toBe('AWS_REGION=eu-west-1 scripts/put-envoy-tls-secret.sh a/b');
      expect(fillSecretCommand('oauth2-hmac-key', 'a/c', 'eu-west-1')).toBe('AWS_REGION=eu-west-1 scripts/put-random-secret.sh a/c');
      expect(fillSecretCommand('docker-hub-credential', 'ecr-pullthroughcache/a', 'eu-west-1')).toBe(
        'AWS_REGION=eu-west-1 scripts/put-docker-hub-credential.sh ecr-pullthroughcache/a <docker-hub-username>',
      );
      // Not a file:// value: it would keep the file's trailing newline, which Envoy sends (invalid_client).
      expect(fillSecretCommand('oauth2-client-secret', 'a/d', 'eu-west-1')).toBe('AWS_REGION=eu-west-1 scripts/put-oauth2-client-secret.sh a/d');
    });
  });

  test.each([
    ['non-production', nonProduction, 0],
    ['production', production, 30],
  ])('GIVEN tier %s THEN every proxy secret has a %d-day recovery window', (_, config, days) => {
    const windows = platformOf(config)
      .resources('aws_secretsmanager_secret')
      .map((s) => s.values.recovery_window_in_days);
    expect(windows).toEqual([days, days, days, days]);
  });
});
