import { attributeChanges } from '../../tools/pull-request/attribute-changes';

const changed = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  attributeChanges(before, after).map((c) => ({ path: c.path, attribute: c.attribute, before: c.before, after: c.after }));

describe('attributeChanges', () => {
  test('GIVEN a changed nested block attribute THEN the path shows the index and the attribute leaves it out', () => {
    expect(changed({ vpc_config: [{ subnet_ids: ['a'], endpoint_private_access: true }] }, { vpc_config: [{ subnet_ids: ['a', 'b'], endpoint_private_access: true }] })).toEqual([
      { path: 'vpc_config[0].subnet_ids', attribute: 'vpc_config.subnet_ids', before: ['a'], after: ['a', 'b'] },
    ]);
  });

  test('GIVEN an added and a removed argument THEN the missing side is undefined', () => {
    expect(changed({ name: 'a' }, { name_prefix: 'a-' })).toEqual([
      { path: 'name', attribute: 'name', before: 'a', after: undefined },
      { path: 'name_prefix', attribute: 'name_prefix', before: undefined, after: 'a-' },
    ]);
  });

  test('GIVEN a JSON document in a string THEN only the changed leaf inside it is reported, named elements by name', () => {
    const definitions = (image: string, order: 'app-first' | 'envoy-first') => {
      const app = { name: 'app', image, environment: [{ name: 'LOG_LEVEL', value: 'info' }] };
      const envoy = { name: 'envoy', image: 'envoyproxy/envoy:v1.31.2' };
      return { container_definitions: JSON.stringify(order === 'app-first' ? [app, envoy] : [envoy, app]) };
    };
    expect(changed(definitions('nginx:1.27', 'app-first'), definitions('nginx:1.28', 'envoy-first'))).toEqual([
      { path: 'container_definitions::[app].image', attribute: 'container_definitions', before: 'nginx:1.27', after: 'nginx:1.28' },
    ]);
  });

  test('GIVEN an HCL expression that only looks like JSON THEN it is compared as text', () => {
    expect(changed({ policy: '{${jsonencode(a)}' }, { policy: '{${jsonencode(b)}' })).toEqual([{ path: 'policy', attribute: 'policy', before: '{${jsonencode(a)}', after: '{${jsonencode(b)}' }]);
  });

  test('GIVEN equal values with reordered map keys THEN there is no change', () => {
    expect(changed({ tags: { a: '1', b: '2' } }, { tags: { b: '2', a: '1' } })).toEqual([]);
  });
});
