import * as fs from 'fs';
import * as path from 'path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, stringify } from 'yaml';
import { formatLocation } from '../../lib/config/config-error';
import { loadEnvironments } from '../../lib/config/environments';
import { parseEnvironment } from '../../lib/config/loader';
import { originOf } from '../../lib/construct-support/config-origin';
import { buildApp, POLICY_REPORT_FILE, synthesizeEnvironments } from '../../lib/synth/synthesize';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';
import { ENVOY_INPUTS } from '../helpers/envoy-inputs';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';
import { scratchDir } from '../helpers/scratch';

const root = path.resolve(__dirname, '../..');
const scratch = () => path.join(scratchDir('finding-origins-'), 'cdktf.out');

/** The problems synth stops with (UserError), one per line. */
function guardrailProblems(config: ReturnType<typeof testEnvironment>): string[] {
  try {
    synthesizeEnvironments([config], scratch(), addEnvironmentStacks, { today: FIXTURE_TODAY });
  } catch (error) {
    if (error instanceof UserError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected synth to stop with a UserError');
}

/** Line `line` (1-based) of the YAML text of a test document. */
const lineOf = (document: Record<string, unknown>, line: number) => stringify(document).split('\n')[line - 1];

/**
 * `environments/stg.yaml:line:col: key.path` of a key, found by its own YAML parse (not the loader's
 * index), so the expectations follow edits of the example file.
 */
function at(keyPath: string): string {
  const file = path.join(root, 'environments', 'stg.yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter });
  let node: unknown = document.contents;
  let offset = -1;
  for (const segment of keyPath.split('.')) {
    if (!isMap(node)) throw new Error(`${keyPath}: ${segment} is not under a map`);
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
    if (!pair || !isNode(pair.value)) throw new Error(`${keyPath}: no ${segment}`);
    // Positions are the value's, as in schema errors.
    offset = pair.value.range![0];
    node = pair.value;
  }
  const { line, col } = lineCounter.linePos(offset);
  return `environments/stg.yaml:${line}:${col}: ${keyPath}`;
}

describe('where a resource of the synthesized stacks is configured', () => {
  const [stg] = loadEnvironments(path.join(root, 'environments'), ['stg'], { today: FIXTURE_TODAY });
  const outdir = scratchDir('finding-origins-');
  const { environments } = buildApp([stg], outdir, addEnvironmentStacks, ENVOY_INPUTS);
  const origins = environments[0].origins!;
  const where = (stack: string, resourcePath: string) => formatLocation(stg.locate(originOf(origins[stack], resourcePath) ?? []));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each([
    ['stg-platform', 'ecs/service-web/task', at('services.web')],
    ['stg-platform', 'ecs/edge/service-web/target-group', at('services.web')],
    ['stg-platform', 'ecs/service-worker/roles/task-policy', at('services.worker')],
    ['stg-platform', 'apigw/listener-api/listener', at('services.api')],
    ['stg-platform', 'apigw/api-api/stage', at('services.api')],
    ['stg-platform', 'eks/spot-general/launch-template', at('eks.nodeGroups.spot-general')],
    ['stg-platform', 'eks/addon-vpc-cni', at('eks.addons.vpcCni')],
    ['stg-platform', 'eks/cluster/cluster', at('eks')],
    ['stg-platform', 'network/flow-log', at('network.vpc')],
    ['stg-platform', 'ecs/cluster/cluster', at('ecs')],
    // Filled by defaults: the closest written parent.
    ['stg-platform', 'ecs/edge/alb', at('ecs')],
    ['stg-platform', 'dns/edge-certificate/certificate', at('dns')],
    ['stg-platform', 'terraform', at('state')],
    ['stg-bootstrap', 'state/bucket', at('state')],
    // From no single entry: the file alone.
    ['stg-platform', 'log-key/key', 'environments/stg.yaml'],
    ['stg-platform', 'ecs/proxy-secrets/acme-stg-envoy-tls', 'environments/stg.yaml'],
  ])('GIVEN stg THEN %s %s is configured at %s', (stack, resourcePath, expected) => {
    expect(where(stack, resourcePath)).toBe(expected);
  });

  test('the origins come from the construct tree: the bootstrap stack (local backend) records only its state bucket', () => {
    expect([...origins['stg-bootstrap'].keys()]).toEqual(['state']);
    expect(origins['stg-platform'].get('ecs/service-web')).toEqual(['services', 'web']);
  });
});

describe('errors found after schema validation point at the environment file', () => {
  test('GIVEN a service image from a public registry THEN the blocking finding names the service entry at file:line:col', () => {
    const config = testEnvironment({ services: { web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 } } });
    const problems = guardrailProblems(config);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^test\.yaml:19:5: services\.web: test-platform: ecs-image-private-registry: aws_ecs_task_definition ecs\/service-web\/task: images not from a private ECR registry: app \(acme\/app:1\.0\.0\) \(why: /,
    );
    // Line 19, column 5 is where the entry's value starts, as for schema errors.
    expect(lineOf(environmentDocument({ services: { web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 } } }), 19)).toBe('    image: acme/app:1.0.0');
  });

  test('GIVEN a stale suppression after a used one THEN it is reported at its own line:col, with its index', () => {
    const changes = {
      services: { web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 } },
      guardrails: {
        suppressions: [
          { rule: 'ecs-image-private-registry', resource: 'ecs/service-web/task', reason: 'the image is mirrored by the registry team' },
          { rule: 'alb-access-logs', resource: 'ecs/edge/alb', reason: 'logs go to the audit account instead' },
        ],
      },
    };
    expect(lineOf(environmentDocument(changes), 27)).toBe('    - rule: alb-access-logs');
    expect(guardrailProblems(testEnvironment(changes))).toEqual(['test.yaml:27:7: guardrails.suppressions[1]: alb-access-logs for platform/ecs/edge/alb matches no non-compliant resource; remove it']);
  });

  test('GIVEN a suppressed finding THEN the policy report shows where the resource is configured', () => {
    const outdir = scratch();
    const config = testEnvironment({
      services: { web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 } },
      guardrails: { suppressions: [{ rule: 'ecs-image-private-registry', resource: 'ecs/service-web/task', reason: 'the image is mirrored by the registry team' }] },
    });
    synthesizeEnvironments([config], outdir, addEnvironmentStacks, { today: FIXTURE_TODAY });
    expect(fs.readFileSync(path.join(outdir, POLICY_REPORT_FILE), 'utf8')).toContain(
      '| test-platform | ecs-image-private-registry | `ecs/service-web/task` | test.yaml:19:5: services.web | suppressed: the image is mirrored by the registry team |',
    );
  });

  test('GIVEN a token pasted as an OAuth2 client id THEN every secret-scan hit names the value in the environment file', () => {
    const token = `ghp_${'A1b2'.repeat(9)}`;
    const config = testEnvironment({
      services: {
        web: {
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.0.0',
          ingress: 'alb',
          containerPort: 8080,
          oauth2: {
            authorizationEndpoint: 'https://login.example.com/oauth2/authorize',
            tokenEndpoint: 'https://login.example.com/oauth2/token',
            clientId: token,
            clientSecretName: 'acme/test/web/client-secret',
            hmacSecretName: 'acme/test/web/hmac',
          },
        },
      },
    });
    const problems = guardrailProblems(config);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^test\.yaml:25:17: services\.web\.oauth2\.clientId: secret scan: stacks\/test-platform\/.+: looks like a GitHub token$/);
  });
});

describe('EnvironmentConfig.locateValue', () => {
  const config = parseEnvironment(stringify(environmentDocument({ tags: { note: 'deploy-key-1234567890', short: 'abc', url: 'https://example.com/a' } })), 'environments/x.yaml', 'x', {
    today: FIXTURE_TODAY,
  });
  test.each([
    ['a value written as is', 'deploy-key-1234567890', 'environments/x.yaml:18:9: tags.note'],
    ['an output value holding a written one', 'prefix deploy-key-1234567890 suffix', 'environments/x.yaml:18:9: tags.note'],
    ['an output value of which a written one is less than half', `https://user:${'p'.repeat(20)}@deploy-key-1234567890`, undefined],
    ['a line of a written value', 'key-1234567890', 'environments/x.yaml:18:9: tags.note'],
    ['an output value shorter than 8 characters', 'abc', undefined],
    ['a value the file does not hold', 'not-in-the-file-at-all', undefined],
  ])('GIVEN %s THEN its position is %s', (_, value, expected) => {
    const location = config.locateValue(value);
    expect(location && formatLocation(location)).toBe(expected);
  });
});
