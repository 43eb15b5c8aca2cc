import * as fs from 'fs';
import * as path from 'path';
import { deployedEnvoyDigest, unpinnedEnvoyRepositories } from '../../tools/stack-plan/deployed-digest';
import { exampleSynth } from '../helpers/example-synth';

/** Reading the deployed Envoy digest from `terraform state pull` output (the platform plan of a pull request). */
const REPOSITORY = 'acme-stg/docker-hub/envoyproxy/envoy';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const taskDefinition = (...images: string[]) => ({
  mode: 'managed',
  type: 'aws_ecs_task_definition',
  name: 't',
  instances: [{ attributes: { container_definitions: JSON.stringify(images.map((image, i) => ({ name: `c${i}`, image }))) } }],
});
const stateOf = (...resources: unknown[]) => JSON.stringify({ version: 4, resources });
const envoy = (d: string) => `222222222222.dkr.ecr.eu-west-1.amazonaws.com/${REPOSITORY}@${d}`;

describe('deployedEnvoyDigest', () => {
  test('GIVEN an empty state (a new environment) THEN none', () => {
    expect(deployedEnvoyDigest('', [REPOSITORY])).toBeUndefined();
  });

  test('GIVEN task definitions left at two digests by a half-finished deploy THEN the most common one', () => {
    const state = stateOf(taskDefinition(envoy(digest('b'))), taskDefinition(envoy(digest('c'))), taskDefinition(envoy(digest('c'))));
    expect(deployedEnvoyDigest(state, [REPOSITORY])).toBe(digest('c'));
  });

  test('GIVEN only images of other repositories (the app pinned by digest, another cache repository) THEN none', () => {
    const state = stateOf(taskDefinition(`222222222222.dkr.ecr.eu-west-1.amazonaws.com/acme/api@${digest('a')}`, envoy(digest('b')).replace('acme-stg', 'acme-old')));
    expect(deployedEnvoyDigest(state, [REPOSITORY])).toBeUndefined();
  });

  test('unpinnedEnvoyRepositories: the envoy_image_cache entries the variable pins (empty digest)', () => {
    const output = {
      envoy_image_cache: {
        value: [
          { repository: REPOSITORY, tag: 'v1.38.9', digest: '' },
          { repository: 'x/pinned', tag: 'v1', digest: digest('f') },
        ],
      },
    };
    expect(unpinnedEnvoyRepositories({ output })).toEqual([REPOSITORY]);
  });
});

describe('against the synthesized dev platform stack (the image format of lib/ecs)', () => {
  test('GIVEN a state holding the task definitions as synthesized, with a real digest for the variable THEN that digest is found', () => {
    {
      // The run's shared synthesis of the examples: read only.
      const out = exampleSynth(['dev']).outdir;
      const platform = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'dev-platform', 'cdk.tf.json'), 'utf8'));
      const repositories = unpinnedEnvoyRepositories(platform);
      expect(repositories).toHaveLength(1);
      const deployed = digest('9');
      const definitions = Object.values(platform.resource.aws_ecs_task_definition as Record<string, { container_definitions: string }>);
      expect(definitions.length).toBeGreaterThan(0);
      // What apply stores: the definitions with var.envoy_image_digest resolved.
      const resources = definitions.map((d) => ({
        mode: 'managed',
        type: 'aws_ecs_task_definition',
        name: 't',
        instances: [{ attributes: { container_definitions: d.container_definitions.replace(/\$\{var\.envoy_image_digest\}/g, deployed) } }],
      }));
      expect(resources.every((r) => r.instances[0].attributes.container_definitions.includes(`/${repositories[0]}@${deployed}`))).toBe(true);
      expect(deployedEnvoyDigest(stateOf(...resources), repositories)).toBe(deployed);
    }
  }, 120_000);
});
