import * as fs from 'fs';
import * as path from 'path';
import { SynthesizedStack } from '../../lib/terraform-json/synthesized-stack';
import { exampleSynth } from '../helpers/example-synth';

/**
 * A load balancer whose security group is replaced before it is destroyed (create_before_destroy) must not switch to
 * the new group before the group's rules exist: every aws_lb depends on every security group rule that names one of
 * its groups, on either side (the group's own rules, and the targets' ingress from it). Walks the synthesized JSON of
 * every example environment, so a rule added anywhere later is covered.
 */
const ENVIRONMENTS = ['dev', 'stg', 'prod'];
const RULE_TYPES = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];
const platforms: Record<string, SynthesizedStack> = {};

beforeAll(() => {
  // The run's shared synthesis of the examples: read only.
  const output = exampleSynth(ENVIRONMENTS).outdir;
  for (const environment of ENVIRONMENTS) {
    platforms[environment] = SynthesizedStack.parse(fs.readFileSync(path.join(output, 'stacks', `${environment}-platform`, 'cdk.tf.json'), 'utf8'));
  }
});

/** `${aws_security_group.x.id}` -> `aws_security_group.x` */
const groupAddress = (reference: unknown) => (typeof reference === 'string' ? /^\$\{(aws_security_group\.[^.}]+)\.id\}$/.exec(reference)?.[1] : undefined);

describe.each(ENVIRONMENTS)('GIVEN %s synthesized', (environment) => {
  test('THEN every load balancer depends on each rule that names its (create-before-destroy) security group, on either side', () => {
    const platform = platforms[environment];
    const loadBalancers = platform.resources('aws_lb');
    expect(loadBalancers.length).toBeGreaterThan(0);
    const rules = RULE_TYPES.flatMap((type) => platform.resources(type));
    for (const lb of loadBalancers) {
      const groups = (lb.values.security_groups as string[]).map(groupAddress);
      expect(groups.every(Boolean)).toBe(true);
      for (const group of groups) expect([group, platform.at(group!)?.values.lifecycle?.create_before_destroy]).toEqual([group, true]);
      const naming = rules.filter((rule) => groups.includes(groupAddress(rule.values.security_group_id)) || groups.includes(groupAddress(rule.values.referenced_security_group_id)));
      expect(naming.length).toBeGreaterThan(0);
      expect({ lb: lb.address, dependsOn: lb.values.depends_on ?? [] }).toEqual({ lb: lb.address, dependsOn: expect.arrayContaining(naming.map((rule) => rule.address)) });
    }
  });
});
