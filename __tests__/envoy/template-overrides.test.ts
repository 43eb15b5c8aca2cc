import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { resolveEnvironment } from '../../lib/config/resolved-environment';
import { renderEnvoy } from '../../lib/synth/render-envoy';
import { environmentDocument } from '../helpers/environment-fixture';
import { ENVOY_INPUTS } from '../helpers/envoy-inputs';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

const web = { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 };
const load = (overrides: Record<string, unknown>) =>
  parseEnvironment(stringify(environmentDocument({ services: { web }, envoy: { overrides } })), 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY });

/** The messages of the render step's UserError. */
function renderProblems(overrides: Record<string, unknown>): string[] {
  try {
    renderEnvoy([resolveEnvironment(load(overrides))], ENVOY_INPUTS);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message.split('\n');
  }
  throw new Error('expected the overrides to be rejected');
}

describe('Envoy template overrides', () => {
  test('GIVEN overrides of the right shape THEN the schema accepts them without reading templates: lib/config imports only the plain names, types and filter config schemas of lib/envoy', () => {
    expect(() => load({ 'ingress-tls': { bufferLimit: 1 } })).not.toThrow();
    const configFolder = path.join(__dirname, '..', '..', 'lib', 'config');
    for (const file of fs.readdirSync(configFolder)) {
      expect({ file, imports: fs.readFileSync(path.join(configFolder, file), 'utf8').match(/from '\.\.\/envoy\/[^']+'/g) ?? [] }).toEqual({
        file,
        imports: expect.not.arrayContaining([expect.not.stringMatching(/\/(template-names|proxy-spec|http-filter-config)'$/)]),
      });
    }
  });

  test.each([
    [
      'an unknown value',
      { 'ingress-tls': { bufferLimit: 1 } },
      /^environments\/bad\.yaml:\d+:\d+: envoy\.overrides\.ingress-tls\.bufferLimit: envoy\/templates\/ingress-tls\.yaml has no value "bufferLimit"; expected one of: perConnectionBufferLimitBytes, /,
    ],
    [
      'a value of another kind',
      { 'ingress-tls': { perConnectionBufferLimitBytes: '32KiB' } },
      /^environments\/bad\.yaml:\d+:\d+: envoy\.overrides\.ingress-tls\.perConnectionBufferLimitBytes: expected a number like the template's default 32768, got "32KiB"$/,
    ],
  ])('GIVEN an override of %s THEN the render step reports it at its position in the environment file', (_, overrides, message) => {
    const [problem] = renderProblems(overrides);
    expect(problem).toMatch(message);
    const text = stringify(environmentDocument({ services: { web }, envoy: { overrides } }));
    const key = Object.keys(Object.values(overrides)[0])[0];
    const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;
    expect(problem).toMatch(new RegExp(`^environments/bad\\.yaml:${line}:\\d+: `));
  });
});
