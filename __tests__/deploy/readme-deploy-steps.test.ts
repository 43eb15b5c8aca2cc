import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deploySteps, formatSteps } from '../../tools/deploy/deploy-steps';
import { synthesizeEnvironment } from '../../tools/deploy/synthesize-environment';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';

const root = path.resolve(__dirname, '../..');
let steps: string;

beforeAll(() => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-deploy-steps-'));
  try {
    const env = synthesizeEnvironment(root, 'dev', scratch, addEnvironmentStacks);
    steps = formatSteps(env, deploySteps(env));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

describe('npm run deploy:steps -- dev', () => {
  test('GIVEN the README THEN its section "First deploy of an environment" is exactly the output', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = /\n### First deploy of an environment\n\n([\s\S]*?)\n(?=#{2,3} )/.exec(readme)?.[1];
    // On a mismatch: npm run -s deploy:steps -- dev, and paste the output under the heading.
    expect(section).toBe(steps);
  });

  test('THEN the steps run in the order credentials, EKS add-on builds, bootstrap, secret containers, secret values, image cache, image digest, platform, steady state, rollouts, no changes, and say what each waits for', () => {
    const titles = [...steps.matchAll(/^\d+\. \*\*(.+)\*\*$/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      'Synthesize dev',
      'Credentials of account 111111111111',
      'EKS add-on builds for Kubernetes 1.35',
      'Bootstrap (dev-bootstrap): the state bucket',
      'Secret containers of dev-platform, without values',
      'Secret values',
      'Envoy image cache: the pull through cache rule and repository',
      'Envoy image: warm the cache by tag, read the digest',
      'Platform (dev-platform)',
      'ECS services at steady state (api, web, worker)',
      'ECS rollouts: each service on the task definition just applied',
      'No changes after the apply (dev-platform)',
    ]);
    expect(steps.match(/^ +Waits for: .+\.$/gm)).toHaveLength(titles.length);
    // Indented to each item's text (4 spaces from 10. on): the code block and "Waits for" stay inside the list item.
    for (const item of steps.split(/^(?=\d+\. )/m).slice(1)) {
      const indent = ' '.repeat(/^\d+\. /.exec(item)![0].length);
      expect(item).toContain(`\n\n${indent}\`\`\`sh\n`);
      expect(item).toMatch(new RegExp(`\\n${indent}Waits for: `));
    }
    expect(steps).toContain('terraform.dev-bootstrap.tfstate at the project root');
    expect(steps).toContain('(docs/state.md)');
    // The digest read by the warming step is what the platform apply pins.
    expect(steps).toContain('ENVOY_IMAGE_DIGEST=$(aws ecr describe-images --region eu-west-1 --repository-name acme-dev/docker-hub/envoyproxy/envoy --image-ids imageTag=v1.38.9 ');
    expect(steps).toContain('terraform -chdir=cdktf.out/stacks/dev-platform apply -input=false -var "envoy_image_digest=$ENVOY_IMAGE_DIGEST"\n');
    // The plan after the apply passes the apply's variables.
    expect(steps).toContain('terraform -chdir=cdktf.out/stacks/dev-platform plan -detailed-exitcode -input=false -var "envoy_image_digest=$ENVOY_IMAGE_DIGEST"\n');
    expect(steps).toMatch(/`ecr-pullthroughcache\/acme-dev\/docker-hub` \(docker-hub-credential\), put from DOCKERHUB_USERNAME and DOCKERHUB_TOKEN when set \(CI\)/);
  });
});
