import { readEnvoyTemplates } from '../../lib/envoy/template-files';
import { ENVOY_TEMPLATES, parseTemplate, renderSection, sourceAt, traceAt } from '../../lib/envoy/templates';
import { UserError } from '../../lib/util/user-error';

const FILE = 'envoy/templates/test.yaml';
const TEMPLATES = readEnvoyTemplates();
const template = (body: string) => parseTemplate('bootstrap', `description: test\n${body}`, FILE, TEMPLATES.bootstrap.partials);

function errorOf(render: () => unknown): string {
  try {
    render();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected an UserError');
}

describe('Envoy templates', () => {
  test('GIVEN !var, !sub, !splice and !include THEN values, strings, list items and partials are rendered', () => {
    const t = template(['items:', '  - name: !sub "egress_${target.name}"', '    port: !var target.port', '    filters: [!splice extra, !include router]'].join('\n'));
    const [item] = renderSection(t, 'items', { target: { name: 'uploads', port: 15001 }, extra: [{ name: 'a' }] }) as any[];
    expect(item).toEqual({
      name: 'egress_uploads',
      port: 15001,
      filters: [{ name: 'a' }, { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router', suppress_envoy_headers: true } }],
    });
    expect(sourceAt([item], [0, 'port'])).toBe(FILE);
    expect(sourceAt([item], [0, 'filters', 1, 'typed_config'])).toBe(`envoy/templates/partials/router.yaml (included by ${FILE})`);
  });

  test('GIVEN traced variables THEN each field they wrote (by !var, !sub or !splice, also inside a partial) traces back to its variable, and no other field does', () => {
    const t = template(
      [
        'items:',
        '  - name: !sub "egress_${target.name}"',
        '    port: !var target.port',
        '    limit: !var limits.buffer',
        '    protocols: !var limits.protocols',
        '    filters: [{ name: a }, !splice limits.extra]',
      ].join('\n'),
    );
    const context = { target: { name: 'uploads', port: 15001 }, limits: { buffer: 1, protocols: ['h2'], extra: [{ name: 'b' }, { name: 'c' }] } };
    const traced = (variable: string) => ['target.name', 'limits.buffer', 'limits.protocols', 'limits.extra'].includes(variable);
    const rendered = renderSection(t, 'items', context, traced);
    expect(traceAt(rendered, [0, 'name'])).toBe('target.name');
    expect(traceAt(rendered, [0, 'limit'])).toBe('limits.buffer');
    // Below a traced field: a list item of a list an override wrote.
    expect(traceAt(rendered, [0, 'protocols', 0])).toBe('limits.protocols');
    expect(traceAt(rendered, [0, 'filters', 2, 'name'])).toBe('limits.extra');
    expect(traceAt(rendered, [0, 'port'])).toBeUndefined();
    expect(traceAt(rendered, [0, 'filters', 0, 'name'])).toBeUndefined();
    expect(traceAt(rendered, [0])).toBeUndefined();
    // Marks are invisible to the output.
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(rendered);
    expect(traceAt(renderSection(t, 'items', context), [0, 'limit'])).toBeUndefined();
  });

  test('GIVEN a traced variable used inside a partial THEN the field the partial renders traces back to it', () => {
    const partial = TEMPLATES.bootstrap.partials['upstream-tls-cluster'];
    expect(partial).toBeDefined();
    const t = template('items: [!include upstream-tls-cluster]');
    const context = {
      values: { bootstrap: { caBundle: '/ca.pem' } },
      upstream: { cluster: 'c', host: 'example.com', port: 443 },
      timeouts: { connect: '1s' },
      circuitBreakers: { maxConnections: 1, maxPendingRequests: 1, maxRequests: 1, maxRetries: 1 },
    };
    const [cluster] = renderSection(t, 'items', context, (variable) => variable === 'values.bootstrap.caBundle') as any[];
    expect(traceAt([cluster], [0, 'transport_socket', 'typed_config', 'common_tls_context', 'validation_context', 'trusted_ca', 'filename'])).toBe('values.bootstrap.caBundle');
  });

  test.each([
    ['an unknown variable', 'items: [{ port: !var target.prot }]', { target: { port: 1 } }, `${FILE}: items[0].port: unknown template variable "target.prot"`],
    ['a variable without value', 'items: [{ port: !var target.port }]', { target: { port: undefined } }, `${FILE}: items[0].port: template variable "target.port" has no value here`],
    ['!splice of a non-list', 'items: [!splice target]', { target: { port: 1 } }, `${FILE}: items[0]: !splice target is not a list`],
    ['!splice outside a list', 'items: { a: !splice target }', { target: [] }, `${FILE}: items.a: !splice is only allowed as a list item`],
    ['!sub of a mapping', 'items: [!sub "x_${target}"]', { target: { port: 1 } }, `${FILE}: items[0]: \${target} is not a string or number`],
    ['a missing partial', 'items: [!include nothing]', {}, 'envoy/templates/partials/nothing.yaml: template file not found'],
  ])('GIVEN %s THEN rendering fails naming the template and the path in it', (_, body, context, message) => {
    expect(errorOf(() => renderSection(template(body), 'items', context))).toBe(message);
  });

  test.each([
    ['a tag without argument', 'items: [!var]', `${FILE}: YAML: !var needs an argument at line 2, column 9:`],
    ['no description', null, `${FILE}: expected a mapping with a "description"`],
    ['a template value that is a mapping', 'values: { limits: { a: 1 } }', `${FILE}: values.limits: expected a string, number, boolean or list of strings`],
  ])('GIVEN %s THEN parsing fails', (_, body, message) => {
    expect(errorOf(() => (body === null ? parseTemplate('bootstrap', 'items: []', FILE) : template(body)))).toBe(message);
  });

  test('GIVEN a section the template does not have THEN rendering says so', () => {
    expect(errorOf(() => renderSection(template('items: []'), 'clusters', {}))).toBe(`${FILE}: clusters: section is missing`);
  });

  test.each(ENVOY_TEMPLATES)('the %s template describes itself and declares only overridable values', (name) => {
    const loaded = TEMPLATES[name];
    expect(loaded.file).toBe(`envoy/templates/${name}.yaml`);
    expect(loaded.description.length).toBeGreaterThan(20);
    expect(Object.keys(loaded.sections).length).toBeGreaterThan(0);
  });
});
